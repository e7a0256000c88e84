/// The word a misspelt one most likely meant: `comit` → `commit`.
enum NearestWord {
    /// The word of `words` fewest edits (insertions, deletions, substitutions, swaps of two
    /// neighbours) away from `typed`, if it is near enough to be a slip: one edit for a word of up
    /// to four letters, two for longer ones. The first of equally near words wins.
    static func nearest(to typed: String, among words: [String]) -> String? {
        let limit = typed.count <= 4 ? 1 : 2
        var best: (word: String, distance: Int)?
        for word in words where word != typed {
            let distance = edits(Array(typed), Array(word))
            if distance <= limit, distance < (best?.distance ?? .max) { best = (word, distance) }
        }
        return best?.word
    }

    /// The optimal string alignment distance: Levenshtein's, with a swap of neighbours as one edit.
    static func edits(_ a: [Character], _ b: [Character]) -> Int {
        guard !a.isEmpty else { return b.count }
        guard !b.isEmpty else { return a.count }
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
