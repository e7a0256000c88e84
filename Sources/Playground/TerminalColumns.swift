/// Text laid out in a terminal's columns, where a Chinese character or full-width punctuation mark
/// takes two columns and a Latin letter one.
enum TerminalColumns {
    /// The columns `text` takes.
    static func width(_ text: some StringProtocol) -> Int {
        text.reduce(0) { $0 + width(of: $1) }
    }

    static func width(of character: Character) -> Int {
        character.unicodeScalars.contains { scalar in
            (0x1100...0x115F).contains(scalar.value) || (0x2E80...0xA4CF).contains(scalar.value)
                || (0xAC00...0xD7A3).contains(scalar.value) || (0xF900...0xFAFF).contains(scalar.value)
                || (0xFE30...0xFE4F).contains(scalar.value) || (0xFF00...0xFF60).contains(scalar.value)
                || (0xFFE0...0xFFE6).contains(scalar.value)
        } ? 2 : 1
    }

    /// `text` in lines of at most `width` columns. A Chinese line may break between any two
    /// characters; a Latin word (a flag, `KEY=VALUE`) is never split, and a line never starts
    /// with a space or with a closing full-width mark (，。）：；、).
    static func wrapped(_ text: String, width: Int) -> [String] {
        var lines: [String] = []
        var line = ""
        var used = 0
        for unit in units(of: text) {
            let columns = Self.width(unit)
            if used + columns <= width || line.isEmpty || unit.allSatisfy(closesAPhrase) {
                line += unit
                used += columns
                continue
            }
            lines.append(line.trimmingTrailingSpaces)
            line = unit == " " ? "" : unit
            used = Self.width(line)
        }
        if !line.isEmpty { lines.append(line.trimmingTrailingSpaces) }
        return lines
    }

    /// Latin words and runs of spaces whole, every other character alone.
    private static func units(of text: String) -> [String] {
        var units: [String] = []
        for character in text {
            let latin = width(of: character) == 1
            if latin, let last = units.last, let previous = last.last, width(of: previous) == 1,
                (previous == " ") == (character == " ")
            {
                units[units.count - 1].append(character)
            } else {
                units.append(String(character))
            }
        }
        return units
    }

    private static func closesAPhrase(_ character: Character) -> Bool {
        "，。）：；、！？」』".contains(character)
    }
}

extension String {
    fileprivate var trimmingTrailingSpaces: String {
        var copy = self
        while copy.last == " " { copy.removeLast() }
        return copy
    }
}
