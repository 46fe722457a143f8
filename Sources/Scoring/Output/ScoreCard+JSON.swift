import DazzleJSON

extension ScoreCard {
    /// The format tag of a scorecard file.
    public static let format = "dazzle.scorecard/1"

    /// Writes the scorecard as one JSON object (no trailing newline).
    public func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.key("format")
        writer.string(Self.format)
        writer.key("candidate")
        writer.beginObject()
        writer.key("id")
        writer.string(candidateID)
        writer.key("name")
        writer.string(candidateName)
        if let candidateEmail {
            writer.key("email")
            writer.string(candidateEmail)
        }
        if let role {
            writer.key("role")
            writer.string(role)
        }
        writer.endObject()
        writer.key("questionnaire")
        writer.beginObject()
        writer.key("id")
        writer.string(questionnaireID)
        writer.key("version")
        writer.string(questionnaireVersion)
        writer.endObject()
        writer.key("rubric")
        writer.beginObject()
        writer.key("id")
        writer.string(rubricID)
        writer.key("version")
        writer.string(rubricVersion)
        writer.endObject()
        writer.key("raters")
        writer.beginArray()
        for rater in raters { writer.string(rater) }
        writer.endArray()
        writer.key("submitted")
        writer.string(submitted)
        writer.key("seconds")
        if let seconds { writer.number(seconds, decimals: 1) } else { writer.null() }
        writer.key("overall")
        if let overall { writer.number(overall, decimals: 2) } else { writer.null() }
        writer.key("label")
        writer.string(label)
        writer.key("decision")
        writer.string(decision)
        writer.key("dimensions")
        writer.beginArray()
        for dimension in dimensions {
            writer.beginObject()
            writer.key("id")
            writer.string(dimension.id)
            writer.key("name")
            writer.string(dimension.name)
            writer.key("weight")
            writer.number(dimension.weight)
            writer.key("score")
            if let score = dimension.score { writer.number(score, decimals: 2) } else { writer.null() }
            writer.key("answered")
            writer.integer(dimension.answered)
            writer.key("total")
            writer.integer(dimension.total)
            writer.endObject()
        }
        writer.endArray()
        writer.key("knockouts")
        writer.beginArray()
        for knockout in knockouts { writer.string(knockout) }
        writer.endArray()
        writer.key("flags")
        writer.beginArray()
        for flag in flags {
            writer.beginObject()
            writer.key("kind")
            writer.string(flag.kind)
            writer.key("message")
            writer.string(flag.message)
            writer.endObject()
        }
        writer.endArray()
        writer.key("explanation")
        writer.beginArray()
        for line in explanation {
            writer.beginObject()
            writer.key("item")
            writer.string(line.itemID)
            writer.key("dimension")
            writer.string(line.dimensionID)
            writer.key("answer")
            writer.string(line.answer)
            writer.key("score")
            if let score = line.itemScore { writer.number(score) } else { writer.null() }
            writer.key("weight")
            writer.number(line.weight)
            writer.key("contribution")
            writer.number(line.contribution)
            writer.endObject()
        }
        writer.endArray()
        if !ratings.isEmpty {
            writer.key("ratings")
            writer.beginArray()
            for rating in ratings {
                writer.beginObject()
                writer.key("rater")
                writer.string(rating.rater)
                writer.key("item")
                writer.string(rating.itemID)
                writer.key("value")
                writer.number(rating.value)
                writer.key("note")
                writer.string(rating.note)
                writer.endObject()
            }
            writer.endArray()
        }
        writer.key("warnings")
        writer.beginArray()
        for warning in warnings { writer.string(warning) }
        writer.endArray()
        writer.key("sources")
        writer.beginArray()
        for source in sources { writer.string(source) }
        writer.endArray()
        writer.endObject()
    }
}

extension Rejection {
    /// Writes the rejection as one JSON object: source, candidate (when known) and reason.
    public func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.key("source")
        writer.string(source)
        writer.key("candidate")
        writer.string(candidateID)
        writer.key("reason")
        writer.string(reason)
        writer.endObject()
    }
}
