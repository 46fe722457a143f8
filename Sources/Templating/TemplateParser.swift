/// Turns template text into nodes in three passes: tokens (text split at line ends, and tags),
/// standalone lines (tags alone on a line take the line with them), then the nested tree.
struct TemplateParser {
    let source: [UInt8]
    let name: String
    var delimiters: Delimiters

    struct Token {
        enum Kind {
            case text, variable, unescaped, section, inverted, close, comment, partial, parent, block, setDelimiters
        }
        var kind: Kind
        var bytes: [UInt8] = []
        var content = ""
        var dynamic = false
        var location = Location(line: 0, column: 0)
        var start = 0
        var end = 0
        var delimiters = Delimiters.standard
        var removed = false
        var standalone = false
        var singleLine = false
        var indentation: [UInt8] = []

        var isStandaloneKind: Bool {
            switch self.kind {
            case .section, .inverted, .close, .comment, .partial, .parent, .block, .setDelimiters: true
            case .text, .variable, .unescaped: false
            }
        }
    }

    init(source: [UInt8], name: String, delimiters: Delimiters = .standard) {
        self.source = source
        self.name = name
        self.delimiters = delimiters
    }

    func error(_ message: String, at location: Location) -> TemplateError {
        TemplateError(template: name, line: location.line, column: location.column, message: message)
    }

    mutating func parse() throws(TemplateError) -> [Node] {
        var tokens = try tokenize()
        markStandaloneLines(&tokens)
        return try build(tokens)
    }

    // MARK: Tokens

    mutating func tokenize() throws(TemplateError) -> [Token] {
        var tokens: [Token] = []
        var index = 0
        var line = 1
        var lineStart = 0

        func column(of offset: Int) -> Int {
            var column = 1
            var cursor = lineStart
            while cursor < offset {
                if source[cursor] & 0xC0 != 0x80 { column += 1 }
                cursor += 1
            }
            return column
        }
        func appendText(_ start: Int, _ end: Int) {
            var pieceStart = start
            var cursor = start
            while cursor < end {
                if source[cursor] == 0x0A {
                    tokens.append(Token(kind: .text, bytes: Array(source[pieceStart...cursor])))
                    line += 1
                    lineStart = cursor + 1
                    pieceStart = cursor + 1
                }
                cursor += 1
            }
            if pieceStart < end { tokens.append(Token(kind: .text, bytes: Array(source[pieceStart..<end]))) }
        }

        while index < source.count {
            guard let open = find(delimiters.open, from: index) else {
                appendText(index, source.count)
                break
            }
            appendText(index, open)
            let location = Location(line: line, column: column(of: open))
            var cursor = open + delimiters.open.count
            var kind = Token.Kind.variable
            var closing = delimiters.close
            if cursor < source.count {
                switch source[cursor] {
                case UInt8(ascii: "{"):
                    kind = .unescaped
                    closing = [UInt8(ascii: "}")] + delimiters.close
                case UInt8(ascii: "&"): kind = .unescaped
                case UInt8(ascii: "#"): kind = .section
                case UInt8(ascii: "^"): kind = .inverted
                case UInt8(ascii: "/"): kind = .close
                case UInt8(ascii: "!"): kind = .comment
                case UInt8(ascii: ">"): kind = .partial
                case UInt8(ascii: "<"): kind = .parent
                case UInt8(ascii: "$"): kind = .block
                case UInt8(ascii: "="):
                    kind = .setDelimiters
                    closing = [UInt8(ascii: "=")] + delimiters.close
                default: break
                }
                if kind != .variable { cursor += 1 }
            }
            guard let closeAt = find(closing, from: cursor) else {
                let shown = String(decoding: source[open..<min(open + 20, source.count)], as: UTF8.self)
                throw error(
                    "The tag '\(shown)' opened at \(location.line):\(location.column) is never closed; add '\(String(decoding: closing, as: UTF8.self))'.",
                    at: location)
            }
            var token = Token(
                kind: kind, location: location, start: open, end: closeAt + closing.count, delimiters: delimiters)
            var content = String(decoding: source[cursor..<closeAt], as: UTF8.self).trimmingSpaces()
            if kind == .partial || kind == .parent, content.hasPrefix("*") {
                token.dynamic = true
                content = String(content.dropFirst()).trimmingSpaces()
            }
            token.content = content
            if kind != .comment && kind != .setDelimiters && content.isEmpty {
                throw error(
                    "The tag at \(location.line):\(location.column) has no name; write a name between the delimiters.",
                    at: location)
            }
            if kind == .setDelimiters {
                delimiters = try newDelimiters(content, at: location)
            }
            // Tags may span lines (comments do); keep line numbers right.
            for offset in cursor..<closeAt where source[offset] == 0x0A {
                line += 1
                lineStart = offset + 1
            }
            tokens.append(token)
            index = token.end
        }
        return tokens
    }

    func newDelimiters(_ content: String, at location: Location) throws(TemplateError) -> Delimiters {
        let parts = content.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" })
        guard parts.count == 2, !parts.contains(where: { $0.contains("=") }) else {
            throw error(
                "The delimiter change '{{=\(content)=}}' at \(location.line):\(location.column) needs two delimiters separated by a space, without '=', e.g. {{=<% %>=}}.",
                at: location)
        }
        return Delimiters(open: Array(parts[0].utf8), close: Array(parts[1].utf8))
    }

    func find(_ needle: [UInt8], from start: Int) -> Int? {
        guard let first = needle.first, needle.count <= source.count else { return nil }
        var index = start
        let last = source.count - needle.count
        while index <= last {
            if source[index] == first {
                var matched = true
                var offset = 1
                while offset < needle.count {
                    if source[index + offset] != needle[offset] {
                        matched = false
                        break
                    }
                    offset += 1
                }
                if matched { return index }
            }
            index += 1
        }
        return nil
    }

    // MARK: Standalone lines

    /// A line holding only whitespace and tags other than interpolations is standalone: its
    /// whitespace and line end are removed, and the whitespace before the tags becomes their
    /// indentation. A block opened and closed on one such line keeps the line end, so content
    /// expanded into it ends its line.
    func markStandaloneLines(_ tokens: inout [Token]) {
        var lineBegin = 0
        for index in tokens.indices {
            let endsLine = tokens[index].kind == .text && tokens[index].bytes.last == 0x0A
            if endsLine || index == tokens.count - 1 {
                markLine(lineBegin...index, in: &tokens)
                lineBegin = index + 1
            }
        }
    }

    func markLine(_ range: ClosedRange<Int>, in tokens: inout [Token]) {
        var tags: [Int] = []
        for index in range {
            let token = tokens[index]
            if token.kind == .text {
                guard token.bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) else { return }
            } else {
                guard token.isStandaloneKind else { return }
                tags.append(index)
            }
        }
        guard let firstTag = tags.first else { return }
        let indentation = range.lowerBound < firstTag ? tokens[range.lowerBound].bytes : []
        let singleLine =
            tags.count == 2 && tokens[tags[0]].kind == .block && tokens[tags[1]].kind == .close
            && tokens[tags[0]].content == tokens[tags[1]].content
        for index in range where tokens[index].kind == .text {
            if singleLine && index > firstTag { continue }
            tokens[index].removed = true
        }
        for index in tags {
            tokens[index].indentation = indentation
            if singleLine {
                tokens[index].singleLine = true
            } else {
                tokens[index].standalone = true
            }
        }
    }

    // MARK: Tree

    struct Frame {
        var token: Token
        var nodes: [Node] = []
        var blocks: [String: Block] = [:]
    }

    func build(_ tokens: [Token]) throws(TemplateError) -> [Node] {
        var stack: [Frame] = [Frame(token: Token(kind: .text))]
        func append(_ node: Node) {
            if case .text(let bytes) = node, case .text(let previous)? = stack[stack.count - 1].nodes.last {
                stack[stack.count - 1].nodes[stack[stack.count - 1].nodes.count - 1] = .text(previous + bytes)
            } else {
                stack[stack.count - 1].nodes.append(node)
            }
        }
        for token in tokens where !token.removed {
            switch token.kind {
            case .text:
                append(.text(token.bytes))
            case .variable, .unescaped:
                append(.variable(TagName(token.content), escaped: token.kind == .variable, token.location))
            case .comment, .setDelimiters:
                break
            case .section, .inverted, .parent, .block:
                stack.append(Frame(token: token))
            case .partial:
                append(.partial(inclusion(token)))
            case .close:
                guard stack.count > 1 else {
                    throw error(
                        "The closing tag '\(token.content)' at \(token.location.line):\(token.location.column) has no open section; remove it or open one with {{#\(token.content)}}.",
                        at: token.location)
                }
                let frame = stack.removeLast()
                let open = frame.token
                guard open.content == token.content else {
                    throw error(
                        "\(describe(open.kind)) '\(open.content)' opened at \(open.location.line):\(open.location.column) is closed by '\(token.content)' at \(token.location.line):\(token.location.column); close it with {{/\(open.content)}}.",
                        at: token.location)
                }
                switch open.kind {
                case .parent:
                    append(.parent(inclusion(open), blocks: frame.blocks))
                case .block:
                    let block = Block(
                        name: open.content, nodes: frame.nodes, openStandalone: open.standalone,
                        closeStandalone: token.standalone, singleLine: open.singleLine,
                        tagIndentation: open.indentation,
                        location: open.location)
                    if stack[stack.count - 1].token.kind == .parent {
                        stack[stack.count - 1].blocks[block.name] = block
                    } else {
                        append(.block(block))
                    }
                default:
                    let raw = String(decoding: source[open.end..<token.start], as: UTF8.self)
                    append(
                        .section(
                            Section(
                                name: TagName(open.content), nodes: frame.nodes, inverted: open.kind == .inverted,
                                lambdaSource: LambdaSource(raw: raw, delimiters: open.delimiters),
                                location: open.location, openStandalone: open.standalone,
                                closeStandalone: token.standalone)))
                }
            }
        }
        if stack.count > 1, let open = stack.last?.token {
            throw error(
                "\(describe(open.kind)) '\(open.content)' opened at \(open.location.line):\(open.location.column) is never closed; add {{/\(open.content)}}.",
                at: open.location)
        }
        return stack[0].nodes
    }

    func inclusion(_ token: Token) -> Inclusion {
        Inclusion(
            name: token.content, dynamic: token.dynamic ? TagName(token.content) : nil, indentation: token.indentation,
            standalone: token.standalone, location: token.location)
    }

    func describe(_ kind: Token.Kind) -> String {
        switch kind {
        case .inverted: "Inverted section"
        case .parent: "Parent"
        case .block: "Block"
        default: "Section"
        }
    }
}

extension String {
    func trimmingSpaces() -> String {
        var scalars = Substring(self)
        while let first = scalars.first, first == " " || first == "\t" || first == "\n" || first == "\r" {
            scalars.removeFirst()
        }
        while let last = scalars.last, last == " " || last == "\t" || last == "\n" || last == "\r" {
            scalars.removeLast()
        }
        return String(scalars)
    }
}
