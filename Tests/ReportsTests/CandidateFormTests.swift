import DazzleJSON
import Foundation
import QuestionnaireEngine
import Reports
import Scoring
import Testing

/// The candidate's form as HTML: what `dazzle form` writes. Its behaviour in a browser (paging,
/// showIf, validation, autosave, the saved file) is checked in Chromium by scripts/check-form.
@Suite("Candidate form")
struct CandidateFormTests {
    func form(_ id: String) throws -> (form: CandidateForm, html: String) {
        let plan = try shippedPlan(id)
        let form = try CandidateForm(
            questionnaire: plan.questionnaire, demographics: plan.rubric.demographicQuestions)
        return (form, String(decoding: try form.html(renderer: ReportRenderer()), as: UTF8.self))
    }

    func count(_ needle: String, in text: String) -> Int {
        text.components(separatedBy: needle).count - 1
    }

    @Test("the form holds no answer and no candidate data until someone types it")
    func blank() throws {
        let page = try form("service-orientation-inventory").html
        let body = try #require(page.components(separatedBy: "<body>").last)
        let markup = try #require(body.components(separatedBy: "<script").first)
        #expect(count("checked", in: markup) == 0)
        #expect(markup.contains(#"data-detail="name" required"#))
        #expect(markup.contains(#"data-detail="role" value="""#), "no role unless HR fills it in")
        #expect(!markup.contains("@"), "no address in the page")
    }

    @Test("nothing is loaded from anywhere: no URL, no external script, style or image, and a CSP that forbids them")
    func selfContained() throws {
        for id in ["service-orientation-inventory", "pre-screen", "recovery-judgment-test"] {
            let html = try form(id).html
            #expect(!html.contains("http://") && !html.contains("https://"), "\(id)")
            #expect(!html.contains(" src="), "\(id)")
            #expect(!html.contains("<link"), "\(id)")
            #expect(html.contains("default-src 'none'"), "\(id)")
        }
    }

    @Test("likert, choice and yes/no are radio groups in a fieldset with a legend; multi is checkboxes")
    func nativeControls() throws {
        let inventory = try form("service-orientation-inventory").html
        #expect(count("<fieldset class=\"item\" id=\"item-q", in: inventory) == 45)
        #expect(count("<legend><span class=\"qnum\">", in: inventory) == 45)
        #expect(count("type=\"radio\" name=\"q", in: inventory) == 45 * 5)
        let preScreen = try form("pre-screen").html
        // languages: 5 options, a multi.
        #expect(count("type=\"checkbox\" name=\"q8-languages\"", in: preScreen) == 5)
        #expect(preScreen.contains(#"value="true"><span>Yes</span>"#))
        #expect(preScreen.contains(#"min="0" max="60" step="1""#), "years-serving: 0–60, whole")
        #expect(
            preScreen.contains(#"<textarea id="q4-recent-role-input" name="q4-recent-role" rows="6" maxlength="2000""#))
        #expect(preScreen.contains("A whole number from 0 to 60."))
    }

    @Test("a question shown under a condition is numbered after the one before it: no gaps on screen")
    func numbering() throws {
        let definition = try JSONReader().read(Array(try form("pre-screen").form.definition.utf8))
        let numbers = definition.objectValue?["items"]?.arrayValue?.compactMap {
            $0.objectValue?["number"]?.stringValue
        }
        #expect(numbers == ["1", "1a", "2", "2a", "3", "3a", "4", "5", "5a"])
    }

    @Test("the printed form says when a conditional question applies, with the option's words")
    func conditionSentence() throws {
        let html = try form("pre-screen").html
        #expect(html.contains("Answer only if your answer to question 1 is “No”."))
        #expect(html.contains("Answer only if your answer to question 2 is at least 1."))
        #expect(html.contains("Answer only if your answer to question 3 is “Later than a month”."))
        #expect(html.contains("Answer only if your answer to question 5 includes “Another language”."))
    }

    @Test("pages: details, one per section, the voluntary page, review, saved; progress names the section")
    func pages() throws {
        let html = try form("service-orientation-inventory").html
        #expect(count("<section class=\"page", in: html) == 1 + 6 + 1 + 2)
        #expect(html.contains("Section 2 of 6 · Page 3 of 10"))
        #expect(html.contains("About you (voluntary)"))
        #expect(count("Prefer not to say</label>", in: html) == 2, "gender and age band")
        #expect(html.contains("never shown to the people who rate or interview you"))
    }

    @Test("without demographic fields in the rubric there is no voluntary page")
    func noDemographics() throws {
        let plan = try shippedPlan("pre-screen")
        let form = try CandidateForm(questionnaire: plan.questionnaire)
        let html = String(decoding: try form.html(renderer: ReportRenderer()), as: UTF8.self)
        #expect(!html.contains("About you (voluntary)"))
        #expect(count("<section class=\"page", in: html) == 1 + 2 + 2)
    }

    @Test("the definition carries the set's id, version and content hash for the saved file")
    func definitionHash() throws {
        let (form, _) = try self.form("recovery-judgment-test")
        let definition = try JSONReader().read(Array(form.definition.utf8)).objectValue
        #expect(definition?["hash"]?.stringValue == form.questionnaire.contentHash)
        #expect(definition?["questionnaire"]?.stringValue == "recovery-judgment-test")
        #expect(definition?["version"]?.stringValue == "1.0.0")
    }

    @Test("question text cannot close the script element or inject markup")
    func hostileText() throws {
        let json = #"""
            {"format": "dazzle.questionnaire/1", "id": "h", "version": "1.0.0", "title": "</script><script>alert(1)</script>",
             "description": "d", "audience": "candidate",
             "sections": [{"id": "s", "title": "S", "items": [
               {"id": "a", "type": "choice", "text": "<img src=x onerror=alert(1)>", "options": [{"id": "x", "text": "\"><b>x</b>"}, {"id": "y", "text": "</script>"}]}]}]}
            """#
        let questionnaire = try #require(QuestionnaireLoader.load(Array(json.utf8), file: "h.json").questionnaire)
        let form = try CandidateForm(questionnaire: questionnaire)
        #expect(!form.definition.contains("<"))
        let html = String(decoding: try form.html(renderer: ReportRenderer()), as: UTF8.self)
        #expect(!html.contains("<img"))
        #expect(!html.contains("<b>x"))
        #expect(count("<script", in: html) == 2, "only the form's own two script elements")
    }

    @Test("an interview guide is refused: raters answer it, not candidates")
    func interviewRefused() throws {
        let plan = try shippedPlan("human-being-lovers-interview")
        #expect(throws: CandidateForm.Refusal.self) { try CandidateForm(questionnaire: plan.questionnaire) }
    }

    @Test("the same set gives the same bytes")
    func deterministic() throws {
        #expect(try form("pre-screen").html == (try form("pre-screen").html))
    }
}
