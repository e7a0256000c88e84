import Foundation

/// `printf`'s format language (XCU `printf`): backslash escapes, and conversions
/// `%[flags][width][.precision]` with `s b c d i u o x X %`. Missing arguments are empty or 0.
struct PrintfFormatter {
    private var arguments: ArraySlice<String>
    private(set) var output = ""
    /// The first bad number met (`printf: invalid number 'x'`); printing goes on, as in sh.
    private(set) var problem: String?
    private var consumedAny = false

    init(arguments: [String]) {
        self.arguments = arguments[...]
    }

    var hasArgumentsLeft: Bool { !arguments.isEmpty && consumedAny }

    /// Formats once.
    /// - Returns: whether output must stop (`\c` in `%b`).
    mutating func format(_ format: String) -> Bool {
        let (text, _) = BackslashEscapes.expand(
            format.replacingOccurrences(of: "%%", with: "\u{0}"), octalNeedsZero: false)
        var characters = text[...]
        while let character = characters.popFirst() {
            if character == "\u{0}" {
                output += "%"
                continue
            }
            guard character == "%" else {
                output.append(character)
                continue
            }
            var spec = ""
            while let next = characters.first, "-+ #0123456789.".contains(next) {
                spec.append(next)
                characters = characters.dropFirst()
            }
            guard let conversion = characters.popFirst() else {
                output += "%" + spec
                break
            }
            if convert(conversion, spec: spec) { return true }
        }
        return false
    }

    private mutating func convert(_ conversion: Character, spec: String) -> Bool {
        switch conversion {
        case "s":
            output += pad(nextArgument() ?? "", spec: spec)
        case "b":
            let (text, stop) = BackslashEscapes.expand(nextArgument() ?? "", octalNeedsZero: true)
            output += pad(text, spec: spec)
            return stop
        case "c":
            output += pad(String((nextArgument() ?? "").prefix(1)), spec: spec)
        case "d", "i", "u", "o", "x", "X":
            let argument = nextArgument() ?? "0"
            let number = Self.number(argument)
            if number == nil && problem == nil { problem = "invalid number '\(argument)'" }
            let letter = conversion == "i" ? "d" : String(conversion)
            output += String(format: "%\(spec)l\(letter)", number ?? 0)
        default:
            output += "%" + spec + String(conversion)
        }
        return false
    }

    private mutating func nextArgument() -> String? {
        consumedAny = true
        return arguments.popFirst()
    }

    /// `%-10.3s`: precision cuts, width pads (on the left unless `-`).
    private func pad(_ text: String, spec: String) -> String {
        let parts = spec.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let flags = parts.first ?? ""
        var value = text
        if parts.count == 2, let precision = Int(parts[1]) { value = String(value.prefix(precision)) }
        let width = Int(flags.filter(\.isNumber)) ?? 0
        let padding = String(repeating: " ", count: max(0, width - value.count))
        return flags.hasPrefix("-") ? value + padding : padding + value
    }

    /// A number as printf reads it: decimal, `0x` hex, `0` octal, or `'c` for a character's code.
    private static func number(_ text: String) -> Int? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.hasPrefix("'") || trimmed.hasPrefix("\"") {
            return trimmed.dropFirst().unicodeScalars.first.map { Int($0.value) } ?? 0
        }
        let negative = trimmed.hasPrefix("-")
        let digits = negative || trimmed.hasPrefix("+") ? String(trimmed.dropFirst()) : trimmed
        let magnitude: Int?
        if digits.lowercased().hasPrefix("0x") {
            magnitude = Int(digits.dropFirst(2), radix: 16)
        } else if digits.hasPrefix("0") && digits.count > 1 {
            magnitude = Int(digits.dropFirst(), radix: 8)
        } else {
            magnitude = Int(digits)
        }
        return magnitude.map { negative ? -$0 : $0 }
    }
}
