/// Recognises here-document words such as `<<EOF`, `<<-'EOF'` or `3<<EOF` the way BuildKit does.
enum HeredocParser {
    /// The heredocs an instruction line opens, in order. The line is split into words with a lexer that keeps
    /// quotes and escapes, so that `'<<EOF'` is one quoted word rather than a heredoc.
    static func heredocs(inLine line: String) throws(ShellLexerError) -> [Heredoc] {
        var lexer = ShellLexer(escapeToken: "\\")
        lexer.rawQuotes = true
        lexer.rawEscapes = true
        lexer.skipUnsetEnvironment = true
        // BuildKit ignores a line the lexer cannot split: it simply has no heredocs.
        let words = (try? lexer.processWords(line, environment: [:])) ?? []
        var heredocs: [Heredoc] = []
        for word in words {
            if let heredoc = try heredoc(word) { heredocs.append(heredoc) }
        }
        return heredocs
    }

    /// The heredoc one word opens, if it matches `^(\d*)<<(-?)\s*([^<]*)$` and names a single terminator.
    static func heredoc(_ word: String) throws(ShellLexerError) -> Heredoc? {
        let scalars = Array(word.unicodeScalars)
        var index = 0
        while index < scalars.count, scalars[index].isASCIIDigit { index += 1 }
        let fileDescriptor = UInt(String(scalars: scalars[..<index])) ?? 0
        guard index + 1 < scalars.count, scalars[index] == "<", scalars[index + 1] == "<" else { return nil }
        index += 2
        let chomp = index < scalars.count && scalars[index] == "-"
        if chomp { index += 1 }
        while index < scalars.count, scalars[index].isRegexSpace { index += 1 }
        let rest = scalars[index...]
        guard !rest.isEmpty, !rest.contains("<") else { return nil }
        return try terminator(String(scalars: rest), fileDescriptor: fileDescriptor, chomp: chomp)
    }

    /// Reads the terminator word twice, without and with its quotes: if the counts of quote characters differ,
    /// part of the word was quoted, which (as in a shell) turns off expansion of the content.
    private static func terminator(
        _ rest: String,
        fileDescriptor: UInt,
        chomp: Bool
    ) throws(ShellLexerError) -> Heredoc? {
        var lexer = ShellLexer(escapeToken: "\\")
        lexer.skipUnsetEnvironment = true
        let words = try lexer.processWords(rest, environment: [:])
        guard words.count == 1 else { return nil }
        lexer.rawQuotes = true
        let rawWords = try lexer.processWords(rest, environment: [:])
        guard rawWords.count == words.count else {
            throw ShellLexerError(word: rest, message: "internal lexing of heredoc produced inconsistent results")
        }
        let expand = quoteCount(words[0]) == quoteCount(rawWords[0])
        return Heredoc(name: words[0], fileDescriptor: fileDescriptor, expand: expand, chomp: chomp)
    }

    private static func quoteCount(_ word: String) -> Int {
        word.unicodeScalars.count { $0 == "'" || $0 == "\"" }
    }

    /// The content of a `<<-` heredoc: leading tabs removed from every line.
    static func chomp(_ content: String) -> String {
        var output = String.UnicodeScalarView()
        var atLineStart = true
        for scalar in content.unicodeScalars {
            if atLineStart && scalar == "\t" { continue }
            atLineStart = scalar == "\n"
            output.append(scalar)
        }
        return String(output)
    }
}
