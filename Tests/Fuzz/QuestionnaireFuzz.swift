import DazzleJSON
import QuestionnaireEngine
import Scoring

/// Any bytes as a question set with an embedded rubric: loaded, or diagnostics with errors;
/// a loaded set's canonical JSON loads again to the same set.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzQuestionnaire(_ data: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: count))
    let loaded = QuestionnaireLoader.load(bytes, file: "fuzz.json")
    guard let questionnaire = loaded.questionnaire else {
        precondition(loaded.diagnostics.containsErrors, "no question set, yet no error")
        return 0
    }
    let canonical = questionnaire.canonicalJSON()
    let again = QuestionnaireLoader.load(canonical, file: "canonical.json")
    precondition(again.questionnaire?.canonicalJSON() == canonical, "the canonical JSON does not load to the same set")
    if let source = loaded.rubricSource {
        let rubric = RubricLoader.load(source, file: "fuzz.json", for: questionnaire, embedded: true)
        precondition(rubric.rubric != nil || rubric.diagnostics.containsErrors, "no rubric, yet no error")
        if let compiled = rubric.rubric { _ = ScoringPlan(questionnaire: questionnaire, rubric: compiled) }
    }
    return 0
}
