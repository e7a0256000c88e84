/// Character classes: `[...]`, `[:alpha:]`-style POSIX classes and `\d`-style Perl classes.
extension GoRegexParser {
    /// `\d`, `\s`, `\w` and their upper-case negations, with the `\` already read.
    mutating func perlClass() -> ScalarTest? {
        guard let letter = current else { return nil }
        let ranges: [ClosedRange<UInt32>]
        switch letter {
        case "d", "D": ranges = [48...57]
        case "s", "S": ranges = [9...10, 12...13, 32...32]
        case "w", "W": ranges = [48...57, 65...90, 95...95, 97...122]
        default: return nil
        }
        position += 1
        return ScalarTest(ranges: ranges, negated: letter == "D" || letter == "S" || letter == "W")
    }

    /// A class after its `[`: Go's `parseClass`. A `]` right after `[` or `[^` is literal, `-` is literal where it
    /// cannot form a range, and `[:name:]` adds a POSIX class.
    mutating func characterClass() throws(GoRegex.SyntaxError) -> ScalarTest {
        var test = ScalarTest(ranges: [])
        if current == "^" {
            test.negated = true
            position += 1
        }
        var first = true
        while current != "]" || first {
            first = false
            guard current != nil else { throw GoRegex.SyntaxError(message: "missing closing ]") }
            if let posix = try posixClass() {
                test.ranges += posix
                continue
            }
            if current == "\\" {
                position += 1
                if let perl = perlClass() {
                    test.ranges += perl.negated ? perl.complementRanges : perl.ranges
                    continue
                }
                position -= 1
            }
            let low = try classCharacter()
            var high = low
            if current == "-", position + 1 < scalars.count, scalars[position + 1] != "]" {
                position += 1
                high = try classCharacter()
                if high.value < low.value { throw GoRegex.SyntaxError(message: "invalid character class range") }
            }
            test.ranges.append(low.value...high.value)
        }
        position += 1
        return test
    }

    private mutating func classCharacter() throws(GoRegex.SyntaxError) -> Unicode.Scalar {
        guard let scalar = current else { throw GoRegex.SyntaxError(message: "missing closing ]") }
        position += 1
        return scalar == "\\" ? try escapedScalar() : scalar
    }

    /// `[:alpha:]` and friends (negated as `[:^alpha:]`); nil when the text is not of that form at all.
    private mutating func posixClass() throws(GoRegex.SyntaxError) -> [ClosedRange<UInt32>]? {
        guard position + 2 < scalars.count, scalars[position] == "[", scalars[position + 1] == ":" else { return nil }
        var end = position + 2
        while end + 1 < scalars.count, !(scalars[end] == ":" && scalars[end + 1] == "]") { end += 1 }
        guard end + 1 < scalars.count else { return nil }
        var name = String(scalars: scalars[(position + 2)..<end])
        let negated = name.hasPrefix("^")
        if negated { name.removeFirst() }
        guard let ranges = Self.posixClasses[name] else {
            throw GoRegex.SyntaxError(message: "invalid character class range")
        }
        position = end + 2
        return negated ? ScalarTest(ranges: ranges).complementRanges : ranges
    }

    private static let posixClasses: [String: [ClosedRange<UInt32>]] = [
        "alnum": [48...57, 65...90, 97...122],
        "alpha": [65...90, 97...122],
        "ascii": [0...0x7F],
        "blank": [9...9, 32...32],
        "cntrl": [0...31, 127...127],
        "digit": [48...57],
        "graph": [33...126],
        "lower": [97...122],
        "print": [32...126],
        "punct": [33...47, 58...64, 91...96, 123...126],
        "space": [9...13, 32...32],
        "upper": [65...90],
        "word": [48...57, 65...90, 95...95, 97...122],
        "xdigit": [48...57, 65...70, 97...102],
    ]
}
