/// The raw lines of a Dockerfile and the small trims BuildKit applies to each one.
enum PhysicalLines {
    /// Splits on `\n` and keeps each line's ending, like BuildKit's `scanLines`: heredoc content is copied with its
    /// newlines exactly as written.
    static func split(_ text: String) -> [[Unicode.Scalar]] {
        var lines: [[Unicode.Scalar]] = []
        var current: [Unicode.Scalar] = []
        for scalar in text.unicodeScalars {
            current.append(scalar)
            if scalar == "\n" {
                lines.append(current)
                current = []
            }
        }
        if !current.isEmpty { lines.append(current) }
        return lines
    }

    /// Removes every trailing `\r` and `\n`, as Go's `bytes.TrimRight(line, "\r\n")` does.
    static func trimNewline(_ line: [Unicode.Scalar]) -> [Unicode.Scalar] {
        var end = line.endIndex
        while end > line.startIndex, line[end - 1] == "\r" || line[end - 1] == "\n" { end -= 1 }
        return Array(line[..<end])
    }

    /// Removes a UTF-8 byte order mark, which only the first line may carry.
    static func discardByteOrderMark(_ line: [Unicode.Scalar]) -> [Unicode.Scalar] {
        line.first == "\u{FEFF}" ? Array(line.dropFirst()) : line
    }

    /// A line whose first non-space character is `#`.
    static func isComment(_ line: some Collection<Unicode.Scalar>) -> Bool {
        line.droppingLeadingGoSpace().first == "#"
    }

    /// A continued line with nothing on it, which BuildKit skips with a warning.
    static func isEmptyContinuationLine(_ line: [Unicode.Scalar]) -> Bool {
        trimNewline(line).droppingLeadingGoSpace().isEmpty
    }
}
