/// The command of RUN, CMD, ENTRYPOINT: exec form runs `arguments` as they are; shell form is a single string
/// the builder hands to the stage's shell (`/bin/sh -c` unless SHELL changed it).
public struct ShellCommandLine: Sendable, Hashable {
    /// The exec-form arguments, or the shell-form command as a single element.
    public var arguments: [String]
    /// True for shell form: the builder must put the shell in front of `arguments`.
    public var prependShell: Bool
    /// Heredocs of the command, which the builder provides as files (or as the script itself).
    public var files: [ShellInlineFile]

    public init(arguments: [String], prependShell: Bool, files: [ShellInlineFile] = []) {
        self.arguments = arguments
        self.prependShell = prependShell
        self.files = files
    }
}

/// A heredoc attached to a command.
public struct ShellInlineFile: Sendable, Hashable {
    public var name: String
    public var data: String
    /// Whether leading tabs should be removed from `data` (`<<-`).
    public var chomp: Bool

    public init(name: String, data: String, chomp: Bool = false) {
        self.name = name
        self.data = data
        self.chomp = chomp
    }
}

/// `RUN [--mount=...] [--network=...] [--security=...] [--device=...] command`.
public struct RunInstruction: DockerfileInstruction, Hashable {
    public var source: InstructionSource
    public var commandLine: ShellCommandLine
    /// `--mount` specifications as written, e.g. `type=cache,target=/root/.cache`.
    public var mounts: [String]
    /// `--network`: `default`, `none` or `host`.
    public var network: String
    /// `--security`: `sandbox` or `insecure`.
    public var security: String
    /// `--device` specifications as written.
    public var devices: [String]
    /// The flags given, in the order first used.
    public var flagsUsed: [String]

    public init(
        source: InstructionSource,
        commandLine: ShellCommandLine,
        mounts: [String] = [],
        network: String = "default",
        security: String = "sandbox",
        devices: [String] = [],
        flagsUsed: [String] = []
    ) {
        self.source = source
        self.commandLine = commandLine
        self.mounts = mounts
        self.network = network
        self.security = security
        self.devices = devices
        self.flagsUsed = flagsUsed
    }
}

/// `CMD command`: the container's default command (or default arguments for the entrypoint).
public struct CmdInstruction: DockerfileInstruction, Hashable {
    public var source: InstructionSource
    public var commandLine: ShellCommandLine

    public init(source: InstructionSource, commandLine: ShellCommandLine) {
        self.source = source
        self.commandLine = commandLine
    }
}

/// `ENTRYPOINT command`. Empty arguments (`ENTRYPOINT []`) clear the entrypoint.
public struct EntrypointInstruction: DockerfileInstruction, Hashable {
    public var source: InstructionSource
    public var commandLine: ShellCommandLine

    public init(source: InstructionSource, commandLine: ShellCommandLine) {
        self.source = source
        self.commandLine = commandLine
    }
}

/// `SHELL ["executable", "parameters"]`: the shell for later shell-form commands; only the exec form is allowed.
public struct ShellInstruction: DockerfileInstruction, Hashable {
    public var source: InstructionSource
    public var shell: [String]

    public init(source: InstructionSource, shell: [String]) {
        self.source = source
        self.shell = shell
    }
}

/// `HEALTHCHECK [options] CMD command` or `HEALTHCHECK NONE`, as the image config's `Healthcheck`.
public struct HealthcheckInstruction: DockerfileInstruction, Hashable {
    public var source: InstructionSource
    /// `["NONE"]`, `["CMD", exec arguments...]` or `["CMD-SHELL", command]`.
    public var test: [String]
    /// Zero durations and retries mean "not set": the runtime's defaults apply.
    public var interval: Duration
    public var timeout: Duration
    public var startPeriod: Duration
    public var startInterval: Duration
    public var retries: Int

    public init(
        source: InstructionSource,
        test: [String],
        interval: Duration = .zero,
        timeout: Duration = .zero,
        startPeriod: Duration = .zero,
        startInterval: Duration = .zero,
        retries: Int = 0
    ) {
        self.source = source
        self.test = test
        self.interval = interval
        self.timeout = timeout
        self.startPeriod = startPeriod
        self.startInterval = startInterval
        self.retries = retries
    }
}
