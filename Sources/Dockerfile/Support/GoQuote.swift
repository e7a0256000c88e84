/// Go's `strconv.Quote`, which BuildKit's `Dump` applies to every value it prints: the peer `result` files can only
/// be matched byte for byte by escaping exactly what Go escapes.
enum GoQuote {
    static func quote(_ text: String) -> String {
        var quoted = "\""
        for scalar in text.unicodeScalars {
            quoted += escaped(scalar)
        }
        return quoted + "\""
    }

    /// Go's `%q` of a string slice: `["a" "b"]`, the form `Dump` uses for flags.
    static func quote(_ list: [String]) -> String {
        "[" + list.map { quote($0) }.joined(separator: " ") + "]"
    }

    private static func escaped(_ scalar: Unicode.Scalar) -> String {
        switch scalar {
        case "\"": return "\\\""
        case "\\": return "\\\\"
        case _ where isPrintable(scalar): return String(scalar)
        case "\u{07}": return "\\a"
        case "\u{08}": return "\\b"
        case "\u{0C}": return "\\f"
        case "\n": return "\\n"
        case "\r": return "\\r"
        case "\t": return "\\t"
        case "\u{0B}": return "\\v"
        default:
            let value = scalar.value
            if value < 0x20 || value == 0x7F { return "\\x" + hex(value, digits: 2) }
            if value < 0x10000 { return "\\u" + hex(value, digits: 4) }
            return "\\U" + hex(value, digits: 8)
        }
    }

    /// Go's `unicode.IsPrint`: letters, marks, numbers, punctuation, symbols and the ASCII space.
    private static func isPrintable(_ scalar: Unicode.Scalar) -> Bool {
        if scalar == " " { return true }
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
            .nonspacingMark, .spacingMark, .enclosingMark,
            .decimalNumber, .letterNumber, .otherNumber,
            .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
            .initialPunctuation, .finalPunctuation, .otherPunctuation,
            .mathSymbol, .currencySymbol, .modifierSymbol, .otherSymbol:
            return true
        default:
            return false
        }
    }

    private static func hex(_ value: UInt32, digits: Int) -> String {
        let text = String(value, radix: 16)
        return String(repeating: "0", count: max(0, digits - text.count)) + text
    }
}
