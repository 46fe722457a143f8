import Interviewing
import QuestionnaireEngine

/// What an interview question shows, shared by the key-driven prompt and the line-by-line one
/// (pipes and the accessible mode), so both say the same things.
struct QuestionScreen {
    /// One answer the interviewer can pick.
    struct Choice {
        var number: Int
        /// e.g. `3 Solid — Says yes and gives a general reason…`
        var label: String
        var answer: Answer
    }

    let item: Item
    /// e.g. `Question 3 of 16 · Love of humans`.
    let heading: String
    /// The question, its help and what to listen for.
    let body: [String]
    let probes: [String]
    /// e.g. `Suggested time: 5 min`.
    let suggestedTime: String?
    let choices: [Choice]

    init(item: Item, session: InterviewSession) {
        self.item = item
        let (position, total) = session.progress
        let section = session.section(of: item)?.title ?? ""
        heading = "Question \(position ?? total) of \(total)" + (section.isEmpty ? "" : " · \(section)")
        var body = [item.text]
        if let help = item.help { body.append(help) }
        if case .rating(let guide) = item.kind {
            if let guidance = guide.guidance { body.append("Listen for: \(guidance)") }
            probes = guide.probes
            suggestedTime = guide.minutes.map { "Suggested time: \(Answer.number($0).display) min" }
        } else {
            probes = []
            suggestedTime = nil
        }
        self.body = body
        choices = Self.choices(for: item)
    }

    /// Whether the item is answered by picking from a list (else by typing).
    var isPicked: Bool { !choices.isEmpty }

    var isMultiple: Bool {
        if case .multi = item.kind { return true }
        return false
    }

    /// The choices an item offers, in order: scale points with their labels and anchors,
    /// options, yes and no.
    static func choices(for item: Item) -> [Choice] {
        switch item.kind {
        case .rating(let guide):
            return guide.scale.points.enumerated().map { index, point in
                let words = [guide.scale.label(for: point), guide.anchors[point]].compactMap { $0 }
                return Choice(
                    number: point, label: ([String(point)] + [words.joined(separator: " — ")]).joined(separator: " "),
                    answer: .number(Double(point)))
            }
        case .likert(let scale, _):
            return scale.points.map { point in
                Choice(
                    number: point, label: "\(point)" + (scale.label(for: point).map { " \($0)" } ?? ""),
                    answer: .number(Double(point)))
            }
        case .choice(let options), .multi(let options, _, _):
            return options.enumerated().map { index, option in
                Choice(number: index + 1, label: "\(index + 1) \(option.text)", answer: .option(option.id))
            }
        case .yesno:
            return [
                Choice(number: 1, label: "1 Yes", answer: .bool(true)),
                Choice(number: 2, label: "2 No", answer: .bool(false)),
            ]
        case .text, .number:
            return []
        }
    }

    /// An answer as the interviewer reads it: the scale label or option text beside the value.
    static func describe(_ answer: Answer, for item: Item) -> String {
        switch (item.kind, answer) {
        case (.rating(let guide), .number(let value)):
            return Answer.number(value).display
                + (Int(exactly: value).flatMap(guide.scale.label(for:)).map { " \($0)" } ?? "")
        case (.likert(let scale, _), .number(let value)):
            return Answer.number(value).display
                + (Int(exactly: value).flatMap(scale.label(for:)).map { " \($0)" } ?? "")
        case (.choice(let options), .option(let id)):
            return options.first { $0.id == id }?.text ?? id
        case (.multi(let options, _, _), .options(let ids)):
            return ids.map { id in options.first { $0.id == id }?.text ?? id }.joined(separator: ", ")
        case (.rating, _), (.likert, _), (.choice, _), (.multi, _), (.text, _), (.yesno, _), (.number, _):
            return answer.display
        }
    }

    /// Seconds as `m:ss`.
    static func clock(_ seconds: Double) -> String {
        let whole = Int(max(0, min(seconds, 359_999)).rounded(.down))
        return "\(whole / 60):\(whole % 60 < 10 ? "0" : "")\(whole % 60)"
    }

    /// Seconds in words, for the line-by-line mode: `1 min 5 s`.
    static func spoken(_ seconds: Double) -> String {
        let whole = Int(max(0, min(seconds, 359_999)).rounded(.down))
        return whole >= 60 ? "\(whole / 60) min \(whole % 60) s" : "\(whole) s"
    }

    /// One review row per visible question: its number, text, answer, notes and time.
    static func reviewRows(_ session: InterviewSession) -> [(item: Item, answer: String, missing: Bool)] {
        session.visibleItems.map { item in
            let answer = session.answers[item.id].map { describe($0, for: item) }
            return (
                item, answer ?? (item.required ? "required, not answered" : "not answered"),
                answer == nil && item.required
            )
        }
    }
}
