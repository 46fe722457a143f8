import Submissions

extension SubmissionDecoder {
    /// A decoder for the plan's question set.
    public init(plan: ScoringPlan) { self.init(layout: plan.layout) }
}

extension CSVSubmissionReader {
    /// A reader for the plan's question set.
    public init(plan: ScoringPlan) { self.init(layout: plan.layout) }
}
