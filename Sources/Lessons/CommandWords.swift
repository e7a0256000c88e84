import Foundation
import Render

/// Splits a lesson's command line into words as a shell would, for the few forms lessons need:
/// spaces between words, '…' and "…" quoting, `\` escapes, and `$NAME` / `${NAME}` for the
/// runner's variables. There is no shell: nothing else is special.
public enum CommandWords {
    public struct Failure: Error, Equatable {
        public var message: String
    }

    /// Splits `line`; `variables` are the names it may use (`$REGISTRY`, and those captured before).
    public static func split(_ line: String, variables: Set<String>) throws(Failure) -> [String] {
        var words: [String] = []
        var word = ""
        var inWord = false
        var characters = Array(line)[...]
        while let character = characters.popFirst() {
            switch character {
            case " ", "\t":
                if inWord { words.append(word) }
                word = ""
                inWord = false
            case "'":
                inWord = true
                guard let end = characters.firstIndex(of: "'") else { throw Failure(message: "unterminated ' quote") }
                word += String(characters[..<end])
                characters = characters[(end + 1)...]
            case "\"":
                inWord = true
                var closed = false
                while let next = characters.popFirst() {
                    if next == "\"" {
                        closed = true
                        break
                    }
                    if next == "\\", let escaped = characters.first, "\"\\$".contains(escaped) {
                        word.append(escaped)
                        characters = characters.dropFirst()
                    } else if next == "$" {
                        word += try variable(&characters, variables)
                    } else {
                        word.append(next)
                    }
                }
                guard closed else { throw Failure(message: "unterminated \" quote") }
            case "\\":
                inWord = true
                guard let escaped = characters.popFirst() else { throw Failure(message: "a line cannot end with \\") }
                word.append(escaped)
            case "$":
                inWord = true
                word += try variable(&characters, variables)
            default:
                inWord = true
                word.append(character)
            }
        }
        if inWord { words.append(word) }
        return words
    }

    /// The `${NAME}` or `$NAME` after a `$`, checked and left for the runner to fill in.
    private static func variable(_ characters: inout ArraySlice<Character>, _ variables: Set<String>) throws(Failure)
        -> String
    {
        let braced = characters.first == "{"
        if braced { characters = characters.dropFirst() }
        let name = String(characters.prefix { $0.isLetter || $0.isNumber || $0 == "_" })
        characters = characters.dropFirst(name.count)
        if braced {
            guard characters.first == "}" else { throw Failure(message: "unterminated ${…}") }
            characters = characters.dropFirst()
        }
        if name == "REGISTRY", !variables.contains(name) {
            throw Failure(message: "$REGISTRY needs `registry: open` or `registry: token` in the front matter")
        }
        guard variables.contains(name) else {
            let known = variables.sorted().map { "$" + $0 }.joined(separator: ", ")
            throw Failure(message: "unknown variable $\(name) (known here: \(known.isEmpty ? "none" : known))")
        }
        return "${\(name)}"
    }

    /// `word` with each `${NAME}` replaced by its value.
    public static func substitute(_ word: String, _ values: [String: String]) -> String {
        values.reduce(word) { $0.replacingOccurrences(of: "${\($1.key)}", with: $1.value) }
    }

    /// The command as a learner would type it in a shell: `layerlab` and each word, quoted when it must be.
    public static func typed(_ words: [String]) -> String {
        (["layerlab"] + words.map(quoted)).joined(separator: " ")
    }

    /// A word as a shell would need it typed.
    static func quoted(_ word: String) -> String { ShellWord.quoted(word) }
}
