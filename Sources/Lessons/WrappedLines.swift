import Foundation

/// A lesson's prose is wrapped in its Markdown source. Lines join as the lessons write Chinese:
/// nothing between two Chinese characters or beside full-width punctuation (Chinese has no spaces
/// between words), and a space between Chinese and Latin words or code, as between English words.
enum WrappedLines {
    /// `text`'s lines, joined within each paragraph; paragraphs stay apart, with a blank line.
    static func unwrapped(_ text: String) -> String {
        text.components(separatedBy: "\n\n")
            .map { paragraph in
                joined(paragraph.split(separator: "\n", omittingEmptySubsequences: false).map(String.init))
            }
            .joined(separator: "\n\n")
    }

    /// `lines` as one line.
    static func joined(_ lines: [String]) -> String {
        var result = ""
        for line in lines.map({ $0.trimmingCharacters(in: .whitespaces) }) where !line.isEmpty {
            if let last = result.last, let first = line.first, spaced(last, first) { result.append(" ") }
            result += line
        }
        return result
    }

    private static func spaced(_ last: Character, _ first: Character) -> Bool {
        !(isHan(last) && isHan(first)) && !isFullWidthPunctuation(last) && !isFullWidthPunctuation(first)
    }

    private static func isHan(_ character: Character) -> Bool {
        character.unicodeScalars.contains {
            (0x3400...0x4DBF).contains($0.value) || (0x4E00...0x9FFF).contains($0.value)
        }
    }

    /// CJK punctuation (、。「」…) and the full-width forms (，：（）！？…).
    private static func isFullWidthPunctuation(_ character: Character) -> Bool {
        character.unicodeScalars.contains {
            (0x3000...0x303F).contains($0.value) || (0xFF00...0xFFEF).contains($0.value)
        }
    }
}
