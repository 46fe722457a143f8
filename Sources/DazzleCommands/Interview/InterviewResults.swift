import DazzleJSON
import Foundation
import Hashing
import Interviewing
import QuestionnaireEngine
import Reports
import Scoring
import Submissions

/// What a finished interview leaves beside its journal: the submission, its scorecard and a
/// candidate report, and a one-screen summary on the terminal.
enum InterviewResults {
    /// Writes the results into the journal's folder (created when missing).
    /// - Parameter ended: when the interview finished, as its `finish` event recorded it.
    static func write(
        _ session: InterviewSession, header: Journal.Header, journal: JournalFile, ended: String, date: String?,
        plain: Bool, context: CommandContext
    ) -> Int32 {
        let questionnaire = session.questionnaire
        // Sealed: the hash of the submission's bytes, in the file and in the journal, so an edit
        // to either shows. Written again from the journal, the submission is byte for byte the same.
        // The journal holds the answers: the log holds its hash, never its content.
        let journalBytes = (try? FileReader().read(context.resolve(journal.path), displayPath: journal.path)) ?? []
        let structure = InterviewStructure(journal: journalBytes, questionnaire: questionnaire)
        let (submission, seal) = SealedLine.seal(
            session.submission(header: header, ended: ended, structure: structure))
        if let recorded = session.seal, recorded != seal {
            context.standardError.write(
                "\(journal.path): error: The journal's seal (\(recorded.prefix(15))…) is not the seal of the submission it gives now (\((seal ?? "none").prefix(15))…): the journal was edited after the interview was sealed. Nothing was written.\n"
            )
            return ExitStatus.failure
        }
        // Results sit beside the journal and share its name.
        let base =
            journal.path.hasSuffix(InterviewCommand.journalSuffix)
            ? String(journal.path.dropLast(InterviewCommand.journalSuffix.count))
            : (journal.folder as NSString).appendingPathComponent(
                InterviewCommand.stem(
                    candidateID: header.candidateID, rater: header.rater, questionnaireID: questionnaire.id))
        let submissionPath = base + ".submission.json"
        do {
            try AtomicFile.makeFolder(context.resolve(journal.folder.isEmpty ? "." : journal.folder))
            try AtomicFile.write(submission, to: context.resolve(submissionPath))
        } catch {
            context.standardError.write("\(error)\n")
            return ExitStatus.failure
        }
        if session.seal == nil, let seal, !journal.append(Journal.line(for: .seal(submission: seal))) {
            return ExitStatus.failure
        }
        context.standardOutput.write(
            "\nInterview finished. Submission: \(submissionPath) (sealed \((seal ?? "").prefix(15))…)\n")
        let plan: ScoringPlan
        do {
            plan = try ScoringSetLoader(context: context).plan(questionnaire: questionnaire.id, rubric: nil)
        } catch {
            context.standardOutput.write(
                "No rubric for this question set, so no scorecard; score the submission with 'dazzle score --rubric'.\n"
            )
            return ExitStatus.success
        }
        switch SubmissionDecoder(plan: plan).decode(submission, source: submissionPath) {
        case .failure(let rejection):
            context.standardError.write("error: \(rejection)\n")
            return ExitStatus.failure
        case .success(let decoded):
            let scorer = Scorer(plan: plan)
            let card = scorer.score([decoded])
            var cardWriter = JSONWriter()
            scorer.write(card, to: &cardWriter)
            cardWriter.endLine()
            let reportContext = ReportContext(
                date: ReportDate.resolve(date, context: context), dazzleVersion: DazzleCLI.version)
            let report: [UInt8]
            do {
                try AtomicFile.write(cardWriter.bytes, to: context.resolve(base + ".scorecard.json"))
                report = try ReportRenderer().render(
                    .candidate, format: .html, model: CandidateReport.model(card, plan: plan, context: reportContext))
                try AtomicFile.write(report, to: context.resolve(base + ".html"))
            } catch {
                context.standardError.write("\(error)\n")
                return ExitStatus.failure
            }
            let recorded = AuditTrail.record(
                to: (journal.folder as NSString).appendingPathComponent(AuditTrail.fileName),
                command: ["interview", questionnaire.id], plan: plan,
                inputs: [(journal.path, journalBytes.count, "sha256:" + SHA256.hex(journalBytes))],
                outputs: [
                    (submissionPath, "sha256:" + SHA256.hex(submission)),
                    (base + ".scorecard.json", "sha256:" + SHA256.hex(cardWriter.bytes)),
                    (base + ".html", "sha256:" + SHA256.hex(report)),
                ],
                counts: [("answered", decoded.answers.compactMap { $0 }.count)],
                subject: [("candidate", header.candidateID)] + (header.rater.map { [("rater", $0)] } ?? []),
                context: context)
            if !recorded { return ExitStatus.failure }
            context.standardOutput.write(
                summary(card, plain: plain) + "Scorecard: \(base).scorecard.json\nReport: \(base).html\n")
        }
        return ExitStatus.success
    }

    /// Band and decision, a bar per dimension (none when `plain`, for screen readers), knockouts
    /// and flags: one screen.
    static func summary(_ card: ScoreCard, plain: Bool) -> String {
        var text = "\n\(card.candidateName): \(card.label) (\(card.decision))"
        if let overall = card.overall { text += ", overall \(SummaryTable.fixed(overall))" }
        text += "\n"
        let width = card.dimensions.map(\.name.count).max() ?? 0
        for dimension in card.dimensions {
            let padded = dimension.name + String(repeating: " ", count: width - dimension.name.count)
            if let score = dimension.score {
                let bar = plain ? "" : String(repeating: "█", count: Int((score / 5).rounded())) + " "
                text += "  \(padded)  \(bar)\(SummaryTable.fixed(score))\n"
            } else {
                text += "  \(padded)  (insufficient answers)\n"
            }
        }
        for knockout in card.knockouts { text += "  Knockout: \(knockout)\n" }
        for flag in card.flags { text += "  Flag: \(flag.message)\n" }
        return text
    }
}
