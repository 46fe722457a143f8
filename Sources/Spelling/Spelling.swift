/// Suggestions for misspelt names, the "did you mean" of error messages.
public enum Spelling {
    /// The candidate closest to `word`, if it is close enough to be a likely typo.
    ///
    /// Close enough means at most one edit per three letters (at least one), and fewer edits than
    /// the word has letters, so `'z'` never suggests `'x'`; a swapped pair of letters counts as one
    /// edit. Ties go to the earlier candidate.
    /// - Complexity: O(n·m·k) for k candidates of length m and a word of length n.
    public static func closest(to word: String, among candidates: some Sequence<String>) -> String? {
        let letters = Array(word.lowercased())
        var best: (name: String, distance: Int)?
        for candidate in candidates {
            let distance = editDistance(letters, Array(candidate.lowercased()))
            if distance <= max(1, letters.count / 3), distance < letters.count,
                distance < (best?.distance ?? .max)
            {
                best = (candidate, distance)
            }
        }
        return best?.name
    }

    /// The optimal string alignment distance: insertions, deletions, substitutions and swaps of
    /// adjacent letters needed to turn `a` into `b`.
    public static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var table = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { table[i][0] = i }
        for j in 0...b.count { table[0][j] = j }
        for i in 1...a.count {
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                table[i][j] = min(table[i - 1][j] + 1, table[i][j - 1] + 1, table[i - 1][j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    table[i][j] = min(table[i][j], table[i - 2][j - 2] + 1)
                }
            }
        }
        return table[a.count][b.count]
    }
}
