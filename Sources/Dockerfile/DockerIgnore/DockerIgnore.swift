/// A `.dockerignore` file: which paths of the build context to leave out, with the semantics of moby's
/// `ignorefile` and `patternmatcher` packages as the Docker CLI uses them (`MatchesOrParentMatches`).
///
/// Patterns are matched against slash-separated paths relative to the context root. `*` matches within one path
/// element, `?` one character, `[...]` a class, `**` any number of elements. A path is also excluded when one of
/// its parent directories matches. Later patterns win; a `!` pattern makes an exception to earlier ones.
public struct DockerIgnore: Sendable {
    /// The patterns as read from the file: comments and blank lines dropped, each trimmed and cleaned, a leading
    /// `/` removed, `!` kept.
    public let patterns: [String]
    private let compiled: [IgnorePattern]

    /// Reads a .dockerignore file's contents. Errors name the file `.dockerignore` and the line of the pattern.
    public init(contents: String) throws(DockerfileError) {
        try self.init(numberedPatterns: Self.readPatterns(contents))
    }

    /// Uses patterns directly, as patternmatcher's `New` does (they are still trimmed and cleaned).
    public init(patterns: [String]) throws(DockerfileError) {
        try self.init(numberedPatterns: patterns.enumerated().map { ($0.offset + 1, $0.element) })
    }

    private init(numberedPatterns: [(line: Int, pattern: String)]) throws(DockerfileError) {
        var compiled: [IgnorePattern] = []
        for (line, written) in numberedPatterns {
            let trimmed = String(written.unicodeScalars.trimmingGoSpace())
            if trimmed.isEmpty { continue }
            var text = GoPath.clean(trimmed)
            let isException = text.hasPrefix("!")
            if isException {
                if text == "!" { throw Self.error(line, "illegal exclusion pattern: \"!\"") }
                text.removeFirst()
            }
            guard GlobSyntax.isValid(text) else { throw Self.error(line, "syntax error in pattern") }
            do {
                compiled.append(try IgnorePattern(text: text, isException: isException))
            } catch {
                // Go compiles the expression on first use and reports this as a bad pattern then.
                throw Self.error(line, "syntax error in pattern: \(error.message)")
            }
        }
        patterns = numberedPatterns.map(\.pattern)
        self.compiled = compiled
    }

    private static func error(_ line: Int, _ message: String) -> DockerfileError {
        DockerfileError(file: ".dockerignore", line: line, message: message)
    }

    /// ignorefile's `ReadAll`: one pattern per line; `#` at the very start makes a comment; blank lines are
    /// skipped; each pattern is trimmed and cleaned and loses a leading `/`, also after a `!`.
    static func readPatterns(_ contents: String) -> [(line: Int, pattern: String)] {
        var patterns: [(Int, String)] = []
        var scalars = Array(contents.unicodeScalars)
        if scalars.first == "\u{FEFF}" { scalars.removeFirst() }
        // Lines are split on `\n` scalars: as Characters, `\r\n` would be a single one.
        var lines = scalars.split(separator: "\n", omittingEmptySubsequences: false)
        if lines.last?.isEmpty == true { lines.removeLast() }
        for (index, rawLine) in lines.enumerated() {
            let line = rawLine.last == "\r" ? rawLine.dropLast() : rawLine
            if line.first == "#" { continue }
            var pattern = line.trimmingGoSpace()
            if pattern.isEmpty { continue }
            let isException = pattern.first == "!"
            if isException { pattern = pattern.dropFirst().trimmingGoSpace() }
            var text = String(scalars: pattern)
            if !text.isEmpty {
                text = GoPath.clean(text)
                if text.unicodeScalars.count > 1 && text.hasPrefix("/") { text.removeFirst() }
            }
            patterns.append((index + 1, isException ? "!" + text : text))
        }
        return patterns
    }

    /// Whether `relativePath` (slash-separated, relative to the context root) is left out of the context.
    /// The context root itself (`.`) never is.
    public func excludes(_ relativePath: String) -> Bool {
        let path = GoPath.clean(relativePath)
        if path == "." { return false }
        let parent = GoPath.directory(path)
        let parents = parent == "." ? [] : Self.prefixes(of: parent)
        var excluded = false
        for pattern in compiled {
            // Only patterns that could change the outcome are tried: exclusions while the path is included, and
            // exceptions while it is excluded.
            guard pattern.isException == excluded else { continue }
            if pattern.matches(path) || parents.contains(where: pattern.matches) {
                excluded = !pattern.isException
            }
        }
        return excluded
    }

    /// `a`, `a/b`, `a/b/c` for `a/b/c`: the directories a path is inside, outermost first.
    private static func prefixes(of directory: String) -> [String] {
        let elements = directory.split(separator: "/", omittingEmptySubsequences: false)
        return elements.indices.map { elements[...$0].joined(separator: "/") }
    }
}
