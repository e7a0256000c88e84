/// BuildKit's Dockerfile parser (`parser.Parse`): reads a Dockerfile into one node per instruction, following
/// BuildKit's rules for directives, comments, line continuations, exec and shell forms, flags and heredocs, so
/// that `ParsedDockerfile.dump()` prints what BuildKit's `Dump()` prints.
public enum DockerfileParser {
    public static func parse(_ text: String, file: String = "Dockerfile") throws(DockerfileError) -> ParsedDockerfile {
        var parsing = DockerfileParsing(text: text, file: file)
        return try parsing.run()
    }
}

/// The state of one parse: the lines, where the scan is, and what the directives have set so far.
private struct DockerfileParsing {
    private let lines: [[Unicode.Scalar]]
    private let file: String
    private var nextLine = 0
    /// The number of lines consumed so far, which is also the 1-based number of the last one.
    private var currentLine = 0
    private var directives = ParserDirectiveScanner()
    private var escapeToken: Unicode.Scalar = "\\"
    private var syntax: String?
    private var check: String?
    private var comments: [String] = []
    private var instructions: [Node] = []
    private var warnings: [ParserWarning] = []

    init(text: String, file: String) {
        lines = PhysicalLines.split(text)
        self.file = file
    }

    mutating func run() throws(DockerfileError) -> ParsedDockerfile {
        while let raw = readLine() {
            let firstLine = currentLine == 0 ? PhysicalLines.discardByteOrderMark(raw) : raw
            try parseInstruction(startingWith: firstLine)
        }
        guard let first = instructions.first, let last = instructions.last else {
            throw DockerfileError(file: file, line: max(currentLine, 1), message: "file with no instructions")
        }
        let root = Node(children: instructions, startLine: first.startLine, endLine: last.endLine)
        return ParsedDockerfile(
            file: file, root: root, escapeToken: Character(escapeToken), syntax: syntax, check: check,
            warnings: warnings)
    }

    private mutating func readLine() -> [Unicode.Scalar]? {
        guard nextLine < lines.count else { return nil }
        defer { nextLine += 1 }
        return lines[nextLine]
    }

    /// Reads the instruction that starts on `raw`, with its continuation lines and heredocs; comment and blank
    /// lines only update the pending comments.
    private mutating func parseInstruction(startingWith raw: [Unicode.Scalar]) throws(DockerfileError) {
        if PhysicalLines.isComment(raw) {
            // BuildKit drops the line's first character, which is only the `#` when the comment is not indented.
            let comment = String(scalars: raw.dropFirst().trimmingGoSpace())
            if comment.isEmpty { comments = [] } else { comments.append(comment) }
        }
        let processed = try processLine(raw, stripLeadingWhitespace: true)
        if processed.isDirective && !comments.isEmpty { comments.removeLast() }
        currentLine += 1
        let startLine = currentLine

        var (text, isEndOfLine) = LineContinuation.trim(processed.text, escapeToken: escapeToken)
        if isEndOfLine && text.isEmpty { return }
        var logical = LogicalLine()
        logical.append(text, line: startLine, column: processed.strippedCount + 1)

        var hasEmptyContinuationLine = false
        while !isEndOfLine, let next = readLine() {
            let continued = try processLine(next, stripLeadingWhitespace: false)
            currentLine += 1
            if PhysicalLines.isComment(next) { continue }
            if PhysicalLines.isEmptyContinuationLine(continued.text) {
                hasEmptyContinuationLine = true
                continue
            }
            (text, isEndOfLine) = LineContinuation.trim(continued.text, escapeToken: escapeToken)
            logical.append(text, line: currentLine, column: 1)
        }

        let lineText = String(scalars: logical.text)
        if hasEmptyContinuationLine {
            warnings.append(
                ParserWarning(
                    short: "Empty continuation line found in: " + lineText,
                    detail: "Empty continuation lines will become errors in a future release",
                    url: "https://docs.docker.com/go/dockerfile/rule/no-empty-continuation/",
                    line: currentLine))
        }

        let builder = NodeBuilder(line: logical, escapeToken: escapeToken)
        var node: Node
        do {
            node = try builder.node(for: logical.text[...], comments: comments)
        } catch {
            throw DockerfileError(file: file, at: logical.position(at: error.offset), message: error.message)
        }
        if Self.canContainHeredoc(node) && lineText.contains("<<") {
            node.heredocs = try readHeredocs(for: lineText, logical: logical)
        }
        node.startLine = startLine
        node.endLine = currentLine
        node.children = node.children.map { Self.placed($0, from: startLine, to: currentLine) }
        instructions.append(node)
        comments = []
    }

    /// Trims the line ending (and, for the first line of an instruction, leading blanks), lets the directive
    /// scanner see the line, and blanks comment lines.
    private mutating func processLine(
        _ raw: [Unicode.Scalar],
        stripLeadingWhitespace: Bool
    ) throws(DockerfileError) -> (text: [Unicode.Scalar], strippedCount: Int, isDirective: Bool) {
        var line = PhysicalLines.trimNewline(raw)
        var strippedCount = 0
        if stripLeadingWhitespace {
            let stripped = line.droppingLeadingGoSpace()
            strippedCount = line.count - stripped.count
            line = Array(stripped)
        }
        let directive: ParserDirective?
        do {
            directive = try directives.scan(line)
        } catch {
            throw DockerfileError(file: file, line: currentLine + 1, message: error.message)
        }
        if let directive { try apply(directive) }
        return (PhysicalLines.isComment(line) ? [] : line, strippedCount, directive != nil)
    }

    private mutating func apply(_ directive: ParserDirective) throws(DockerfileError) {
        switch directive.name {
        case "escape":
            guard directive.value == "`" || directive.value == "\\", let token = directive.value.unicodeScalars.first
            else {
                throw DockerfileError(
                    file: file, line: currentLine + 1,
                    message: "invalid escape token '\(directive.value)' does not match ` or \\")
            }
            escapeToken = token
        case "syntax":
            syntax = directive.value
        default:
            check = directive.value
        }
    }

    /// RUN, COPY and ADD in shell form can take heredocs, also as an ONBUILD trigger.
    private static func canContainHeredoc(_ node: Node) -> Bool {
        var instruction = node
        if instruction.value.lowercased() == "onbuild", let trigger = instruction.children.first {
            instruction = trigger
        }
        return ["add", "copy", "run"].contains(instruction.value.lowercased()) && !instruction.isJSON
    }

    /// Reads the content of each heredoc the line opens, in order, from the lines that follow it.
    private mutating func readHeredocs(
        for lineText: String,
        logical: LogicalLine
    ) throws(DockerfileError) -> [Heredoc] {
        let startLine = currentLine
        let opened: [Heredoc]
        do {
            opened = try HeredocParser.heredocs(inLine: lineText)
        } catch {
            throw DockerfileError(file: file, at: logical.position(at: 0), message: error.description)
        }
        var heredocs: [Heredoc] = []
        for var heredoc in opened {
            let terminator = Array(heredoc.name.unicodeScalars)
            var content = String.UnicodeScalarView()
            var terminated = false
            while let raw = readLine() {
                currentLine += 1
                var candidate = PhysicalLines.trimNewline(raw)
                if heredoc.chomp { candidate = Array(candidate.drop { $0 == "\t" }) }
                if candidate == terminator {
                    terminated = true
                    break
                }
                content.append(contentsOf: raw)
            }
            guard terminated else {
                let column = Self.column(of: heredoc, in: logical)
                throw DockerfileError(
                    file: file, at: column ?? SourcePosition(line: startLine, column: 1),
                    message: "unterminated heredoc")
            }
            heredoc.content = String(content)
            heredocs.append(heredoc)
        }
        return heredocs
    }

    /// Where `<<` followed by the heredoc's name (possibly quoted) is written, for error messages.
    private static func column(of heredoc: Heredoc, in logical: LogicalLine) -> SourcePosition? {
        let text = logical.text
        let name = Array(heredoc.name.unicodeScalars)
        var index = 0
        while index + 1 < text.count {
            if text[index] == "<" && text[index + 1] == "<" {
                var after = index + 2
                while after < text.count,
                    text[after] == "-" || text[after].isRegexSpace || text[after] == "'"
                        || text[after] == "\""
                {
                    after += 1
                }
                if text[after...].starts(with: name) { return logical.position(at: index) }
            }
            index += 1
        }
        return nil
    }

    /// Gives a nested ONBUILD trigger the line range of the instruction holding it.
    private static func placed(_ node: Node, from startLine: Int, to endLine: Int) -> Node {
        var node = node
        node.startLine = startLine
        node.endLine = endLine
        node.children = node.children.map { placed($0, from: startLine, to: endLine) }
        return node
    }
}
