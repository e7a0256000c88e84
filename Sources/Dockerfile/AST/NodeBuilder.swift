/// Turns one logical line into a node: splits off keyword and flags, then hands the arguments to the line parser
/// BuildKit's dispatch table names for the instruction (`line_parsers.go`).
struct NodeBuilder {
    let line: LogicalLine
    let escapeToken: Unicode.Scalar

    /// An error found in the line, with the offset in the logical line where it applies.
    struct Failure: Error {
        var message: String
        var offset: Int
    }

    /// The arguments as a line parser leaves them.
    private struct Arguments {
        var values: [String] = []
        var nested: Node?
        var isJSON = false
    }

    func node(for text: ArraySlice<Unicode.Scalar>, comments: [String]) throws(Failure) -> Node {
        let split = CommandSplitter.split(text, escapeToken: escapeToken)
        let keyword = String(scalars: split.keyword)
        let arguments = try parseArguments(of: keyword.lowercased(), split.arguments)
        return Node(
            value: keyword,
            next: arguments.values,
            children: arguments.nested.map { [$0] } ?? [],
            attributes: arguments.isJSON ? ["json": true] : [:],
            original: String(scalars: text),
            flags: split.flags.map(\.text),
            comments: comments,
            position: line.position(at: split.keyword.startIndex),
            argumentsPosition: line.position(at: split.arguments.startIndex),
            flagPositions: split.flags.map { line.position(at: $0.offset) }
        )
    }

    private func parseArguments(of instruction: String, _ rest: ArraySlice<Unicode.Scalar>) throws(Failure) -> Arguments
    {
        switch instruction {
        case "add", "copy", "volume": return try maybeJSONToList(rest)
        case "cmd", "entrypoint", "run", "shell": return try maybeJSON(rest)
        case "arg": return Arguments(values: WordParser.words(rest, escapeToken: escapeToken))
        case "env": return try nameValues(rest, instruction: "ENV")
        case "label": return try nameValues(rest, instruction: "LABEL")
        case "expose", "from": return whitespaceDelimited(rest)
        case "healthcheck": return try healthConfig(rest)
        case "maintainer", "stopsignal", "user", "workdir":
            return rest.isEmpty ? Arguments() : Arguments(values: [String(scalars: rest)])
        case "onbuild":
            if rest.isEmpty { return Arguments() }
            return Arguments(nested: try node(for: rest, comments: []))
        default:
            // BuildKit keeps unknown instructions with one empty argument; the instruction parser rejects them.
            return Arguments(values: [""])
        }
    }

    /// RUN, CMD, ENTRYPOINT and SHELL: a JSON array of strings is the exec form; anything else that is not one,
    /// even malformed JSON, is the shell form and kept as a single string.
    private func maybeJSON(_ rest: ArraySlice<Unicode.Scalar>) throws(Failure) -> Arguments {
        if rest.isEmpty { return Arguments() }
        switch ExecFormJSON.parse(String(scalars: rest)) {
        case .strings(let values): return Arguments(values: values, isJSON: true)
        case .notStringArray: throw Self.notStringArray(at: rest.startIndex)
        case .notJSON: return Arguments(values: [String(scalars: rest)])
        }
    }

    /// ADD, COPY and VOLUME: a JSON array of strings, or else whitespace-separated words.
    private func maybeJSONToList(_ rest: ArraySlice<Unicode.Scalar>) throws(Failure) -> Arguments {
        switch ExecFormJSON.parse(String(scalars: rest)) {
        case .strings(let values): return Arguments(values: values, isJSON: true)
        case .notStringArray: throw Self.notStringArray(at: rest.startIndex)
        case .notJSON: return whitespaceDelimited(rest)
        }
    }

    private static func notStringArray(at offset: Int) -> Failure {
        Failure(message: "when using JSON array syntax, arrays must be comprised of strings only", offset: offset)
    }

    /// FROM and EXPOSE (and the fallback of ADD, COPY, VOLUME): words split on `[\t\v\f\r ]+`, quotes untouched.
    private func whitespaceDelimited(_ rest: ArraySlice<Unicode.Scalar>) -> Arguments {
        if rest.isEmpty { return Arguments() }
        return Arguments(values: Self.splitOnSeparators(rest, limit: nil))
    }

    /// Go's `regexp.Split` with `[\t\v\f\r ]+`, for text that has already been trimmed.
    private static func splitOnSeparators(_ text: ArraySlice<Unicode.Scalar>, limit: Int?) -> [String] {
        var parts: [String] = []
        var start = text.startIndex
        var index = text.startIndex
        while index < text.endIndex {
            guard text[index].isArgumentSeparator, limit.map({ parts.count < $0 - 1 }) ?? true else {
                index += 1
                continue
            }
            parts.append(String(scalars: text[start..<index]))
            while index < text.endIndex && text[index].isArgumentSeparator { index += 1 }
            start = index
        }
        parts.append(String(scalars: text[start...]))
        return parts
    }

    /// ENV and LABEL: `name=value ...` pairs, or the legacy `name value` where the value is the rest of the line.
    /// Each pair becomes three arguments, name, value and the separator (`=` or empty for the legacy form).
    private func nameValues(_ rest: ArraySlice<Unicode.Scalar>, instruction: String) throws(Failure) -> Arguments {
        let words = WordParser.words(rest, escapeToken: escapeToken)
        guard let first = words.first else { return Arguments() }
        guard first.contains("=") else {
            let parts = Self.splitOnSeparators(rest, limit: 2)
            guard parts.count == 2 else {
                throw Failure(message: "\(instruction) must have two arguments", offset: rest.startIndex)
            }
            return Arguments(values: [parts[0], parts[1], ""])
        }
        var values: [String] = []
        for word in words {
            guard let equals = word.firstIndex(of: "=") else {
                throw Failure(
                    message: "Syntax error - can't find = in \(GoQuote.quote(word)). Must be of the form: name=value",
                    offset: rest.startIndex)
            }
            values += [String(word[..<equals]), String(word[word.index(after: equals)...]), "="]
        }
        return Arguments(values: values)
    }

    /// HEALTHCHECK: the first word (`CMD`, `NONE`) followed by a command in shell or exec form. BuildKit finds the
    /// word's end byte by byte, so only ASCII spaces end it.
    private func healthConfig(_ rest: ArraySlice<Unicode.Scalar>) throws(Failure) -> Arguments {
        guard let separator = rest.firstIndex(where: \.isASCIIGoSpace) ?? (rest.isEmpty ? nil : rest.endIndex),
            separator > rest.startIndex
        else { return Arguments() }
        let command = rest[separator...].drop { $0.isASCIIGoSpace }
        var arguments = try maybeJSON(command)
        arguments.values.insert(String(scalars: rest[..<separator]), at: 0)
        return arguments
    }
}
