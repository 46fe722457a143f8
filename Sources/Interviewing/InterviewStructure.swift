import QuestionnaireEngine

/// How far an interview kept the structure that makes structured interviews predict (Campion,
/// Palmer & Campion 1997): the components a tool can observe in the journal, each met or not,
/// in plain words.
///
/// The rules, one per component (also in README):
/// - **every question asked**: every question shown (after `showIf`) has a rating;
/// - **in the set's order**: each question was first rated after every question before it, and
///   no question was opened by a jump before the review;
/// - **probes used**: on at least half of the questions that have probes, one was marked asked;
/// - **anchors shown**: Dazzle's interview shows every rating point's anchor on every question;
/// - **notes taken**: at least 80% of the rated questions have a note;
/// - **rated independently**: Dazzle's interview never shows a rater anyone else's ratings;
/// - **time per question**: at least 75% of the questions with suggested minutes had at least
///   half of them;
/// - **no changes**: no rating was changed after it was first given.
public struct InterviewStructure: Sendable, Hashable {
    /// One component.
    public struct Component: Sendable, Hashable {
        /// Short name: "Every question asked".
        public var name: String
        public var met: Bool
        /// What was seen, in a sentence: "15 of 16 questions rated; not rated: …".
        public var detail: String
    }

    public var components: [Component]

    /// `6 of 8`.
    public var score: (met: Int, of: Int) { (components.filter(\.met).count, components.count) }

    /// The structure of the interview a journal records; `nil` when it is not a journal of this
    /// question set.
    public init?(journal bytes: [UInt8], questionnaire: Questionnaire) {
        guard let replay = try? Journal.replay(bytes, file: "journal", questionnaire: questionnaire) else { return nil }
        self.init(replay: replay)
    }

    /// The structure of a replayed journal.
    public init(replay: Journal.Replay) {
        self.init(events: replay.events, session: replay.session)
    }

    /// The structure of a session, from its events in order.
    public init(events: [InterviewEvent], session: InterviewSession) {
        let questionnaire = session.questionnaire
        let visible = session.visibleItems
        let order = Dictionary(
            questionnaire.items.enumerated().map { ($0.element.id, $0.offset) }, uniquingKeysWith: { first, _ in first }
        )
        var components: [Component] = []

        let unrated = visible.filter { session.answers[$0.id] == nil }
        components.append(
            Component(
                name: "Every question asked", met: unrated.isEmpty,
                detail: "\(visible.count - unrated.count) of \(visible.count) questions rated"
                    + (unrated.isEmpty ? "." : "; not rated: " + Self.list(unrated.map(\.id)) + ".")))

        var firstRated: [String] = []
        var jumpsBeforeReview = 0
        var changed: [String] = []
        var reviewed = false
        for event in events {
            switch event {
            case .answer(let id, _, _):
                if firstRated.contains(id) {
                    if !changed.contains(id) { changed.append(id) }
                } else {
                    firstRated.append(id)
                }
            case .jump:
                if !reviewed { jumpsBeforeReview += 1 }
            case .review:
                reviewed = true
            case .note, .editNote, .probe, .skip, .back, .pause, .finish, .seal:
                break
            }
        }
        let outOfOrder = zip(firstRated, firstRated.dropFirst()).filter { (order[$0] ?? 0) > (order[$1] ?? 0) }.count
        components.append(
            Component(
                name: "In the set's order", met: outOfOrder == 0 && jumpsBeforeReview == 0,
                detail: outOfOrder == 0 && jumpsBeforeReview == 0
                    ? "Questions were rated in the order the set gives."
                    : "\(outOfOrder) question\(outOfOrder == 1 ? " was" : "s were") first rated before an earlier one; \(jumpsBeforeReview) jump\(jumpsBeforeReview == 1 ? "" : "s") before the review."
            ))

        let withProbes = visible.filter { item in
            if case .rating(let guide) = item.kind { !guide.probes.isEmpty } else { false }
        }
        let probed = withProbes.filter { !(session.probesAsked[$0.id] ?? []).isEmpty }
        if !withProbes.isEmpty {
            components.append(
                Component(
                    name: "Probes used", met: probed.count * 2 >= withProbes.count,
                    detail:
                        "A probe was marked asked on \(probed.count) of the \(withProbes.count) questions that have them."
                ))
        }

        components.append(
            Component(
                name: "Anchors shown", met: true,
                detail: "Every rating point's anchor was on screen: Dazzle's interview always shows them."))

        let rated = visible.filter { session.answers[$0.id] != nil }
        let noted = rated.filter { !(session.notes[$0.id] ?? []).isEmpty }
        components.append(
            Component(
                name: "Notes taken", met: !rated.isEmpty && noted.count * 5 >= rated.count * 4,
                detail: "\(noted.count) of \(rated.count) rated questions have a note."))

        components.append(
            Component(
                name: "Rated independently", met: true,
                detail: "No other rater's ratings were visible: Dazzle's interview never shows them."))

        let timed = visible.compactMap { item -> (Item, Double)? in
            if case .rating(let guide) = item.kind, let minutes = guide.minutes, minutes > 0 {
                (item, minutes)
            } else {
                nil
            }
        }
        if !timed.isEmpty {
            let enough = timed.filter { item, minutes in (session.secondsByItem[item.id] ?? 0) >= minutes * 30 }
            let spent = timed.map { session.secondsByItem[$0.0.id] ?? 0 }.reduce(0, +)
            let suggested = timed.map(\.1).reduce(0, +)
            components.append(
                Component(
                    name: "Time per question", met: enough.count * 4 >= timed.count * 3,
                    detail:
                        "\(enough.count) of \(timed.count) questions had at least half their suggested time; \(Self.minutes(spent)) in all against \(Self.minutes(suggested * 60)) suggested."
                ))
        }

        components.append(
            Component(
                name: "No changes", met: changed.isEmpty,
                detail: changed.isEmpty
                    ? "No rating was changed after it was given."
                    : "\(changed.count) rating\(changed.count == 1 ? " was" : "s were") changed after being given: \(Self.list(changed))."
            ))
        self.components = components
    }

    static func list(_ ids: [String]) -> String {
        ids.count <= 4
            ? ids.joined(separator: ", ") : ids.prefix(4).joined(separator: ", ") + " and \(ids.count - 4) more"
    }

    /// `34 min`, `1 min`, `under a minute`.
    static func minutes(_ seconds: Double) -> String {
        let whole = Int((seconds / 60).rounded())
        return whole == 0 ? "under a minute" : "\(whole) min"
    }
}
