import Foundation
import Hashing
import Interviewing
import QuestionnaireEngine
import Scoring

/// The interview sessions in a folder (journals and the submissions beside them), grouped by
/// candidate into panels, each rater's ratings checked against their seal.
struct PanelFolder {
    /// One candidate's panel on one question set.
    struct Panel {
        var questionnaireID: String
        var candidateID: String
        var candidateName: String
        var completeness: PanelCompleteness
        /// Each session behind the panel: rater, the journal and the structure of the interview.
        var sessions: [Session]
    }

    /// One rater's session.
    struct Session {
        var rater: String
        var journal: String
        var state: PanelCompleteness.State
        var structure: InterviewStructure?
    }

    var panels: [Panel]
    /// Files that could not be read, each with the reason.
    var problems: [String]

    /// Reads every journal under `folder`, expecting `expected` raters on each panel (or, when
    /// empty, everyone who rated a candidate of that question set in the folder).
    static func read(_ folder: String, expected: [String], context: CommandContext) throws(FileReadError)
        -> PanelFolder
    {
        let journals = try FolderSearch(
            extensions: ["jsonl"],
            emptyFolderMessage:
                "The folder holds no interview journals (.journal.jsonl); name the --out folder of 'dazzle interview'."
        ).files(in: [folder], context: context).filter { $0.hasSuffix(InterviewCommand.journalSuffix) }
        guard !journals.isEmpty else {
            throw FileReadError(
                path: folder,
                message:
                    "The folder holds no interview journals (.journal.jsonl); name the --out folder of 'dazzle interview'."
            )
        }
        var problems: [String] = []
        var questionnaires: [String: Questionnaire] = [:]
        var found: [String: (name: String, sessions: [Session])] = [:]
        var order: [String] = []
        var ratersBySet: [String: [String]] = [:]
        for journal in journals {
            let bytes: [UInt8]
            do {
                bytes = try FileReader(maximumBytes: 256 << 20).read(context.resolve(journal), displayPath: journal)
            } catch {
                problems.append("\(error)")
                continue
            }
            guard let header = Journal.header(bytes) else {
                problems.append("\(journal): not an interview journal; skipped.")
                continue
            }
            let questionnaire: Questionnaire
            if let known = questionnaires[header.questionnaireID] {
                questionnaire = known
            } else {
                do {
                    questionnaire = try ScoringSetLoader(context: context).questionnaire(header.questionnaireID).0
                    questionnaires[header.questionnaireID] = questionnaire
                } catch {
                    problems.append(
                        "\(journal): the question set '\(header.questionnaireID)' is not shipped; its panel cannot be checked."
                    )
                    continue
                }
            }
            let session = Self.session(journal, bytes: bytes, questionnaire: questionnaire, context: context)
            let key = header.questionnaireID + "\u{0}" + header.candidateID
            if found[key] == nil { order.append(key) }
            found[key, default: (header.candidateName, [])].sessions.append(session)
            if !(ratersBySet[header.questionnaireID] ?? []).contains(session.rater) {
                ratersBySet[header.questionnaireID, default: []].append(session.rater)
            }
        }
        let panels = order.map { key -> Panel in
            let parts = key.split(separator: "\u{0}", maxSplits: 1).map(String.init)
            let entry = found[key] ?? ("", [])
            let wanted = expected.isEmpty ? (ratersBySet[parts[0]] ?? []).sorted() : expected
            let states = Dictionary(
                entry.sessions.map { ($0.rater, $0.state) }, uniquingKeysWith: { first, _ in first })
            return Panel(
                questionnaireID: parts[0], candidateID: parts[1], candidateName: entry.name,
                completeness: PanelCompleteness(expected: wanted, found: states), sessions: entry.sessions)
        }
        return PanelFolder(panels: panels, problems: problems)
    }

    /// Where one journal's ratings stand: replayed, and its sealed submission checked against
    /// the seal the journal recorded and against the submission the journal gives again.
    static func session(_ journal: String, bytes: [UInt8], questionnaire: Questionnaire, context: CommandContext)
        -> Session
    {
        let replay: Journal.Replay
        do {
            replay = try Journal.replay(bytes, file: journal, questionnaire: questionnaire)
        } catch {
            return Session(rater: "?", journal: journal, state: .changed(error.message), structure: nil)
        }
        let rater = replay.header.rater ?? "(no rater named)"
        let structure = InterviewStructure(replay: replay)
        func session(_ state: PanelCompleteness.State) -> Session {
            Session(rater: rater, journal: journal, state: state, structure: structure)
        }
        guard replay.session.finished else {
            let visible = replay.session.visibleItems
            let answered = visible.filter { replay.session.answers[$0.id] != nil }.count
            return session(.open(answered: answered, questions: visible.count))
        }
        guard let seal = replay.session.seal else { return session(.unsealed) }
        let submissionPath = String(journal.dropLast(InterviewCommand.journalSuffix.count)) + ".submission.json"
        guard let written = try? FileReader().read(context.resolve(submissionPath), displayPath: submissionPath) else {
            return session(
                .changed("its sealed submission \((submissionPath as NSString).lastPathComponent) is missing"))
        }
        switch SealedLine.check(written[...]) {
        case .intact(let fileSeal) where fileSeal == seal:
            break
        case .intact:
            return session(.changed("the submission is not the one the journal sealed"))
        case .broken:
            return session(.changed("the submission was edited after sealing"))
        case .unsealed:
            return session(.changed("the submission lost its seal (edited or reformatted)"))
        }
        // The journal itself: the submission it gives now must be the one it sealed.
        let again = SealedLine.seal(
            replay.session.submission(
                header: replay.header, ended: replay.lastAt ?? replay.header.started, structure: structure)
        ).seal
        guard again == seal else { return session(.changed("the journal was edited after sealing")) }
        return session(.sealed)
    }
}
