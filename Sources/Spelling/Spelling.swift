/// Suggestions for misspelt names, the "did you mean" of error messages.
public enum Spelling {
    /// The candidate closest to `word`, if it is close enough to be a likely typo.
    ///
    /// Close enough means an edit distance below 4 and below the length of the word, the rule
    /// swift-argument-parser follows; ties go to the earlier candidate.
    /// - Complexity: O(n·m·k) for k candidates of length m and a word of length n.
    public static func closest(to word: String, among candidates: some Sequence<String>) -> String? {
        let letters = Array(word.lowercased())
        var best: (name: String, distance: Int)?
        for candidate in candidates {
            let distance = editDistance(letters, Array(candidate.lowercased()))
            if distance < 4, distance < max(letters.count, 2), distance < (best?.distance ?? .max) {
                best = (candidate, distance)
            }
        }
        return best?.name
    }

    /// The Levenshtein distance: insertions, deletions and substitutions needed to turn `a` into `b`.
    public static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
                current[j] = min(previous[j] + 1, current[j - 1] + 1, substitution)
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
