/// A Dockerfile instruction with its arguments given meaning (BuildKit's `instructions` package): one case per
/// instruction, each carrying a struct that says what the builder has to do.
public enum Instruction: Sendable, Hashable {
    case from(FromInstruction)
    case run(RunInstruction)
    case cmd(CmdInstruction)
    case entrypoint(EntrypointInstruction)
    case env(EnvInstruction)
    case label(LabelInstruction)
    case expose(ExposeInstruction)
    case add(AddInstruction)
    case copy(CopyInstruction)
    case volume(VolumeInstruction)
    case user(UserInstruction)
    case workdir(WorkdirInstruction)
    case arg(ArgInstruction)
    case onbuild(OnbuildInstruction)
    case stopSignal(StopSignalInstruction)
    case healthcheck(HealthcheckInstruction)
    case shell(ShellInstruction)
    case maintainer(MaintainerInstruction)

    /// The instruction's struct, seen through what all of them share.
    public var payload: any DockerfileInstruction {
        switch self {
        case .from(let instruction): instruction
        case .run(let instruction): instruction
        case .cmd(let instruction): instruction
        case .entrypoint(let instruction): instruction
        case .env(let instruction): instruction
        case .label(let instruction): instruction
        case .expose(let instruction): instruction
        case .add(let instruction): instruction
        case .copy(let instruction): instruction
        case .volume(let instruction): instruction
        case .user(let instruction): instruction
        case .workdir(let instruction): instruction
        case .arg(let instruction): instruction
        case .onbuild(let instruction): instruction
        case .stopSignal(let instruction): instruction
        case .healthcheck(let instruction): instruction
        case .shell(let instruction): instruction
        case .maintainer(let instruction): instruction
        }
    }

    public var source: InstructionSource { payload.source }
    public var location: SourceLocation { source.location }
    public var original: String { source.original }
}

/// What every instruction struct has: where it came from.
public protocol DockerfileInstruction: Sendable {
    var source: InstructionSource { get }
}

extension DockerfileInstruction {
    public var location: SourceLocation { source.location }
    public var original: String { source.original }
}

/// An instruction's origin: its keyword as written, its text and where it is.
public struct InstructionSource: Sendable, Hashable {
    /// The keyword as written, e.g. `RUN` or `run`.
    public var keyword: String
    /// The instruction's logical line, trimmed: what BuildKit shows as the instruction's source code.
    public var original: String
    public var location: SourceLocation
    /// The comment lines directly above the instruction.
    public var comments: [String]

    public init(keyword: String, original: String, location: SourceLocation, comments: [String] = []) {
        self.keyword = keyword
        self.original = original
        self.location = location
        self.comments = comments
    }
}
