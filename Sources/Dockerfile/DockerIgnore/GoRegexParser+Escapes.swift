/// Escapes: escaped punctuation, `\n`-style control characters, `\x41`, `\x{263a}` and octal digits.
extension GoRegexParser {
    /// Go's `parseEscape`, after the `\`: punctuation stands for itself; a few letters are control characters;
    /// `\x` and octal digits give code points; anything else is an error.
    mutating func escapedScalar() throws(GoRegex.SyntaxError) -> Unicode.Scalar {
        let invalid = GoRegex.SyntaxError(message: "invalid escape sequence")
        guard let scalar = current else { throw GoRegex.SyntaxError(message: "trailing backslash") }
        position += 1
        if scalar.isASCII && !scalar.properties.isAlphabetic && !scalar.isASCIIDigit { return scalar }
        switch scalar {
        case "a": return "\u{07}"
        case "f": return "\u{0C}"
        case "n": return "\n"
        case "r": return "\r"
        case "t": return "\t"
        case "v": return "\u{0B}"
        case "0"..."7":
            // A lone non-zero digit would be a back reference, which Go does not support.
            if scalar != "0", current.map({ !("0"..."7").contains($0) }) ?? true { throw invalid }
            var value = scalar.value - 48
            for _ in 0..<2 {
                guard let digit = current, ("0"..."7").contains(digit) else { break }
                value = value * 8 + digit.value - 48
                position += 1
            }
            return Unicode.Scalar(value) ?? "\u{FFFD}"
        case "x":
            return try hexEscape()
        default:
            throw invalid
        }
    }

    private mutating func hexEscape() throws(GoRegex.SyntaxError) -> Unicode.Scalar {
        let invalid = GoRegex.SyntaxError(message: "invalid escape sequence")
        guard let first = current else { throw invalid }
        position += 1
        var value: UInt32 = 0
        if first == "{" {
            var digits = 0
            while true {
                guard let scalar = current else { throw invalid }
                position += 1
                if scalar == "}" { break }
                guard let digit = Self.hexValue(scalar) else { throw invalid }
                value = value * 16 + digit
                if value > 0x10FFFF { throw invalid }
                digits += 1
            }
            if digits == 0 { throw invalid }
        } else {
            guard let high = Self.hexValue(first), let low = current.flatMap(Self.hexValue) else { throw invalid }
            position += 1
            value = high * 16 + low
        }
        guard let scalar = Unicode.Scalar(value) else { throw invalid }
        return scalar
    }

    private static func hexValue(_ scalar: Unicode.Scalar) -> UInt32? {
        guard scalar.properties.isASCIIHexDigit else { return nil }
        return UInt32(String(scalar), radix: 16)
    }
}
