/// Parses Go (RE2, Perl flags) regular-expression syntax into `GoRegexNode`s; see `GoRegex` for what is covered.
struct GoRegexParser {
    let scalars: [Unicode.Scalar]
    var position = 0

    init(_ expression: String) {
        scalars = Array(expression.unicodeScalars)
    }

    var current: Unicode.Scalar? { position < scalars.count ? scalars[position] : nil }

    mutating func parse() throws(GoRegex.SyntaxError) -> GoRegexNode {
        let node = try alternation()
        if position < scalars.count { throw GoRegex.SyntaxError(message: "unexpected )") }
        return node
    }

    private mutating func alternation() throws(GoRegex.SyntaxError) -> GoRegexNode {
        var branches = [try sequence()]
        while current == "|" {
            position += 1
            branches.append(try sequence())
        }
        return branches.count == 1 ? branches[0] : .alternation(branches)
    }

    private mutating func sequence() throws(GoRegex.SyntaxError) -> GoRegexNode {
        var nodes: [GoRegexNode] = []
        while let scalar = current, scalar != "|", scalar != ")" {
            var node = try atom()
            if let quantifier = current, let kind = Self.repetition(quantifier) {
                position += 1
                if current == "?" { position += 1 }  // Lazy: the same set of matches.
                if let next = current, Self.repetition(next) != nil || next == "{" {
                    throw GoRegex.SyntaxError(message: "invalid nested repetition operator")
                }
                node = .repetition(node, atLeastOne: kind.atLeastOne, unbounded: kind.unbounded)
            }
            nodes.append(node)
        }
        return .sequence(nodes)
    }

    private static func repetition(_ scalar: Unicode.Scalar) -> (atLeastOne: Bool, unbounded: Bool)? {
        switch scalar {
        case "*": (false, true)
        case "+": (true, true)
        case "?": (false, false)
        default: nil
        }
    }

    private mutating func atom() throws(GoRegex.SyntaxError) -> GoRegexNode {
        guard let scalar = current else { throw GoRegex.SyntaxError(message: "missing argument") }
        position += 1
        switch scalar {
        case "(":
            if current == "?" { throw GoRegex.SyntaxError(message: "unsupported group flags") }
            let inner = try alternation()
            guard current == ")" else { throw GoRegex.SyntaxError(message: "missing closing )") }
            position += 1
            return inner
        case "[":
            return .test(try characterClass())
        case ".":
            return .test(.anyButNewline)
        case "^":
            return .assertion(.beginText)
        case "$":
            return .assertion(.endText)
        case "*", "+", "?":
            throw GoRegex.SyntaxError(message: "missing argument to repetition operator")
        case "\\":
            return try escapeAtom()
        default:
            return .test(.single(scalar))
        }
    }

    private mutating func escapeAtom() throws(GoRegex.SyntaxError) -> GoRegexNode {
        switch current {
        case "A":
            position += 1
            return .assertion(.beginText)
        case "z":
            position += 1
            return .assertion(.endText)
        case "b":
            position += 1
            return .assertion(.wordBoundary)
        case "B":
            position += 1
            return .assertion(.notWordBoundary)
        default:
            if let perlClass = perlClass() { return .test(perlClass) }
            return .test(.single(try escapedScalar()))
        }
    }
}
