import Foundation

/// Words of a command line as a person types them in a shell.
public enum ShellWord {
    /// `word`, in single quotes when a shell would otherwise split or expand it.
    public static func quoted(_ word: String) -> String {
        let plain = word.allSatisfy { $0.isLetter || $0.isNumber || "-_./:=@,+%".contains($0) }
        return plain && !word.isEmpty ? word : "'" + word.replacingOccurrences(of: "'", with: #"'\''"#) + "'"
    }

    /// The words as one line, each quoted as it needs.
    public static func line(_ words: [String]) -> String {
        words.map(quoted).joined(separator: " ")
    }
}
