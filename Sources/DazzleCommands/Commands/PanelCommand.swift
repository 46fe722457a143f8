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
                ])
        ])

    var folder: String
    var raters: [String]
    var json: Bool

    init(_ arguments: ParsedArguments) throws(UsageError) {
        guard arguments.positionals.count == 1 else {
            throw UsageError(
                "Name one folder of interview journals: 'dazzle panel status interviews'.",
                commandPath: ["dazzle", "panel", "status"])
        }
        folder = arguments.positionals[0]
        raters = RatersOption.names(arguments)
        json = arguments.flag("json")
    }

    func run(in context: CommandContext) -> Int32 {
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
}
