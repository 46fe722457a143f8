import DazzleJSON
import QuestionnaireEngine

extension InterviewSession {
    /// The session as a `dazzle.submission/1` object (one line, newline included): the visible
    /// questions' answers, each with its notes in order (a question skipped but noted keeps its
    /// notes with a `null` value), who and when (start and end with their time zone), the
    /// seconds spent per question and in all, the question set's content hash, and the
    /// interview's structure score when given.
    public func submission(header: Journal.Header, ended: String, structure: InterviewStructure? = nil) -> [UInt8] {
        var writer = JSONWriter(reservingCapacity: 4096)
        writer.beginObject()
        writer.key("format")
        writer.string("dazzle.submission/1")
        writer.key("questionnaire")
        writer.string(questionnaire.id)
        writer.key("version")
        writer.string(questionnaire.version)
        writer.key("questionnaireHash")
        writer.string(questionnaire.contentHash)
        writer.key("candidate")
        writer.beginObject()
        writer.key("id")
        writer.string(header.candidateID)
        writer.key("name")
        writer.string(header.candidateName)
        if let email = header.email {
            writer.key("email")
            writer.string(email)
        }
        if let role = header.role {
            writer.key("role")
            writer.string(role)
        }
        writer.endObject()
        writer.key("rater")
        writer.string(header.rater)
        writer.key("started")
        writer.string(header.started)
        writer.key("submitted")
        writer.string(ended)
        writer.key("seconds")
        writer.number(totalSeconds, decimals: 1)
        let visible = visibleItems
        writer.key("itemSeconds")
        writer.beginObject()
        for item in visible {
            guard let seconds = secondsByItem[item.id] else { continue }
            writer.key(named: item.id)
            writer.number(seconds, decimals: 1)
        }
        writer.endObject()
        if let structure {
            writer.key("structure")
            writer.beginObject()
            writer.key("met")
            writer.integer(structure.score.met)
            writer.key("of")
            writer.integer(structure.score.of)
            writer.key("notMet")
            writer.beginArray()
            for component in structure.components where !component.met { writer.string(component.name) }
            writer.endArray()
            writer.endObject()
        }
        writer.key("answers")
        writer.beginObject()
        for item in visible {
            let answer = answers[item.id]
            let itemNotes = notes[item.id] ?? []
            guard answer != nil || !itemNotes.isEmpty else { continue }
            writer.key(named: item.id)
            if itemNotes.isEmpty, let answer {
                answer.write(to: &writer, decimals: 6)
                continue
            }
            writer.beginObject()
            writer.key("value")
            if let answer { answer.write(to: &writer, decimals: 6) } else { writer.null() }
            writer.key("notes")
            writer.beginArray()
            for note in itemNotes { writer.string(note) }
            writer.endArray()
            writer.endObject()
        }
        writer.endObject()
        writer.endObject()
        writer.endLine()
        return writer.bytes
    }
}
