import Analytics
import ArgumentParsing
import DazzleJSON
import Foundation
import Interviewing
import Scoring

/// `dazzle panel status DIR`: which interviewers of each candidate's panel have sealed.
struct PanelCommand: Command {
    static let spec = CommandSpec(
        name: "panel",
        abstract: "See which interviewers of each panel have sealed their ratings.",
        subcommands: [
            CommandSpec(
                name: "status",
                abstract: "Per candidate: the raters who have sealed, who are still open, who have not started.",
                discussion: """
                    Reads the interview journals in DIR (the --out folder the panel's interviewers \
                    share) and the submissions beside them. A rater's ratings are sealed when the \
                    interview finished and its submission still matches the seal the journal \
                    recorded; an edited submission or journal is named. Expected raters: --raters, \
                    else everyone who rated a candidate of that question set in DIR. Each session's \
                    structure score follows (the observable parts of a structured interview; see \
                    README). Exit status 0 when every panel is complete, 2 when some are still \
                    provisional, 1 when sealed ratings were changed or a file cannot be read.
                    """,
                arguments: [ArgumentSpec("folder", help: "The folder of interview journals.")],
                options: [
                    RatersOption.spec,
                    .flag("json", help: "Write the status as JSON (dazzle.panel-status/1) on stdout."),
                ]),
            CommandSpec(
                name: "raters",
                abstract: "Each rater's leniency and its drift over time, from panels and calibrations.",
                discussion: """
                    Reads the interview submissions in DIR (panels of two or more raters) and the \
                    calibration results (dazzle calibrate). Leniency: a rater's ratings minus their \
                    panel's mean, averaged per interview; elevation: a calibration's mean difference \
                    from the experts. Drift: the least-squares slope of those per-session figures \
                    against their dates, in scale points per 30 days (positive: growing more \
                    lenient). Exit status 0, or 1 when DIR holds neither.
                    """,
                arguments: [ArgumentSpec("folder", help: "Interview sessions and calibration results.")],
                options: [
                    .option(
                        "questionnaire", short: "q", value: "set",
                        help: "The interview (default: the one the submissions name).")
                ]),
        ])

    var folder: String
    var raters: [String]
    var json: Bool
    var questionnaire: String?
    var subcommand: String

    init(_ arguments: ParsedArguments) throws(UsageError) {
        subcommand = arguments.commandPath.last ?? "status"
        guard arguments.positionals.count == 1 else {
            throw UsageError(
                "Name one folder of interview sessions: 'dazzle panel \(subcommand) interviews'.",
                commandPath: ["dazzle", "panel", subcommand])
        }
        folder = arguments.positionals[0]
        raters = RatersOption.names(arguments)
        json = arguments.flag("json")
        questionnaire = arguments.value("questionnaire")
    }

    func run(in context: CommandContext) -> Int32 {
        subcommand == "raters" ? runRaters(context: context) : runStatus(context: context)
    }

    func runStatus(context: CommandContext) -> Int32 {
        let found: PanelFolder
        do {
            found = try PanelFolder.read(folder, expected: raters, context: context)
        } catch {
            context.standardError.write("\(error)\n")
            return ExitStatus.failure
        }
        for problem in found.problems { context.standardError.write("warning: \(problem)\n") }
        context.standardOutput.write(json ? Self.json(found) : Self.text(found))
        if found.panels.contains(where: \.completeness.isChanged) || !found.problems.isEmpty {
            return ExitStatus.failure
        }
        return found.panels.allSatisfy(\.completeness.isComplete) ? ExitStatus.success : ExitStatus.someRejected
    }

    static func stateText(_ state: PanelCompleteness.State) -> String {
        switch state {
        case .sealed: "sealed"
        case .unsealed: "finished, not sealed"
        case .open(let answered, let questions): "open, \(answered) of \(questions) answered"
        case .changed(let what): "CHANGED AFTER SEALING: \(what)"
        case .missing: "not started"
        }
    }

    static func text(_ found: PanelFolder) -> String {
        var text = ""
        let sets = found.panels.map(\.questionnaireID).reduce(into: [String]()) {
            if !$0.contains($1) { $0.append($1) }
        }
        for set in sets {
            let panels = found.panels.filter { $0.questionnaireID == set }
            let complete = panels.filter(\.completeness.isComplete).count
            text +=
                "\(set): \(panels.count) candidate\(panels.count == 1 ? "" : "s"), \(complete) complete, \(panels.count - complete) provisional\n"
            for panel in panels {
                let verdict = panel.completeness.isComplete ? "complete" : "provisional"
                text += "\n\(panel.candidateName) (\(panel.candidateID)): \(verdict): \(panel.completeness.summary)\n"
                let width = panel.completeness.raters.map(\.name.count).max() ?? 0
                for rater in panel.completeness.raters {
                    let padded = rater.name + String(repeating: " ", count: width - rater.name.count)
                    var line = "  \(padded)  \(stateText(rater.state))"
                    if let structure = panel.sessions.first(where: { $0.rater == rater.name })?.structure {
                        let (met, of) = structure.score
                        let missed = structure.components.filter { !$0.met }.map(\.name)
                        line +=
                            " · structure \(met) of \(of)"
                            + (missed.isEmpty ? "" : " (not met: \(missed.joined(separator: ", ")))")
                    }
                    text += line + "\n"
                }
            }
            text += "\n"
        }
        return text
    }

    static func json(_ found: PanelFolder) -> String {
        var writer = JSONWriter()
        writer.beginObject()
        writer.key("format")
        writer.string("dazzle.panel-status/1")
        writer.key("panels")
        writer.beginArray()
        for panel in found.panels {
            writer.beginObject()
            writer.key("questionnaire")
            writer.string(panel.questionnaireID)
            writer.key("candidate")
            writer.string(panel.candidateID)
            writer.key("complete")
            writer.bool(panel.completeness.isComplete)
            writer.key("summary")
            writer.string(panel.completeness.summary)
            writer.key("raters")
            writer.beginArray()
            for rater in panel.completeness.raters {
                writer.beginObject()
                writer.key("rater")
                writer.string(rater.name)
                writer.key("state")
                writer.string(stateText(rater.state))
                if let session = panel.sessions.first(where: { $0.rater == rater.name }) {
                    writer.key("journal")
                    writer.string(session.journal)
                    if let structure = session.structure {
                        writer.key("structure")
                        writer.beginObject()
                        writer.key("met")
                        writer.integer(structure.score.met)
                        writer.key("of")
                        writer.integer(structure.score.of)
                        writer.key("components")
                        writer.beginArray()
                        for component in structure.components {
                            writer.beginObject()
                            writer.key("name")
                            writer.string(component.name)
                            writer.key("met")
                            writer.bool(component.met)
                            writer.key("detail")
                            writer.string(component.detail)
                            writer.endObject()
                        }
                        writer.endArray()
                        writer.endObject()
                    }
                }
                writer.endObject()
            }
            writer.endArray()
            writer.endObject()
        }
        writer.endArray()
        writer.key("problems")
        writer.beginArray()
        for problem in found.problems { writer.string(problem) }
        writer.endArray()
        writer.endObject()
        writer.endLine()
        return String(decoding: writer.bytes, as: UTF8.self)
    }

    func runRaters(context: CommandContext) -> Int32 {
        var interviews: [RaterDrift] = []
        if let loaded = try? BatchInput.load(
            [folder], questionnaire: questionnaire, rubric: nil, jobs: 2, context: context)
        {
            interviews = RaterDrift.fromPanels(loaded.outcome.groups, plan: loaded.plan)
        }
        let calibrations = Self.calibrations(in: folder, context: context)
        guard !interviews.isEmpty || !calibrations.isEmpty else {
            context.standardError.write(
                "\(folder): error: No panel of two or more raters and no calibration result here; name the folder the interviews (or 'dazzle calibrate') wrote to.\n"
            )
            return ExitStatus.failure
        }
        context.standardOutput.write(Self.ratersTable(interviews: interviews, calibrations: calibrations))
        return ExitStatus.success
    }

    /// Each rater's calibration elevations, dated, from the `*.calibration.json` files under `folder`.
    static func calibrations(in folder: String, context: CommandContext) -> [RaterDrift] {
        let files =
            (try? FolderSearch(extensions: ["json"], emptyFolderMessage: "").files(in: [folder], context: context))
            ?? []
        var points: [String: [RaterDrift.Point]] = [:]
        for file in files where file.hasSuffix(CalibrateCommand.resultSuffix) {
            guard let bytes = try? FileReader().read(context.resolve(file), displayPath: file),
                let object = try? JSONReader().read(bytes).objectValue,
                object["format"]?.stringValue == "dazzle.calibration/1", let rater = object["rater"]?.stringValue,
                let elevation = object["elevation"]?.numberValue
            else { continue }
            points[rater, default: []].append(
                RaterDrift.Point(date: object["at"]?.stringValue.map { String($0.prefix(10)) }, difference: elevation))
        }
        return points.keys.sorted().map { rater in
            RaterDrift(rater: rater, points: (points[rater] ?? []).sorted { ($0.date ?? "") < ($1.date ?? "") })
        }
    }

    static func ratersTable(interviews: [RaterDrift], calibrations: [RaterDrift]) -> String {
        func signed(_ value: Double?) -> String {
            guard let value else { return "—" }
            return (value > 0.0049 ? "+" : "") + CalibrationResult.twoDecimals(value)
        }
        let names = Set(interviews.map(\.rater) + calibrations.map(\.rater)).sorted()
        var rows = [["RATER", "INTERVIEWS", "LENIENCY", "DRIFT/30D", "CALIBRATIONS", "ELEVATION", "DRIFT/30D"]]
        for name in names {
            let interview = interviews.first { $0.rater == name }
            let calibration = calibrations.first { $0.rater == name }
            rows.append([
                name, String(interview?.points.count ?? 0), signed(interview.map(\.mean)),
                signed(interview?.driftPer30Days), String(calibration?.points.count ?? 0),
                signed(calibration?.points.last?.difference), signed(calibration?.driftPer30Days),
            ])
        }
        let widths = rows[0].indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
        var text = ""
        for row in rows {
            text +=
                zip(row, widths).map { cell, width in cell + String(repeating: " ", count: width - cell.count) }.joined(
                    separator: "  "
                ).trimmingCharacters(in: .whitespaces) + "\n"
        }
        text +=
            "Leniency: ratings minus the panel's mean, per interview; elevation: the latest calibration's mean difference from the experts. Above 0 is lenient. Drift: points per 30 days.\n"
        return text
    }
}
