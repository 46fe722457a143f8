import DazzleJSON
import Hashing

extension Questionnaire {
    /// The question set as canonical JSON: what a candidate or interviewer sees and answers, with
    /// every key in a fixed order, scales written out on each item and no rubric. The same set
    /// always gives the same bytes, however its file was formatted, so they identify its content
    /// (``contentHash``) and can be carried whole, e.g. into a candidate's form.
    public func canonicalJSON() -> [UInt8] {
        var writer = JSONWriter(reservingCapacity: 16 << 10)
        writer.beginObject()
        writer.key("format")
        writer.string(Self.format)
        writer.key("id")
        writer.string(id)
        writer.key("version")
        writer.string(version)
        writer.key("title")
        writer.string(title)
        writer.key("description")
        writer.string(description)
        writer.key("audience")
        writer.string(audience.rawValue)
        writer.key("sections")
        writer.beginArray()
        for section in sections {
            writer.beginObject()
            writer.key("id")
            writer.string(section.id)
            writer.key("title")
            writer.string(section.title)
            writer.key("description")
            writer.string(section.description)
            writer.key("items")
            writer.beginArray()
            for item in section.items { item.write(to: &writer) }
            writer.endArray()
            writer.endObject()
        }
        writer.endArray()
        writer.endObject()
        return writer.bytes
    }

    /// `sha256:` and the SHA-256 of ``canonicalJSON()``: submissions carry it, so an answer made
    /// from another version of the set is recognised even when the version string was not changed.
    public var contentHash: String { "sha256:" + SHA256.hex(canonicalJSON()) }
}

extension Item {
    func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.key("id")
        writer.string(id)
        writer.key("type")
        writer.string(typeName)
        writer.key("text")
        writer.string(text)
        writer.key("help")
        writer.string(help)
        writer.key("required")
        writer.bool(required)
        writer.key("showIf")
        if let showIf { showIf.write(to: &writer) } else { writer.null() }
        switch kind {
        case .likert(let scale, let reverse):
            writer.key("scale")
            scale.write(to: &writer)
            writer.key("reverse")
            writer.bool(reverse)
        case .choice(let options):
            writer.key("options")
            write(options, to: &writer)
        case .multi(let options, let minSelected, let maxSelected):
            writer.key("options")
            write(options, to: &writer)
            writer.key("minSelected")
            if let minSelected { writer.integer(minSelected) } else { writer.null() }
            writer.key("maxSelected")
            if let maxSelected { writer.integer(maxSelected) } else { writer.null() }
        case .rating(let guide):
            writer.key("scale")
            guide.scale.write(to: &writer)
            writer.key("anchors")
            writer.beginObject()
            for point in guide.anchors.keys.sorted() {
                writer.key(named: String(point))
                writer.string(guide.anchors[point])
            }
            writer.endObject()
            writer.key("guidance")
            writer.string(guide.guidance)
            writer.key("probes")
            writer.beginArray()
            for probe in guide.probes { writer.string(probe) }
            writer.endArray()
            writer.key("minutes")
            if let minutes = guide.minutes { writer.exact(minutes) } else { writer.null() }
        case .text(let maxLength, let multiline):
            writer.key("maxLength")
            if let maxLength { writer.integer(maxLength) } else { writer.null() }
            writer.key("multiline")
            writer.bool(multiline)
        case .yesno:
            break
        case .number(let min, let max, let integer):
            writer.key("min")
            if let min { writer.exact(min) } else { writer.null() }
            writer.key("max")
            if let max { writer.exact(max) } else { writer.null() }
            writer.key("integer")
            writer.bool(integer)
        }
        writer.endObject()
    }

    private func write(_ options: [ChoiceOption], to writer: inout JSONWriter) {
        writer.beginArray()
        for option in options {
            writer.beginObject()
            writer.key("id")
            writer.string(option.id)
            writer.key("text")
            writer.string(option.text)
            writer.key("score")
            if let score = option.score { writer.exact(score) } else { writer.null() }
            writer.endObject()
        }
        writer.endArray()
    }
}

extension ResponseScale {
    func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.key("min")
        writer.integer(min)
        writer.key("max")
        writer.integer(max)
        writer.key("labels")
        writer.beginArray()
        for label in labels { writer.string(label) }
        writer.endArray()
        writer.endObject()
    }
}

extension Condition {
    func write(to writer: inout JSONWriter) {
        writer.beginObject()
        switch self {
        case .equals(let item, let value):
            writer.key("item")
            writer.string(item)
            writer.key("equals")
            value.write(to: &writer)
        case .oneOf(let item, let values):
            writer.key("item")
            writer.string(item)
            writer.key("oneOf")
            writer.beginArray()
            for value in values { value.write(to: &writer) }
            writer.endArray()
        case .atLeast(let item, let value):
            writer.key("item")
            writer.string(item)
            writer.key("atLeast")
            writer.exact(value)
        case .atMost(let item, let value):
            writer.key("item")
            writer.string(item)
            writer.key("atMost")
            writer.exact(value)
        case .includes(let item, let option):
            writer.key("item")
            writer.string(item)
            writer.key("includes")
            writer.string(option)
        case .all(let conditions):
            writer.key("all")
            writer.beginArray()
            for condition in conditions { condition.write(to: &writer) }
            writer.endArray()
        case .any(let conditions):
            writer.key("any")
            writer.beginArray()
            for condition in conditions { condition.write(to: &writer) }
            writer.endArray()
        }
        writer.endObject()
    }
}

extension ConditionValue {
    func write(to writer: inout JSONWriter) {
        switch self {
        case .number(let value): writer.exact(value)
        case .string(let text): writer.string(text)
        case .bool(let flag): writer.bool(flag)
        }
    }
}
