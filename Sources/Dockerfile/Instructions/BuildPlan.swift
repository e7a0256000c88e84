/// A Dockerfile as the builder needs it: the ARGs declared before the first FROM, then one stage per FROM with
/// the instructions that follow it (BuildKit's `instructions.Parse`).
public struct BuildPlan: Sendable, Hashable {
    /// ARG instructions before the first FROM; only they can be used in FROM lines.
    public var metaArgs: [ArgInstruction]
    public var stages: [Stage]

    public init(metaArgs: [ArgInstruction], stages: [Stage]) {
        self.metaArgs = metaArgs
        self.stages = stages
    }

    /// Gives meaning to every instruction of `parsed` and groups them into stages.
    public init(_ parsed: ParsedDockerfile) throws(DockerfileError) {
        var metaArgs: [ArgInstruction] = []
        var stages: [Stage] = []
        for node in parsed.root.children {
            let instruction = try Instruction(node: node, file: parsed.file)
            switch instruction {
            case .arg(let argument) where stages.isEmpty:
                metaArgs.append(argument)
            case .from(let from):
                stages.append(Stage(from: from))
            default:
                guard !stages.isEmpty else {
                    throw DockerfileError(
                        file: parsed.file, at: node.position, message: "no build stage in current context")
                }
                stages[stages.count - 1].instructions.append(instruction)
            }
        }
        self.init(metaArgs: metaArgs, stages: stages)
    }

    /// Parses `text` and plans it in one step.
    public static func parse(_ text: String, file: String = "Dockerfile") throws(DockerfileError) -> BuildPlan {
        try BuildPlan(DockerfileParser.parse(text, file: file))
    }

    /// The index of the stage called `name`; stage names are case-insensitive.
    public func stageIndex(named name: String) -> Int? {
        stages.firstIndex { $0.name?.lowercased() == name.lowercased() }
    }
}

/// A build stage: a FROM and the instructions up to the next FROM.
public struct Stage: Sendable, Hashable {
    /// The `AS` name, lowercased; nil for an unnamed stage.
    public var name: String?
    /// The image or earlier stage it builds on, variables not yet expanded.
    public var baseName: String
    /// The `--platform` of the FROM, variables not yet expanded.
    public var platform: String?
    /// The instructions after the FROM, in order.
    public var instructions: [Instruction]
    /// Where the FROM is.
    public var location: SourceLocation
    /// The FROM line.
    public var original: String
    /// The comment lines above the FROM.
    public var comments: [String]

    public init(
        name: String?,
        baseName: String,
        platform: String? = nil,
        instructions: [Instruction] = [],
        location: SourceLocation,
        original: String = "",
        comments: [String] = []
    ) {
        self.name = name
        self.baseName = baseName
        self.platform = platform
        self.instructions = instructions
        self.location = location
        self.original = original
        self.comments = comments
    }

    /// The stage a FROM instruction starts.
    public init(from: FromInstruction) {
        self.init(
            name: from.stageName, baseName: from.baseName, platform: from.platform, location: from.location,
            original: from.original, comments: from.source.comments)
    }
}
