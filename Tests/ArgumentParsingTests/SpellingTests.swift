import Spelling
import Testing

@Suite("Spelling suggestions")
struct SpellingTests {
    @Test("a swapped pair of letters is one edit")
    func transposition() {
        #expect(Spelling.editDistance(Array("scael"), Array("scale")) == 1)
        #expect(Spelling.closest(to: "dri", among: ["dir", "out"]) == "dir")
    }

    @Test("distant or very short words get no suggestion")
    func noSuggestion() {
        #expect(Spelling.closest(to: "z", among: ["x"]) == nil)
        #expect(Spelling.closest(to: "slider", among: ["likert", "choice"]) == nil)
        #expect(Spelling.closest(to: "nope", among: ["e", "f"]) == nil)
    }
}
