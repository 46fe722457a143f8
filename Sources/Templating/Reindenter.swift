/// Re-indents template text, as partials and blocks require: at every line start of the
/// template's own text (not of interpolated values), `remove` is taken off when present and `add`
/// is put on. Empty lines get no indentation, so output has no trailing whitespace.
struct Reindenter {
    let remove: [UInt8]
    let add: [UInt8]

    func apply(_ nodes: [Node], atLineStart: inout Bool) -> [Node] {
        var result: [Node] = []
        for node in nodes {
            switch node {
            case .text(let bytes):
                result.append(.text(reindent(bytes, atLineStart: &atLineStart)))
            case .variable:
                if atLineStart && !add.isEmpty { result.append(.text(add)) }
                atLineStart = false
                result.append(node)
            case .section(var section):
                if atLineStart && !section.openStandalone && !add.isEmpty {
                    result.append(.text(add))
                    atLineStart = false
                }
                section.nodes = apply(section.nodes, atLineStart: &atLineStart)
                if section.closeStandalone { atLineStart = true }
                result.append(.section(section))
            case .partial(var inclusion):
                if inclusion.standalone {
                    inclusion.indentation = adjust(inclusion.indentation)
                } else if atLineStart && !add.isEmpty {
                    result.append(.text(add))
                }
                atLineStart = inclusion.standalone
                result.append(.partial(inclusion))
            case .parent(var inclusion, let blocks):
                if inclusion.standalone {
                    inclusion.indentation = adjust(inclusion.indentation)
                } else if atLineStart && !add.isEmpty {
                    result.append(.text(add))
                }
                atLineStart = inclusion.standalone
                result.append(.parent(inclusion, blocks: blocks))
            case .block(var block):
                if block.openStandalone || block.singleLine {
                    block.tagIndentation = adjust(block.tagIndentation)
                    var inner = block.openStandalone
                    block.nodes = apply(block.nodes, atLineStart: &inner)
                    atLineStart = block.closeStandalone || (block.singleLine ? false : inner)
                } else {
                    if atLineStart && !add.isEmpty {
                        result.append(.text(add))
                        atLineStart = false
                    }
                    block.nodes = apply(block.nodes, atLineStart: &atLineStart)
                    if block.closeStandalone { atLineStart = true }
                }
                result.append(.block(block))
            }
        }
        return result
    }

    /// An indentation as seen from the new position: `remove` taken off its start, `add` put on.
    func adjust(_ indentation: [UInt8]) -> [UInt8] {
        add + (indentation.starts(with: remove) ? Array(indentation.dropFirst(remove.count)) : indentation)
    }

    func reindent(_ bytes: [UInt8], atLineStart: inout Bool) -> [UInt8] {
        var result: [UInt8] = []
        result.reserveCapacity(bytes.count + add.count)
        var index = 0
        while index < bytes.count {
            if atLineStart {
                if bytes[index...].starts(with: remove) { index += remove.count }
                atLineStart = false
                if index < bytes.count && bytes[index] != 0x0A && bytes[index] != 0x0D {
                    result.append(contentsOf: add)
                } else if index >= bytes.count {
                    // The text ended right at a line start; the next node starts the line.
                    atLineStart = true
                    break
                }
                continue
            }
            let byte = bytes[index]
            result.append(byte)
            if byte == 0x0A { atLineStart = true }
            index += 1
        }
        return result
    }
}
