import DazzleJSON
import QuestionnaireEngine
import Scoring
import Templating

/// The form a candidate fills in: one self-contained HTML page per question set (`dazzle form`),
/// which saves a `dazzle.submission/1` file carrying the set's content hash.
///
/// Pages: the candidate's details, one per section, the voluntary demographic questions the
/// rubric declares (when it declares any), a review, and the saved page. The markup carries the
/// questions as native controls; the script in the template adds paging, `showIf`, validation,
/// autosave and the download, reading the item rules from ``definition``.
public struct CandidateForm: Sendable {
    public let questionnaire: Questionnaire
    public let demographics: [DemographicQuestion]
    /// The role filled in for the candidate, which they may still change.
    public let role: String?
    /// Where the candidate sends the saved file, e.g. `jobs@example.org`, shown on the form.
    public let sendTo: String?

    /// Why a question set cannot become a candidate form.
    public struct Refusal: Error, Sendable, Hashable, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }

    /// - Throws: ``Refusal`` for an interview guide, or a set with a rating item: raters, not
    ///   candidates, answer those.
    public init(
        questionnaire: Questionnaire, demographics: [DemographicQuestion] = [], role: String? = nil,
        sendTo: String? = nil
    ) throws(Refusal) {
        switch questionnaire.audience {
        case .candidate: break
        case .interviewer:
            throw Refusal(
                message:
                    "'\(questionnaire.id)' is an interview guide that interviewers rate; run it with 'dazzle interview \(questionnaire.id)'. A form is for question sets with \"audience\": \"candidate\"."
            )
        }
        if let rating = questionnaire.items.first(where: { if case .rating = $0.kind { true } else { false } }) {
            throw Refusal(
                message:
                    "item '\(rating.id)' of '\(questionnaire.id)' is a rating, which an interviewer gives; a candidate form cannot ask it."
            )
        }
        self.questionnaire = questionnaire
        self.demographics = demographics
        self.role = role
        self.sendTo = sendTo
    }

    /// The page, rendered through `form.html` of the renderer's templates.
    public func html(renderer: ReportRenderer) throws(TemplateError) -> [UInt8] {
        try renderer.render(template: "form.html", model: model, escaping: .html)
    }

    /// One entry per page, in order.
    enum Page {
        case details
        case section(Int)
        case demographics
        case review
        case done
    }

    var pages: [Page] {
        [.details] + questionnaire.sections.indices.map(Page.section) + (demographics.isEmpty ? [] : [.demographics])
            + [.review, .done]
    }

    /// Question numbers across sections, in the set's order: `1`, `2`, …, with a question shown
    /// only under a condition numbered after the one before it (`2a`, `2b`), so the numbers a
    /// candidate sees have no gaps whichever branches open.
    var numbers: [String: String] {
        var numbers: [String: String] = [:]
        var main = 0
        var follow = 0
        for item in questionnaire.items {
            if item.showIf == nil || main == 0 {
                main += 1
                follow = 0
                numbers[item.id] = String(main)
            } else {
                numbers[item.id] = String(main) + Self.letters(follow)
                follow += 1
            }
        }
        return numbers
    }

    /// `a`, `b`, … `z`, `aa`, `ab`, …
    static func letters(_ index: Int) -> String {
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz")
        return index < 26 ? String(alphabet[index]) : letters(index / 26 - 1) + String(alphabet[index % 26])
    }

    /// The template's view of the form.
    public var model: TemplateValue {
        let pages = self.pages
        let sectionCount = questionnaire.sections.count
        let numbers = self.numbers
        var firstItem = 0
        var pageValues: [TemplateValue] = []
        for (index, page) in pages.enumerated() {
            var value: [String: TemplateValue] = [
                "index": .string(String(index)), "first": .bool(index == 0), "heading": .string(heading(page)),
            ]
            let position = "Page \(index + 1) of \(pages.count)"
            switch page {
            case .details:
                value["isDetails"] = true
                value["progress"] = .string(position)
                value["description"] = questionnaire.description.isEmpty ? .null : .string(questionnaire.description)
                value["next"] = "Start"
            case .section(let section):
                let items = questionnaire.sections[section].items
                value["progress"] = .string("Section \(section + 1) of \(sectionCount) · \(position)")
                value["description"] = questionnaire.sections[section].description.map(TemplateValue.string) ?? .null
                value["items"] = .array(
                    items.enumerated().map { offset, item in
                        itemModel(item, slot: firstItem + offset, number: numbers[item.id] ?? "", numbers: numbers)
                    })
                firstItem += items.count
                value["next"] = .string(nextLabel(after: index, of: pages))
            case .demographics:
                value["isDemographics"] = true
                value["progress"] = .string(position)
                value["demographics"] = .array(demographics.enumerated().map(demographicModel))
                value["next"] = .string(nextLabel(after: index, of: pages))
            case .review:
                value["isReview"] = true
                value["noPrint"] = true
                value["progress"] = .string(position)
                value["next"] = "Save my answers"
            case .done:
                value["isDone"] = true
                value["noPrint"] = true
                value["progress"] = "Finished"
            }
            pageValues.append(.object(TemplateObject(value)))
        }
        return [
            "title": .string(questionnaire.title),
            "version": .string(questionnaire.version),
            "questionCount": .string(questionCount),
            "sectionCount": .string(String(sectionCount)),
            "oneSection": .bool(sectionCount == 1),
            "role": role.map(TemplateValue.string) ?? .null,
            "sendTo": sendTo.map(TemplateValue.string) ?? .null,
            "pages": .array(pageValues),
            "definition": .string(definition),
        ]
    }

    /// `9 questions`, or `6 questions (3 more only if they apply)`.
    var questionCount: String {
        let conditional = questionnaire.items.count { $0.showIf != nil }
        let always = questionnaire.items.count - conditional
        let main = "\(always) question\(always == 1 ? "" : "s")"
        return conditional == 0 ? main : main + " (\(conditional) more only if they apply)"
    }

    func heading(_ page: Page) -> String {
        switch page {
        case .details: "Your details"
        case .section(let index): questionnaire.sections[index].title
        case .demographics: "About you (voluntary)"
        case .review: "Check your answers"
        case .done: "Your answers are saved"
        }
    }

    func nextLabel(after index: Int, of pages: [Page]) -> String {
        switch pages[index + 1] {
        case .review: "Review my answers"
        case .details, .section, .demographics, .done: "Next"
        }
    }

    /// A DOM id safe in any selector: `q3-joy-1`.
    static func domID(slot: Int, id: String) -> String {
        let safe = id.unicodeScalars.map { scalar -> String in
            scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "-")
                ? String(scalar) : "_"
        }
        return "q\(slot + 1)-" + safe.joined()
    }

    func itemModel(_ item: Item, slot: Int, number: String, numbers: [String: String]) -> TemplateValue {
        let domID = Self.domID(slot: slot, id: item.id)
        var value: [String: TemplateValue] = [
            "id": .string(item.id), "domID": .string(domID), "number": .string(number),
            "text": .string(item.text), "required": .bool(item.required),
            "help": item.help.map(TemplateValue.string) ?? .null,
            "conditional": .bool(item.showIf != nil),
            "conditionText": item.showIf.map { .string(conditionSentence($0, numbers: numbers)) } ?? .null,
        ]
        func options(_ list: [(value: String, label: String, point: String?)], type: String) -> TemplateValue {
            .array(
                list.enumerated().map { index, option in
                    [
                        "value": .string(option.value), "label": .string(option.label),
                        "point": option.point.map(TemplateValue.string) ?? .null, "inputType": .string(type),
                        "inputID": .string("\(domID)-\(index + 1)"),
                    ]
                })
        }
        switch item.kind {
        case .likert(let scale, _):
            value["isGroup"] = true
            value["isScale"] = true
            value["options"] = options(
                scale.points.map { point in (String(point), scale.label(for: point) ?? "", String(point)) },
                type: "radio")
        case .choice(let choices):
            value["isGroup"] = true
            value["options"] = options(choices.map { ($0.id, $0.text, nil) }, type: "radio")
        case .multi(let choices, let minimum, let maximum):
            value["isGroup"] = true
            value["hint"] = .string(Self.selectionHint(minimum: minimum, maximum: maximum))
            value["options"] = options(choices.map { ($0.id, $0.text, nil) }, type: "checkbox")
        case .yesno:
            value["isGroup"] = true
            value["options"] = options([("true", "Yes", nil), ("false", "No", nil)], type: "radio")
        case .number(let minimum, let maximum, let integer):
            value["isNumber"] = true
            value["inputMode"] = .string(integer ? "numeric" : "decimal")
            value["step"] = .string(integer ? "1" : "any")
            value["min"] = minimum.map { .string(Self.text($0)) } ?? .null
            value["max"] = maximum.map { .string(Self.text($0)) } ?? .null
            value["hint"] = .string(Self.numberHint(minimum: minimum, maximum: maximum, integer: integer))
        case .text(let maxLength, let multiline):
            value[multiline ? "isTextarea" : "isLine"] = true
            value["maxLength"] = maxLength.map { .string(String($0)) } ?? .null
            value["hint"] = maxLength.map { .string("Up to \($0) characters.") } ?? .null
        case .rating:
            // Refused in init: a rating never reaches a candidate form.
            break
        }
        return .object(TemplateObject(value))
    }

    func demographicModel(_ index: Int, _ question: DemographicQuestion) -> TemplateValue {
        [
            "field": .string(question.field), "domID": .string("demographic-\(index + 1)"),
            "question": .string(question.question), "isNumber": .bool(question.options.isEmpty),
            "options": .array(question.options.map { ["value": .string($0), "label": .string($0)] }),
        ]
    }

    static func selectionHint(minimum: Int?, maximum: Int?) -> String {
        switch (minimum, maximum) {
        case (let low?, let high?) where low == high: "Choose \(low)."
        case (let low?, let high?): "Choose \(low) to \(high)."
        case (let low?, nil): "Choose at least \(low)."
        case (nil, let high?): "Choose up to \(high)."
        case (nil, nil): "Choose any that apply."
        }
    }

    static func numberHint(minimum: Double?, maximum: Double?, integer: Bool) -> String {
        let kind = integer ? "A whole number" : "A number"
        switch (minimum, maximum) {
        case (let low?, let high?): return "\(kind) from \(text(low)) to \(text(high))."
        case (let low?, nil): return "\(kind) of at least \(text(low))."
        case (nil, let high?): return "\(kind) no more than \(text(high))."
        case (nil, nil): return "\(kind)."
        }
    }

    /// A bound as a person writes it: `60`, `2.5`.
    static func text(_ number: Double) -> String {
        Answer.number(number).display
    }

    /// When a conditional question applies, in words, for the printed form.
    func conditionSentence(_ condition: Condition, numbers: [String: String]) -> String {
        "Answer only if " + conditionWords(condition, numbers: numbers) + "."
    }

    func conditionWords(_ condition: Condition, numbers: [String: String]) -> String {
        func subject(_ id: String) -> String {
            numbers[id].map { "your answer to question \($0)" } ?? "your answer to '\(id)'"
        }
        func shown(_ value: ConditionValue, for id: String) -> String {
            switch value {
            case .bool(let flag): return flag ? "“Yes”" : "“No”"
            case .number(let number): return Self.text(number)
            case .string(let text):
                let option = questionnaire.item(withID: id)?.options?.first { $0.id == text }
                return "“\(option?.text ?? text)”"
            }
        }
        switch condition {
        case .equals(let id, let value):
            return "\(subject(id)) is \(shown(value, for: id))"
        case .oneOf(let id, let values):
            return "\(subject(id)) is one of " + values.map { shown($0, for: id) }.joined(separator: ", ")
        case .atLeast(let id, let bound):
            return "\(subject(id)) is at least \(Self.text(bound))"
        case .atMost(let id, let bound):
            return "\(subject(id)) is at most \(Self.text(bound))"
        case .includes(let id, let option):
            return "\(subject(id)) includes \(shown(.string(option), for: id))"
        case .all(let parts):
            return parts.map { conditionWords($0, numbers: numbers) }.joined(separator: " and ")
        case .any(let parts):
            return parts.map { conditionWords($0, numbers: numbers) }.joined(separator: " or ")
        }
    }

    /// What the script needs to know of each item and page, as JSON safe inside a `<script>`
    /// element: every `<` is written `\u003c`, so no text can close it.
    public var definition: String {
        var writer = JSONWriter()
        writer.beginObject()
        writer.key("questionnaire")
        writer.string(questionnaire.id)
        writer.key("version")
        writer.string(questionnaire.version)
        writer.key("hash")
        writer.string(questionnaire.contentHash)
        writer.key("title")
        writer.string(questionnaire.title)
        writer.key("pages")
        writer.beginArray()
        for page in pages {
            writer.beginObject()
            writer.key("kind")
            switch page {
            case .details: writer.string("details")
            case .section: writer.string("section")
            case .demographics: writer.string("demographics")
            case .review: writer.string("review")
            case .done: writer.string("done")
            }
            writer.key("heading")
            writer.string(heading(page))
            writer.endObject()
        }
        writer.endArray()
        writer.key("items")
        writer.beginArray()
        var slot = 0
        let numbers = self.numbers
        for (section, part) in questionnaire.sections.enumerated() {
            for item in part.items {
                write(item, slot: slot, number: numbers[item.id] ?? "", page: section + 1, to: &writer)
                slot += 1
            }
        }
        writer.endArray()
        writer.key("demographics")
        writer.beginArray()
        for (index, question) in demographics.enumerated() {
            writer.beginObject()
            writer.key("field")
            writer.string(question.field)
            writer.key("domID")
            writer.string("demographic-\(index + 1)")
            writer.key("question")
            writer.string(question.question)
            writer.endObject()
        }
        writer.endArray()
        writer.endObject()
        var bytes: [UInt8] = []
        for byte in writer.bytes {
            if byte == UInt8(ascii: "<") { bytes += Array(#"\u003c"#.utf8) } else { bytes.append(byte) }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    func write(_ item: Item, slot: Int, number: String, page: Int, to writer: inout JSONWriter) {
        writer.beginObject()
        writer.key("id")
        writer.string(item.id)
        writer.key("domID")
        writer.string(Self.domID(slot: slot, id: item.id))
        writer.key("type")
        writer.string(item.typeName)
        writer.key("number")
        writer.string(number)
        writer.key("text")
        writer.string(item.text)
        writer.key("page")
        writer.integer(page)
        writer.key("required")
        writer.bool(item.required)
        if let condition = item.showIf {
            writer.key("showIf")
            condition.write(to: &writer)
        }
        switch item.kind {
        case .likert(let scale, _):
            writer.key("min")
            writer.integer(scale.min)
            writer.key("labels")
            writer.beginArray()
            for point in scale.points { writer.string(scale.label(for: point) ?? "") }
            writer.endArray()
        case .choice(let options):
            write(options, to: &writer)
        case .multi(let options, let minimum, let maximum):
            write(options, to: &writer)
            if let minimum {
                writer.key("minSelected")
                writer.integer(minimum)
            }
            if let maximum {
                writer.key("maxSelected")
                writer.integer(maximum)
            }
        case .number(let minimum, let maximum, let integer):
            if let minimum {
                writer.key("min")
                writer.exact(minimum)
            }
            if let maximum {
                writer.key("max")
                writer.exact(maximum)
            }
            writer.key("integer")
            writer.bool(integer)
        case .text(let maxLength, _):
            if let maxLength {
                writer.key("maxLength")
                writer.integer(maxLength)
            }
        case .yesno, .rating:
            break
        }
        writer.endObject()
    }

    func write(_ options: [ChoiceOption], to writer: inout JSONWriter) {
        writer.key("options")
        writer.beginArray()
        for option in options {
            writer.beginObject()
            writer.key("id")
            writer.string(option.id)
            writer.key("text")
            writer.string(option.text)
            writer.endObject()
        }
        writer.endArray()
    }
}
