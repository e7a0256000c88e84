/// The JSON values the exec-form check needs to tell apart.
enum GoJSONValue: Equatable {
    case string(String)
    case array([GoJSONValue])
    case other
}

/// A strict JSON reader with the rules of Go's `encoding/json`: only ` \t\r\n` as whitespace, no trailing text,
/// control characters refused in strings, lone surrogate escapes decoded as U+FFFD, and a number too large for a
/// `float64` making the whole document fail (Go reports it as an error after decoding).
struct GoJSONReader {
    private let text: [Unicode.Scalar]
    private var position = 0
    private var numberOutOfRange = false

    init(_ text: [Unicode.Scalar]) {
        self.text = text
    }

    /// The single value the text holds, or nil if Go's decoder would return an error.
    mutating func document() -> GoJSONValue? {
        skipWhitespace()
        guard let value = value() else { return nil }
        skipWhitespace()
        guard position == text.count, !numberOutOfRange else { return nil }
        return value
    }

    private var current: Unicode.Scalar? { position < text.count ? text[position] : nil }

    private mutating func skipWhitespace() {
        while let scalar = current, scalar == " " || scalar == "\t" || scalar == "\r" || scalar == "\n" {
            position += 1
        }
    }

    private mutating func value() -> GoJSONValue? {
        switch current {
        case "[": return array()
        case "{": return object()
        case "\"": return string().map(GoJSONValue.string)
        case "t": return literal("true")
        case "f": return literal("false")
        case "n": return literal("null")
        case let scalar? where scalar == "-" || scalar.isASCIIDigit: return number()
        default: return nil
        }
    }

    private mutating func array() -> GoJSONValue? {
        position += 1
        skipWhitespace()
        var items: [GoJSONValue] = []
        if current == "]" {
            position += 1
            return .array(items)
        }
        while true {
            skipWhitespace()
            guard let item = value() else { return nil }
            items.append(item)
            skipWhitespace()
            switch current {
            case ",": position += 1
            case "]":
                position += 1
                return .array(items)
            default: return nil
            }
        }
    }

    private mutating func object() -> GoJSONValue? {
        position += 1
        skipWhitespace()
        if current == "}" {
            position += 1
            return .other
        }
        while true {
            skipWhitespace()
            guard current == "\"", string() != nil else { return nil }
            skipWhitespace()
            guard current == ":" else { return nil }
            position += 1
            skipWhitespace()
            guard value() != nil else { return nil }
            skipWhitespace()
            switch current {
            case ",": position += 1
            case "}":
                position += 1
                return .other
            default: return nil
            }
        }
    }

    private mutating func literal(_ word: String) -> GoJSONValue? {
        for expected in word.unicodeScalars {
            guard current == expected else { return nil }
            position += 1
        }
        return .other
    }

    private mutating func number() -> GoJSONValue? {
        let start = position
        if current == "-" { position += 1 }
        guard let first = current, first.isASCIIDigit else { return nil }
        position += 1
        if first != "0" { skipDigits() }
        if current == "." {
            position += 1
            guard current?.isASCIIDigit == true else { return nil }
            skipDigits()
        }
        if current == "e" || current == "E" {
            position += 1
            if current == "+" || current == "-" { position += 1 }
            guard current?.isASCIIDigit == true else { return nil }
            skipDigits()
        }
        // Go decodes numbers into float64 and reports one that overflows to infinity.
        if let parsed = Double(String(scalars: text[start..<position])), parsed.isInfinite {
            numberOutOfRange = true
        }
        return .other
    }

    private mutating func skipDigits() {
        while current?.isASCIIDigit == true { position += 1 }
    }

    private mutating func string() -> String? {
        position += 1
        var result = String.UnicodeScalarView()
        while let scalar = current {
            position += 1
            switch scalar {
            case "\"":
                return String(result)
            case "\\":
                guard let escaped = escape() else { return nil }
                result.append(escaped)
            case _ where scalar.value < 0x20:
                return nil
            default:
                result.append(scalar)
            }
        }
        return nil
    }

    private mutating func escape() -> Unicode.Scalar? {
        guard let scalar = current else { return nil }
        position += 1
        switch scalar {
        case "\"", "\\", "/": return scalar
        case "b": return "\u{08}"
        case "f": return "\u{0C}"
        case "n": return "\n"
        case "r": return "\r"
        case "t": return "\t"
        case "u": return unicodeEscape()
        default: return nil
        }
    }

    /// `\uXXXX`, joining a surrogate pair written as two escapes; a surrogate without its partner is U+FFFD.
    private mutating func unicodeEscape() -> Unicode.Scalar? {
        guard let unit = hexQuad() else { return nil }
        guard (0xD800...0xDFFF).contains(unit) else { return Unicode.Scalar(unit) }
        if unit < 0xDC00, current == "\\", position + 1 < text.count, text[position + 1] == "u" {
            let saved = position
            position += 2
            if let low = hexQuad(), (0xDC00...0xDFFF).contains(low) {
                return Unicode.Scalar(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00))
            }
            position = saved
        }
        return "\u{FFFD}"
    }

    private mutating func hexQuad() -> UInt32? {
        guard position + 4 <= text.count else { return nil }
        let digits = String(scalars: text[position..<position + 4])
        guard digits.unicodeScalars.allSatisfy(\.properties.isASCIIHexDigit), let value = UInt32(digits, radix: 16)
        else { return nil }
        position += 4
        return value
    }
}
