/// Expands words for one instruction, turning lexer errors into errors at the instruction.
struct Expander {
    let lexer: ShellLexer
    let environment: [String: String]
    let location: SourceLocation

    func word(_ word: String) throws(DockerfileError) -> String {
        do {
            return try lexer.processWord(word, environment: environment)
        } catch {
            throw DockerfileError(file: location.file, at: location.start, message: error.description)
        }
    }

    func words(_ word: String) throws(DockerfileError) -> [String] {
        do {
            return try lexer.processWords(word, environment: environment)
        } catch {
            throw DockerfileError(file: location.file, at: location.start, message: error.description)
        }
    }

    func optional(_ value: String?) throws(DockerfileError) -> String? {
        guard let value else { return nil }
        let expanded = try word(value)
        return expanded.isEmpty ? nil : expanded
    }

    func list(_ values: [String]) throws(DockerfileError) -> [String] {
        var expanded: [String] = []
        for value in values { expanded.append(try word(value)) }
        return expanded
    }

    func pairs(_ pairs: [KeyValuePair]) throws(DockerfileError) -> [KeyValuePair] {
        var expanded: [KeyValuePair] = []
        for pair in pairs {
            expanded.append(
                KeyValuePair(key: try word(pair.key), value: try word(pair.value), hasDelimiter: pair.hasDelimiter))
        }
        return expanded
    }

    /// Paths and destination with the instruction's lexer; heredoc contents (unless their terminator was quoted)
    /// with BuildKit's raw lexer, which keeps quotes and always escapes with `\`.
    func sources(_ sources: SourcesAndDestination) throws(DockerfileError) -> SourcesAndDestination {
        var raw = ShellLexer(escapeToken: "\\")
        raw.skipProcessQuotes = true
        let rawExpander = Expander(lexer: raw, environment: environment, location: location)
        var contents: [InlineSource] = []
        for content in sources.sourceContents {
            var expanded = content
            if content.expand { expanded.data = try rawExpander.word(content.data) }
            contents.append(expanded)
        }
        return SourcesAndDestination(
            sourcePaths: try list(sources.sourcePaths), sourceContents: contents,
            destination: try word(sources.destination))
    }
}
