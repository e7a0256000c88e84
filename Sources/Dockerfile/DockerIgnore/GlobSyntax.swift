/// The syntax check Go's `filepath.Match` performs, which patternmatcher uses to reject bad patterns up front:
/// every `[` needs a closing `]` after at least one character or range, a range or class character cannot be
/// `-` or `]` unescaped, and `\` must escape something.
enum GlobSyntax {
    static func isValid(_ pattern: String) -> Bool {
        let scalars = Array(pattern.unicodeScalars)
        var index = 0
        while index < scalars.count {
            switch scalars[index] {
            case "[":
                guard let end = classEnd(scalars, from: index + 1) else { return false }
                index = end
            case "\\":
                guard index + 1 < scalars.count else { return false }
                index += 2
            default:
                index += 1
            }
        }
        return true
    }

    /// The index after the `]` that closes a class whose content starts at `start`, or nil if it is malformed.
    private static func classEnd(_ scalars: [Unicode.Scalar], from start: Int) -> Int? {
        var index = start
        if index < scalars.count && scalars[index] == "^" { index += 1 }
        var ranges = 0
        while true {
            if index < scalars.count && scalars[index] == "]" && ranges > 0 { return index + 1 }
            guard let afterLow = classCharacterEnd(scalars, at: index) else { return nil }
            index = afterLow
            if scalars[index] == "-" {
                guard let afterHigh = classCharacterEnd(scalars, at: index + 1) else { return nil }
                index = afterHigh
            }
            ranges += 1
        }
    }

    /// Go's `getEsc`: one class character, maybe escaped, which must be followed by more of the pattern.
    private static func classCharacterEnd(_ scalars: [Unicode.Scalar], at start: Int) -> Int? {
        var index = start
        guard index < scalars.count, scalars[index] != "-", scalars[index] != "]" else { return nil }
        if scalars[index] == "\\" {
            index += 1
            guard index < scalars.count else { return nil }
        }
        index += 1
        return index < scalars.count ? index : nil
    }
}
