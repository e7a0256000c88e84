/// A regular expression with Go's (RE2) syntax and meaning, for the expressions patternmatcher generates from
/// .dockerignore patterns. Those mostly use literals, `[^/]*`, `(.*/)?` and `.*`, but characters of the pattern
/// such as `[`, `]` and `^` reach the expression unescaped, so their regular-expression meaning must be Go's.
///
/// Supported: literals, `.`, classes (ranges, negation, `[:alpha:]`-style and `\d \s \w` classes), groups,
/// alternation, `*`, `+`, `?` (also lazy), the assertions `^ $ \A \z \b \B`, and escapes (`\x41`, octal, `\n`...).
/// Not supported (rejected as bad patterns): `\p` Unicode classes, `\Q...\E` and `(?flags)`. Braces are always
/// literal, since patternmatcher escapes them and `{n,m}` counts can never be generated.
/// Matching simulates a Thompson automaton, so time stays linear in the path's length.
struct GoRegex {
    struct SyntaxError: Error {
        var message: String
    }

    private let program: GoRegexProgram

    init(_ expression: String) throws(SyntaxError) {
        var parser = GoRegexParser(expression)
        program = GoRegexProgram(try parser.parse())
    }

    /// Whether the expression matches anywhere in `text`, as Go's `MatchString` does.
    func matches(_ text: String) -> Bool {
        program.matches(Array(text.unicodeScalars))
    }
}

/// The parsed form of an expression.
indirect enum GoRegexNode {
    case test(ScalarTest)
    case assertion(GoRegexAssertion)
    case sequence([GoRegexNode])
    case alternation([GoRegexNode])
    /// `*` (0, unbounded), `+` (1, unbounded) and `?` (0, bounded to one).
    case repetition(GoRegexNode, atLeastOne: Bool, unbounded: Bool)
}

enum GoRegexAssertion {
    case beginText
    case endText
    case wordBoundary
    case notWordBoundary

    func holds(at position: Int, in text: [Unicode.Scalar]) -> Bool {
        switch self {
        case .beginText: return position == 0
        case .endText: return position == text.count
        case .wordBoundary, .notWordBoundary:
            let before = position > 0 && Self.isWordCharacter(text[position - 1])
            let after = position < text.count && Self.isWordCharacter(text[position])
            return (before != after) == (self == .wordBoundary)
        }
    }

    /// Go's `\b` only knows ASCII word characters.
    private static func isWordCharacter(_ scalar: Unicode.Scalar) -> Bool {
        scalar.isASCIIDigit || ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || scalar == "_"
    }
}
