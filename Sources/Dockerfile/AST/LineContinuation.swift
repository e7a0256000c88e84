/// The escape token's second job: as the last character of a line it continues the instruction on the next one.
enum LineContinuation {
    /// BuildKit's `trimContinuationCharacter`, which applies the regular expression
    /// ``([^\\])\\[ \t]*$|^\\[ \t]*$`` (with `\` standing for the escape token): an escape token that ends the
    /// line, trailing blanks aside, continues it, unless another escape token comes right before it. The token and
    /// the blanks are removed.
    static func trim(
        _ line: [Unicode.Scalar],
        escapeToken: Unicode.Scalar
    ) -> (line: [Unicode.Scalar], isEndOfLine: Bool) {
        var end = line.endIndex
        while end > line.startIndex, line[end - 1] == " " || line[end - 1] == "\t" { end -= 1 }
        guard end > line.startIndex, line[end - 1] == escapeToken else { return (line, true) }
        let tokenIndex = end - 1
        if tokenIndex == line.startIndex { return ([], false) }
        if line[tokenIndex - 1] == escapeToken { return (line, true) }
        return (Array(line[..<tokenIndex]), false)
    }
}
