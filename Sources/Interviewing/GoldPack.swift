import DazzleJSON
import QuestionnaireEngine

/// Written answers to an interview's questions, each with an expert's rating and rationale
/// (`dazzle.gold/1`): what a rater rates in `dazzle calibrate` to see how far their ratings are
/// from the experts'.
public struct GoldPack: Sendable, Hashable {
    public static let format = "dazzle.gold/1"

    /// One written answer to one question.
    public struct Answer: Sendable, Hashable {
        /// Unique in the pack, e.g. `love-humans-strong`.
        public var id: String
        /// The question it answers.
        public var item: String
        /// What the candidate said, as the rater reads it.
        public var text: String
        /// The experts' rating on the question's scale.
        public var rating: Int
        /// Why the experts rated it so, shown when the rater is furthest off.
        public var rationale: String
    }

    /// When a rater passes: every rule given must hold.
    public struct PassingRule: Sendable, Hashable {
        /// Largest mean difference from gold, either way, in scale points.
        public var maxElevation: Double?
        /// Smallest correlation with gold across the answers.
        public var minAccuracy: Double?
        /// Largest mean absolute difference from gold, in scale points.
        public var maxMeanAbsoluteError: Double?
    }

    public var id: String
    public var title: String
    public var questionnaireID: String
    public var version: String
    public var answers: [Answer]
    public var passing: PassingRule

    /// Reads a pack for `questionnaire`, every problem a located diagnostic: an unknown question,
    /// a rating off its scale, a duplicate id, a question with no answer.
    public static func load(_ bytes: [UInt8], file: String, questionnaire: Questionnaire) -> (
        pack: GoldPack?, diagnostics: [Diagnostic]
    ) {
        let root: JSONValue
        do {
            root = try JSONReader().read(bytes)
        } catch {
            return (nil, [Diagnostic(.error, error.message, file: file, position: error.position)])
        }
        var fields = FieldDecoder(file: file)
        let path = JSONPath()
        guard let object = fields.object(root, path: path, what: "a gold pack") else {
            return (nil, fields.diagnostics)
        }
        fields.rejectUnknownKeys(
            in: object, path: path,
            allowed: ["format", "id", "title", "questionnaire", "version", "passing", "answers"], context: "a gold pack"
        )
        if object["format"]?.stringValue != format {
            fields.error("Not a gold pack: it must have \"format\": \"\(format)\".", at: root.position, path: path)
        }
        let id = fields.string("id", of: object, at: root, path: path, requiredBecause: "name the pack.") ?? ""
        let title = fields.string("title", of: object, path: path) ?? id
        let target = fields.string(
            "questionnaire", of: object, at: root, path: path, requiredBecause: "name the interview it is for.")
        if let target, target != questionnaire.id {
            fields.error(
                "The pack is for '\(target)', not '\(questionnaire.id)'; calibrate with its own interview.",
                at: object["questionnaire"]?.position, path: path.appending("questionnaire"))
        }
        let version = fields.string("version", of: object, path: path) ?? questionnaire.version
        var passing = PassingRule(maxElevation: 0.5, minAccuracy: 0.7, maxMeanAbsoluteError: nil)
        if let value = object["passing"],
            let rule = fields.object(value, path: path.appending("passing"), what: "'passing'")
        {
            let rulePath = path.appending("passing")
            fields.rejectUnknownKeys(
                in: rule, path: rulePath, allowed: ["maxElevation", "minAccuracy", "maxMeanAbsoluteError"],
                context: "'passing'")
            passing = PassingRule(
                maxElevation: fields.number("maxElevation", of: rule, path: rulePath),
                minAccuracy: fields.number("minAccuracy", of: rule, path: rulePath),
                maxMeanAbsoluteError: fields.number("maxMeanAbsoluteError", of: rule, path: rulePath))
        }
        var answers: [Answer] = []
        let answersPath = path.appending("answers")
        if let value = object["answers"], let list = fields.array(value, path: answersPath, what: "'answers'") {
            for (index, element) in list.enumerated() {
                let itemPath = answersPath.appending(index)
                guard let entry = fields.object(element, path: itemPath, what: "a gold answer") else { continue }
                fields.rejectUnknownKeys(
                    in: entry, path: itemPath, allowed: ["id", "item", "text", "rating", "rationale"],
                    context: "a gold answer")
                let answerID = fields.string(
                    "id", of: entry, at: element, path: itemPath, requiredBecause: "each answer needs an id.")
                let itemID = fields.string(
                    "item", of: entry, at: element, path: itemPath, requiredBecause: "name the question it answers.")
                let text = fields.string(
                    "text", of: entry, at: element, path: itemPath, requiredBecause: "write the candidate's answer.")
                let rationale = fields.string(
                    "rationale", of: entry, at: element, path: itemPath,
                    requiredBecause: "say why the experts rated it so.")
                let rating = fields.integer(
                    "rating", of: entry, at: element, path: itemPath, requiredBecause: "give the experts' rating.")
                guard let answerID, let itemID, let text, let rationale, let rating else { continue }
                guard let item = questionnaire.item(withID: itemID), case .rating(let guide) = item.kind else {
                    fields.error(
                        "'\(itemID)' is not a rated question of '\(questionnaire.id)'.", at: entry["item"]?.position,
                        path: itemPath.appending("item"))
                    continue
                }
                if !guide.scale.points.contains(rating) {
                    fields.error(
                        "The rating \(rating) is off the question's scale (\(guide.scale.min) to \(guide.scale.max)).",
                        at: entry["rating"]?.position, path: itemPath.appending("rating"))
                    continue
                }
                if answers.contains(where: { $0.id == answerID }) {
                    fields.error(
                        "The id '\(answerID)' is used twice.", at: entry["id"]?.position, path: itemPath.appending("id")
                    )
                    continue
                }
                answers.append(Answer(id: answerID, item: itemID, text: text, rating: rating, rationale: rationale))
            }
        } else if object["answers"] == nil {
            fields.missing("answers", in: root, path: path, why: "list the written answers with their ratings.")
        }
        for item in questionnaire.items where !answers.contains(where: { $0.item == item.id }) {
            if case .rating = item.kind {
                fields.warning(
                    "No gold answer for '\(item.id)': that question is not calibrated.", at: nil, path: answersPath)
            }
        }
        let pack = GoldPack(
            id: id, title: title, questionnaireID: questionnaire.id, version: version, answers: answers,
            passing: passing)
        let failed = fields.diagnostics.contains { $0.severity == .error }
        return (failed || answers.isEmpty ? nil : pack, fields.diagnostics)
    }

    /// The calibration as an interview: one question per written answer, asked as the
    /// interview asks it (its text, guidance and anchors) with the candidate's answer under it;
    /// no probes and no suggested time, since nobody is there to ask.
    public func calibrationQuestionnaire(_ questionnaire: Questionnaire) -> Questionnaire {
        let items = answers.compactMap { answer -> Item? in
            guard let item = questionnaire.item(withID: answer.item), case .rating(let guide) = item.kind else {
                return nil
            }
            return Item(
                id: answer.id, text: item.text, help: "The candidate's answer: “\(answer.text)”", required: true,
                kind: .rating(RatingGuide(scale: guide.scale, anchors: guide.anchors, guidance: guide.guidance)))
        }
        return Questionnaire(
            id: "calibration-\(id)", version: questionnaire.version, title: "Calibration: \(title)",
            description: "Rate each written answer as you would in an interview.", audience: .interviewer,
            scales: [:], sections: [Section(id: "calibration", title: "Calibration", items: items)])
    }
}

/// How a rater's ratings of a gold pack compare with the experts' (Cronbach's components, as
/// rater-training research uses them): elevation, correlational accuracy, mean absolute error.
public struct CalibrationResult: Sendable, Hashable {
    /// One answer the rater rated, with the gold rating.
    public struct Rated: Sendable, Hashable {
        public var answer: GoldPack.Answer
        public var given: Double
        public var difference: Double { given - Double(answer.rating) }
    }

    public var rated: [Rated]
    /// Answers left unrated.
    public var skipped: [String]
    /// Mean of (rater − gold): above 0 is lenient, below 0 severe.
    public var elevation: Double?
    /// Pearson correlation of the rater's ratings with gold across the answers: whether the
    /// rater ranks answers as the experts do. `nil` with fewer than 3 ratings or no spread.
    public var accuracy: Double?
    /// Mean of |rater − gold|.
    public var meanAbsoluteError: Double?
    /// Up to three answers where the rater is furthest from gold (at least a point), worst first.
    public var furthest: [Rated]
    public var passed: Bool
    /// Why it did not pass, one sentence per rule missed.
    public var reasons: [String]

    /// - Parameter ratings: the rater's rating of each gold answer, by answer id.
    public init(pack: GoldPack, ratings: [String: Double]) {
        rated = pack.answers.compactMap { answer in ratings[answer.id].map { Rated(answer: answer, given: $0) } }
        skipped = pack.answers.filter { ratings[$0.id] == nil }.map(\.id)
        let count = Double(rated.count)
        elevation = rated.isEmpty ? nil : rated.map(\.difference).reduce(0, +) / count
        meanAbsoluteError = rated.isEmpty ? nil : rated.map { abs($0.difference) }.reduce(0, +) / count
        accuracy = Self.correlation(rated.map(\.given), rated.map { Double($0.answer.rating) })
        furthest = Array(
            rated.filter { abs($0.difference) >= 1 }.sorted {
                (abs($0.difference), $1.answer.id) > (abs($1.difference), $0.answer.id)
            }.prefix(3))
        var reasons: [String] = []
        if let limit = pack.passing.maxElevation {
            if let elevation, abs(elevation) > limit {
                reasons.append(
                    "Your ratings are \(Self.points(abs(elevation))) \(elevation > 0 ? "above" : "below") the experts' on average (at most \(Self.points(limit)) passes)."
                )
            } else if elevation == nil {
                reasons.append("No answer was rated.")
            }
        }
        if let limit = pack.passing.minAccuracy {
            if let accuracy {
                if accuracy < limit {
                    reasons.append(
                        "Your ratings follow the experts' order with a correlation of \(Self.twoDecimals(accuracy)) (\(Self.twoDecimals(limit)) or more passes)."
                    )
                }
            } else {
                reasons.append("Too few ratings, or all the same, to tell whether you rank answers as the experts do.")
            }
        }
        if let limit = pack.passing.maxMeanAbsoluteError, let error = meanAbsoluteError, error > limit {
            reasons.append(
                "Your ratings are \(Self.points(error)) from the experts' on average, either way (at most \(Self.points(limit)) passes)."
            )
        }
        self.reasons = reasons
        passed = reasons.isEmpty
    }

    static func correlation(_ x: [Double], _ y: [Double]) -> Double? {
        guard x.count >= 3, x.count == y.count else { return nil }
        let n = Double(x.count)
        let mx = x.reduce(0, +) / n
        let my = y.reduce(0, +) / n
        var sxy = 0.0
        var sxx = 0.0
        var syy = 0.0
        for (a, b) in zip(x, y) {
            sxy += (a - mx) * (b - my)
            sxx += (a - mx) * (a - mx)
            syy += (b - my) * (b - my)
        }
        guard sxx > 0, syy > 0 else { return nil }
        return max(-1, min(1, sxy / (sxx * syy).squareRoot()))
    }

    /// `0.38 points`, `1 point`.
    static func points(_ value: Double) -> String {
        let text = twoDecimals(value)
        return text == "1.00" ? "1 point" : "\(text) points"
    }

    /// Two decimals with a true minus: `0.38`, `−1.25`.
    public static func twoDecimals(_ value: Double) -> String {
        let hundredths = Int((abs(value) * 100).rounded())
        return (value < 0 && hundredths > 0 ? "−" : "")
            + "\(hundredths / 100).\(hundredths % 100 < 10 ? "0" : "")\(hundredths % 100)"
    }
}
