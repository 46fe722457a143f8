import DazzleJSON
import Hashing

extension Questionnaire {
    /// The question set as canonical JSON: what a candidate or interviewer sees and answers, with
    /// every key in a fixed order, scales written out on each item, absent fields left out and no
    /// rubric. The same set always gives the same bytes, however its file was formatted, so they
    /// identify its content (``contentHash``), load again as the same set, and can be carried
    /// whole, e.g. into a candidate's form.
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
        if !description.isEmpty {
            writer.key("description")
            writer.string(description)
        }
        writer.key("audience")
        writer.string(audience.rawValue)
        if !missingCodes.isEmpty {
            writer.key("missingCodes")
            writer.beginArray()
            for code in missingCodes { writer.string(code) }
            writer.endArray()
        }
        writer.key("sections")
        writer.beginArray()
        for section in sections {
            writer.beginObject()
            writer.key("id")
            writer.string(section.id)
            writer.key("title")
            writer.string(section.title)
            if let description = section.description {
                writer.key("description")
                writer.string(description)
            }
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
        if let help {
            writer.key("help")
            writer.string(help)
        }
        writer.key("required")
        writer.bool(required)
        if let showIf {
            writer.key("showIf")
            showIf.write(to: &writer)
        }
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
            if let minSelected {
                writer.key("minSelected")
                writer.integer(minSelected)
            }
            if let maxSelected {
                writer.key("maxSelected")
                writer.integer(maxSelected)
            }
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
            if let guidance = guide.guidance {
                writer.key("guidance")
                writer.string(guidance)
            }
            if !guide.probes.isEmpty {
                writer.key("probes")
                writer.beginArray()
                for probe in guide.probes { writer.string(probe) }
                writer.endArray()
            }
            if let minutes = guide.minutes {
                writer.key("minutes")
                writer.exact(minutes)
            }
        case .text(let maxLength, let multiline):
            if let maxLength {
                writer.key("maxLength")
                writer.integer(maxLength)
            }
            writer.key("multiline")
            writer.bool(multiline)
        case .yesno:
            break
        case .number(let min, let max, let integer):
            if let min {
                writer.key("min")
                writer.exact(min)
            }
            if let max {
                writer.key("max")
                writer.exact(max)
            }
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
            if let score = option.score {
                writer.key("score")
                writer.exact(score)
            }
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
        if !labels.isEmpty {
            writer.key("labels")
            writer.beginArray()
            for label in labels { writer.string(label) }
            writer.endArray()
        }
        writer.endObject()
    }
}

extension Condition {
    /// Writes the condition as a question set spells it (`{"item": "q1", "equals": false}`).
    public func write(to writer: inout JSONWriter) {
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
