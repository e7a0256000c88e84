extension Instruction {
    /// Gives meaning to one parsed instruction, as BuildKit's `ParseInstruction` does: checks its arguments and
    /// flags and reports problems with BuildKit's messages, placed at the instruction (or the offending flag).
    public init(node: Node, file: String = "Dockerfile") throws(DockerfileError) {
        self = try InstructionParser(node: node, file: file).parse()
    }
}

/// The shared machinery of instruction parsing; each instruction's rules are in the extensions.
struct InstructionParser {
    static let names = [
        "add", "arg", "cmd", "copy", "entrypoint", "env", "expose", "from", "healthcheck", "label", "maintainer",
        "onbuild", "run", "shell", "stopsignal", "user", "volume", "workdir",
    ]

    let node: Node
    let file: String
    /// The arguments flattened as BuildKit's `nodeArgs` does; an ONBUILD trigger contributes its keyword and
    /// arguments.
    let arguments: [String]
    let source: InstructionSource

    init(node: Node, file: String) {
        self.node = node
        self.file = file
        arguments = Self.flattenedArguments(of: node)
        let location = SourceLocation(
            file: file, startLine: node.startLine, endLine: node.endLine, column: node.position.column)
        source = InstructionSource(
            keyword: node.value, original: String(node.original.unicodeScalars.trimmingGoSpace()),
            location: location, comments: node.comments)
    }

    private static func flattenedArguments(of node: Node) -> [String] {
        node.next + node.children.flatMap { [$0.value] + flattenedArguments(of: $0) }
    }

    func parse() throws(DockerfileError) -> Instruction {
        switch node.value.lowercased() {
        case "env": .env(try parseEnv())
        case "maintainer": .maintainer(try parseMaintainer())
        case "label": .label(try parseLabel())
        case "add": .add(try parseAdd())
        case "copy": .copy(try parseCopy())
        case "from": .from(try parseFrom())
        case "onbuild": .onbuild(try parseOnbuild())
        case "workdir": .workdir(try parseWorkdir())
        case "run": .run(try parseRun())
        case "cmd": .cmd(try parseCmd())
        case "healthcheck": .healthcheck(try parseHealthcheck())
        case "entrypoint": .entrypoint(try parseEntrypoint())
        case "expose": .expose(try parseExpose())
        case "user": .user(try parseUser())
        case "volume": .volume(try parseVolume())
        case "stopsignal": .stopSignal(try parseStopSignal())
        case "arg": .arg(try parseArg())
        case "shell": .shell(try parseShell())
        default:
            throw failure(
                "unknown instruction: \(node.value)"
                    + Suggestion.suffix(
                        for: node.value, among: Self.names.map { $0.uppercased() }, caseSensitive: false))
        }
    }

    /// An error about the instruction as a whole, placed at its keyword.
    func failure(_ message: String) -> DockerfileError {
        DockerfileError(file: file, at: node.position, message: message)
    }

    /// An error about the arguments, placed where they start.
    func argumentFailure(_ message: String) -> DockerfileError {
        DockerfileError(file: file, at: node.argumentsPosition, message: message)
    }

    /// The node's flags checked against `accepted`; errors point at the offending flag.
    func flags(accepting accepted: [String: InstructionFlags.Kind] = [:]) throws(DockerfileError) -> InstructionFlags {
        do {
            return try InstructionFlags(node.flags, accepting: accepted)
        } catch {
            let position =
                node.flagPositions.indices.contains(error.flagIndex)
                ? node.flagPositions[error.flagIndex] : node.position
            throw DockerfileError(file: file, at: position, message: error.message)
        }
    }

    func requireExactlyOneArgument(_ instruction: String) throws(DockerfileError) {
        if arguments.count != 1 { throw failure("\(instruction) requires exactly one argument") }
    }

    func requireArguments(_ instruction: String) throws(DockerfileError) {
        if arguments.isEmpty { throw failure("\(instruction) requires at least one argument") }
    }

    /// BuildKit's `handleJSONArgs`: exec form keeps the arguments, shell form joins them into one command.
    func commandArguments(_ values: some Collection<String>) -> [String] {
        if values.isEmpty { return [] }
        return node.isJSON ? Array(values) : [values.joined(separator: " ")]
    }

    /// RUN, CMD and ENTRYPOINT's command and heredoc files.
    func commandLine() -> ShellCommandLine {
        let files = node.heredocs.map { ShellInlineFile(name: $0.name, data: $0.content, chomp: $0.chomp) }
        return ShellCommandLine(arguments: commandArguments(arguments), prependShell: !node.isJSON, files: files)
    }
}
