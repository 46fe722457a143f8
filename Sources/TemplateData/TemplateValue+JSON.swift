import DazzleJSON
import TemplateData
import Templating

extension TemplateValue {
    /// The template value of parsed JSON: objects, arrays, strings, numbers, booleans and null
    /// map one to one.
    public init(json: JSONValue) {
        switch json.kind {
        case .null: self = .null
        case .bool(let value): self = .bool(value)
        case .number(let value): self = .number(value)
        case .string(let value): self = .string(value)
        case .array(let values): self = .array(values.map(TemplateValue.init(json:)))
        case .object(let object):
            var members: [String: TemplateValue] = [:]
            for member in object.members { members[member.key] = TemplateValue(json: member.value) }
            self = .object(members)
        }
    }
}
