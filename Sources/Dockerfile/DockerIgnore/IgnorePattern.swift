/// One .dockerignore pattern compiled as moby/patternmatcher compiles it: plain patterns compare exactly,
/// `dir/**` by prefix, `**/name` by suffix, and anything with wildcards through a generated regular expression.
struct IgnorePattern: Sendable {
    /// The pattern after cleaning, without its `!`.
    let text: String
    /// Whether this is a `!` exception, which re-includes what earlier patterns excluded.
    let isException: Bool
    private let matcher: Matcher

    private enum Matcher: Sendable {
        case exact(String)
        case prefix(String)
        case suffix(String)
        case expression(GoRegex)
    }

    init(text: String, isException: Bool) throws(GoRegex.SyntaxError) {
        self.text = text
        self.isException = isException
        matcher = try Self.compile(text)
    }

    func matches(_ path: String) -> Bool {
        switch matcher {
        case .exact(let pattern):
            return path == pattern
        case .prefix(let prefix):
            return path.hasPrefix(prefix)
        case .suffix(let suffix):
            if path.hasSuffix(suffix) { return true }
            // `**/foo` also matches `foo` itself.
            return suffix.hasPrefix("/") && path == String(suffix.dropFirst())
        case .expression(let expression):
            return expression.matches(path)
        }
    }

    private enum Kind {
        case exact
        case prefix
        case suffix
        case expression
    }

    /// patternmatcher's `compile`: builds the regular expression while working out whether a cheaper comparison
    /// does the same job. `*` becomes `[^/]*`, `?` `[^/]`, `**/` `(.*/)?` and a final `**` `.*`; `\` escapes the
    /// next character; `.+()|{}$` are escaped; `[` and `]` pass through as they are.
    private static func compile(_ pattern: String) throws(GoRegex.SyntaxError) -> Matcher {
        let scalars = Array(pattern.unicodeScalars)
        var expression = "^"
        var kind = Kind.exact
        var index = 0
        var isFirst = true
        while index < scalars.count {
            let scalar = scalars[index]
            index += 1
            defer { isFirst = false }
            switch scalar {
            case "*":
                guard index < scalars.count, scalars[index] == "*" else {
                    expression += "[^/]*"
                    kind = .expression
                    continue
                }
                index += 1
                if index < scalars.count && scalars[index] == "/" { index += 1 }
                if index == scalars.count {
                    // A final `**` accepts everything below, as in .gitignore.
                    if kind == .exact {
                        kind = .prefix
                    } else {
                        expression += ".*"
                        kind = .expression
                    }
                } else {
                    expression += "(.*/)?"
                    kind = .expression
                }
                if isFirst { kind = .suffix }
            case "?":
                expression += "[^/]"
                kind = .expression
            case ".", "+", "(", ")", "|", "{", "}", "$":
                expression += "\\" + String(scalar)
            case "\\":
                if index < scalars.count {
                    expression += "\\" + String(scalars[index])
                    index += 1
                    kind = .expression
                } else {
                    expression += "\\"
                }
            case "[", "]":
                expression += String(scalar)
                kind = .expression
            default:
                expression.unicodeScalars.append(scalar)
            }
        }
        switch kind {
        case .exact: return .exact(pattern)
        case .prefix: return .prefix(String(pattern.unicodeScalars.dropLast(2)))
        case .suffix: return .suffix(String(pattern.unicodeScalars.dropFirst(2)))
        case .expression: return .expression(try GoRegex(expression + "$"))
        }
    }
}
