import Foundation

/// A lesson's prose is wrapped in its Markdown source. English lines join with a space; Chinese
/// has no spaces between words, so a line break beside a Chinese character or full-width
/// punctuation joins with nothing (as CSS Text 3's segment-break rules ask of a browser).
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
        for line in lines.map({ $0.trimmingWhitespace }) where !line.isEmpty {
            if let last = result.last, let first = line.first, !isWide(last), !isWide(first) {
                result.append(" ")
            }
            result += line
        }
        return result
    }

    /// A Han character, or CJK and full-width punctuation.
    private static func isWide(_ character: Character) -> Bool {
        character.unicodeScalars.contains { scalar in
            switch scalar.value {
            case 0x3000...0x303F, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF, 0xFF00...0xFFEF: true
            default: false
            }
        }
    }
}

extension String {
    fileprivate var trimmingWhitespace: String {
        String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }
}
