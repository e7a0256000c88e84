/// BuildKit's `suggest` package: when a name is unknown, offer the closest known one if it is fewer than three
/// edits away, so that `RUNN` gets "did you mean RUN?".
enum Suggestion {
    /// The " (did you mean X?)" suffix BuildKit appends, or an empty string when nothing is close enough.
    static func suffix(for value: String, among options: [String], caseSensitive: Bool) -> String {
        guard let match = closest(to: value, among: options, caseSensitive: caseSensitive) else { return "" }
        return " (did you mean \(match)?)"
    }

    static func closest(to value: String, among options: [String], caseSensitive: Bool) -> String? {
        let wanted = caseSensitive ? value : value.lowercased()
        var match: String?
        var smallest = 3
        // Go walks a map in random order; sorting keeps ties deterministic.
        for option in options.sorted() {
            let candidate = caseSensitive ? option : option.lowercased()
            // An exact match means the error was about something else, so suggesting would mislead.
            if candidate == wanted { return nil }
            let distance = levenshtein(Array(wanted.unicodeScalars), Array(candidate.unicodeScalars))
            if distance < smallest {
                match = caseSensitive ? candidate : matchingCase(candidate, of: value)
                smallest = distance
            }
        }
        return match
    }

    private static func matchingCase(_ suggestion: String, of original: String) -> String {
        if original == original.lowercased() { return suggestion.lowercased() }
        if original == original.uppercased() { return suggestion.uppercased() }
        return suggestion
    }

    private static func levenshtein(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Int {
        var previous = Array(0...b.count)
        for (i, left) in a.enumerated() {
            var current = [i + 1] + Array(repeating: 0, count: b.count)
            for (j, right) in b.enumerated() {
                let substitution = previous[j] + (left == right ? 0 : 1)
                current[j + 1] = min(previous[j + 1] + 1, current[j] + 1, substitution)
            }
            previous = current
        }
        return previous[b.count]
    }
}
