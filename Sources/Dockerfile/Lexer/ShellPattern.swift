/// A shell wildcard pattern from `${VAR#pattern}`, `${VAR%pattern}` or `${VAR/pattern/replacement}`: `*` matches
/// any text, `?` any one character, `\` makes `*`, `?` or `\` literal, and everything else matches itself.
///
/// BuildKit turns the pattern into a Go regular expression (`.*` or `.*?`, `.`) and lets Go find the leftmost
/// match, preferring longer or shorter stars. This matcher backtracks in the same order, so it finds the same
/// match; like Go's `.`, its wildcards never match a newline.
struct ShellPattern {
    private enum Token: Equatable {
        case literal(Unicode.Scalar)
        case anyCharacter
        case anyText
    }

    private let tokens: [Token]
    private let greedy: Bool
    private let anchored: Bool

    private init(tokens: [Token], greedy: Bool, anchored: Bool) {
        self.tokens = tokens
        self.greedy = greedy
        self.anchored = anchored
    }

    /// Compiles `pattern`; `greedy` makes `*` prefer the longest text, `anchored` only matches at the start.
    static func compile(_ pattern: String, greedy: Bool, anchored: Bool) throws(ShellLexerFailure) -> ShellPattern {
        let scalars = Array(pattern.unicodeScalars)
        var tokens: [Token] = []
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            index += 1
            switch scalar {
            case "*":
                tokens.append(.anyText)
            case "?":
                tokens.append(.anyCharacter)
            case "\\":
                // `\}` and `\/` were escaped only to get past the `${...}` syntax; the backslash goes.
                if index < scalars.count && (scalars[index] == "}" || scalars[index] == "/") { continue }
                let escaped = index < scalars.count ? scalars[index] : "\u{FFFD}"
                index += 1
                guard escaped == "*" || escaped == "?" || escaped == "\\" else {
                    throw ShellLexerFailure(
                        "invalid pattern (\(pattern)) in substitution: invalid escape '\\\(escaped)'")
                }
                tokens.append(.literal(escaped))
            default:
                tokens.append(.literal(scalar))
            }
        }
        return ShellPattern(tokens: tokens, greedy: greedy, anchored: anchored)
    }

    /// `${VAR#pattern}` (shortest) and `${VAR##pattern}` (`greedy`, longest): `value` without a matching prefix.
    static func trimPrefix(_ pattern: String, from value: String, greedy: Bool) throws(ShellLexerFailure) -> String {
        let matcher = try compile(pattern, greedy: greedy, anchored: true)
        let text = Array(value.unicodeScalars)
        guard let match = matcher.firstMatch(in: text, from: 0) else { return value }
        return String(scalars: text[match.upperBound...])
    }

    /// `${VAR%pattern}` and `${VAR%%pattern}`: `value` without a matching suffix. As in BuildKit, both the
    /// pattern and the value are reversed so that the suffix becomes a prefix.
    static func trimSuffix(_ pattern: String, from value: String, greedy: Bool) throws(ShellLexerFailure) -> String {
        let reversedValue = String(String.UnicodeScalarView(value.unicodeScalars.reversed()))
        let trimmed = try trimPrefix(reversedPattern(pattern), from: reversedValue, greedy: greedy)
        return String(String.UnicodeScalarView(trimmed.unicodeScalars.reversed()))
    }

    /// Reverses a pattern while keeping each escape before the character it escapes: `a\*c` becomes `c\*a`.
    static func reversedPattern(_ pattern: String) -> String {
        let scalars = Array(pattern.unicodeScalars)
        var reversed = [Unicode.Scalar](repeating: "\0", count: scalars.count)
        let last = scalars.count - 1
        var index = 0
        while index <= last {
            let scalar = scalars[index]
            let target = last - index
            if scalar == "\\" && index != last {
                reversed[target - 1] = scalar
                reversed[target] = scalars[index + 1]
                index += 2
            } else {
                reversed[target] = scalar
                index += 1
            }
        }
        return String(scalars: reversed)
    }

    /// `${VAR/pattern/replacement}`: the first match replaced, the replacement taken literally.
    func replacingFirst(in value: String, with replacement: String) -> String {
        let text = Array(value.unicodeScalars)
        guard let match = firstMatch(in: text, from: 0) else { return value }
        return String(scalars: text[..<match.lowerBound]) + replacement + String(scalars: text[match.upperBound...])
    }

    /// `${VAR//pattern/replacement}`: every match replaced, as Go's `ReplaceAllString` does it. That includes
    /// its template syntax, where `$0` stands for the match, `$$` for a dollar and other `$names` for nothing.
    func replacingAll(in value: String, with replacement: String) -> String {
        let text = Array(value.unicodeScalars)
        var output: [Unicode.Scalar] = []
        var lastMatchEnd = 0
        var searchPosition = 0
        while searchPosition <= text.count, let match = firstMatch(in: text, from: searchPosition) {
            output += text[lastMatchEnd..<match.lowerBound]
            // An empty match right after a previous match is not replaced twice.
            if match.upperBound > lastMatchEnd || match.lowerBound == 0 {
                output += GoReplacementTemplate.expand(replacement, match: text[match])
            }
            lastMatchEnd = match.upperBound
            searchPosition = searchPosition + 1 > match.upperBound ? searchPosition + 1 : match.upperBound
        }
        output += text[lastMatchEnd...]
        return String(scalars: output)
    }

    /// The leftmost match at or after `start`, chosen among equally leftmost ones in backtracking order.
    func firstMatch(in text: [Unicode.Scalar], from start: Int) -> Range<Int>? {
        let starts = anchored ? start...start : start...text.count
        for candidate in starts {
            var failures = Set<Int>()
            if let end = match(token: 0, at: candidate, in: text, failures: &failures) {
                return candidate..<end
            }
        }
        return nil
    }

    /// Where a match of `tokens[token...]` starting at `position` ends, trying alternatives in preference order.
    /// `failures` remembers (token, position) pairs already known not to match, which keeps stars polynomial.
    private func match(token: Int, at position: Int, in text: [Unicode.Scalar], failures: inout Set<Int>) -> Int? {
        if token == tokens.count { return position }
        let key = token * (text.count + 1) + position
        if failures.contains(key) { return nil }
        var end: Int?
        switch tokens[token] {
        case .literal(let scalar):
            if position < text.count && text[position] == scalar {
                end = match(token: token + 1, at: position + 1, in: text, failures: &failures)
            }
        case .anyCharacter:
            if position < text.count && text[position] != "\n" {
                end = match(token: token + 1, at: position + 1, in: text, failures: &failures)
            }
        case .anyText:
            var limit = position
            while limit < text.count && text[limit] != "\n" { limit += 1 }
            let candidates = greedy ? Array((position...limit).reversed()) : Array(position...limit)
            for candidate in candidates {
                end = match(token: token + 1, at: candidate, in: text, failures: &failures)
                if end != nil { break }
            }
        }
        if end == nil { failures.insert(key) }
        return end
    }
}
