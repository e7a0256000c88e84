/// A parser directive such as `# escape=\``: a key and its value.
struct ParserDirective: Equatable {
    var name: String
    var value: String
}

/// BuildKit's `DirectiveParser`: directives are only recognised on the comment lines at the very top of the file.
/// The first line that is not a well-formed directive (an instruction, a blank line, any other comment) ends them.
struct ParserDirectiveScanner {
    static let knownNames: Set<String> = ["syntax", "escape", "check"]

    private var done = false
    private var seen: Set<String> = []

    /// The directive on this line, if directives are still being read and the line is one.
    mutating func scan(_ line: [Unicode.Scalar]) throws(DirectiveFailure) -> ParserDirective? {
        if done { return nil }
        guard line.first == "#" else {
            done = true
            return nil
        }
        guard let directive = Self.match(line.dropFirst().droppingLeadingGoSpace()),
            Self.knownNames.contains(directive.name)
        else {
            done = true
            return nil
        }
        guard seen.insert(directive.name).inserted else {
            throw DirectiveFailure(message: "only one \(directive.name) parser directive can be used")
        }
        return directive
    }

    /// The regular expression `^([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.+?)\s*$`, with the key lowercased.
    private static func match(_ slice: ArraySlice<Unicode.Scalar>) -> ParserDirective? {
        let text = Array(slice)
        guard let first = text.first, isASCIILetter(first) else { return nil }
        var index = 1
        while index < text.count, isASCIILetter(text[index]) || text[index].isASCIIDigit { index += 1 }
        let name = String(scalars: text[..<index]).lowercased()
        while index < text.count, text[index].isRegexSpace { index += 1 }
        guard index < text.count, text[index] == "=" else { return nil }
        index += 1
        let afterEquals = index
        while index < text.count, text[index].isRegexSpace { index += 1 }
        var end = text.count
        while end > index, text[end - 1].isRegexSpace { end -= 1 }
        if end > index { return ParserDirective(name: name, value: String(scalars: text[index..<end])) }
        // `(.+?)` needs one character: when only spaces follow `=`, the last of them becomes the value.
        guard index > afterEquals else { return nil }
        return ParserDirective(name: name, value: String(text[index - 1]))
    }

    private static func isASCIILetter(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar)
    }
}

/// A directive that cannot be honoured, such as a second `# escape=`.
struct DirectiveFailure: Error {
    var message: String
}
