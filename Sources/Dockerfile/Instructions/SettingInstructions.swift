/// `FROM [--platform=...] image [AS name]`, which starts a stage.
public struct FromInstruction: DockerfileInstruction, Hashable {
    public var source: InstructionSource
    public var baseName: String
    /// The stage name, lowercased; nil for an unnamed stage.
    public var stageName: String?
    public var platform: String?

    public init(source: InstructionSource, baseName: String, stageName: String? = nil, platform: String? = nil) {
        self.source = source
        self.baseName = baseName
        self.stageName = stageName
        self.platform = platform
    }
}

/// A name and value of ENV or LABEL.
public struct KeyValuePair: Sendable, Hashable {
    public var key: String
    public var value: String
    /// False for the legacy `ENV key value` form, which has no `=`.
    public var hasDelimiter: Bool

    public init(key: String, value: String, hasDelimiter: Bool = true) {
        self.key = key
        self.value = value
        self.hasDelimiter = hasDelimiter
    }
}

/// `ENV key=value ...`.
public struct EnvInstruction: DockerfileInstruction, Hashable {
    public var source: InstructionSource
    public var pairs: [KeyValuePair]

    public init(source: InstructionSource, pairs: [KeyValuePair]) {
        self.source = source
        self.pairs = pairs
    }
}

/// `LABEL key=value ...`.
public struct LabelInstruction: DockerfileInstruction, Hashable {
    public var source: InstructionSource
    public var pairs: [KeyValuePair]

    public init(source: InstructionSource, pairs: [KeyValuePair]) {
        self.source = source
        self.pairs = pairs
    }
}

/// One variable of an ARG: a name and maybe a default value.
public struct ArgDefinition: Sendable, Hashable {
    public var key: String
    public var value: String?
    /// The text after `# key ` in the comments above the ARG, BuildKit's way of documenting build arguments.
    public var documentation: String?

    public init(key: String, value: String? = nil, documentation: String? = nil) {
        self.key = key
        self.value = value
        self.documentation = documentation
    }
}

/// `ARG name[=default] ...`.
public struct ArgInstruction: DockerfileInstruction, Hashable {
    public var source: InstructionSource
    public var arguments: [ArgDefinition]

    public init(source: InstructionSource, arguments: [ArgDefinition]) {
        self.source = source
        self.arguments = arguments
    }
}

/// `EXPOSE port[/protocol] ...`, kept sorted as BuildKit sorts them.
public struct ExposeInstruction: DockerfileInstruction, Hashable {
    public var source: InstructionSource
    public var ports: [String]

    public init(source: InstructionSource, ports: [String]) {
        self.source = source
        self.ports = ports
    }
}

/// `VOLUME path ...`.
public struct VolumeInstruction: DockerfileInstruction, Hashable {
    public var source: InstructionSource
    public var volumes: [String]

    public init(source: InstructionSource, volumes: [String]) {
        self.source = source
        self.volumes = volumes
    }
}

/// `USER user[:group]`.
public struct UserInstruction: DockerfileInstruction, Hashable {
    public var source: InstructionSource
    public var user: String

    public init(source: InstructionSource, user: String) {
        self.source = source
        self.user = user
    }
}

/// `WORKDIR path`.
public struct WorkdirInstruction: DockerfileInstruction, Hashable {
    public var source: InstructionSource
    public var path: String

    public init(source: InstructionSource, path: String) {
        self.source = source
        self.path = path
    }
}

/// `STOPSIGNAL signal`.
public struct StopSignalInstruction: DockerfileInstruction, Hashable {
    public var source: InstructionSource
    public var signal: String

    public init(source: InstructionSource, signal: String) {
        self.source = source
        self.signal = signal
    }
}

/// `MAINTAINER name` (deprecated in favour of a label).
public struct MaintainerInstruction: DockerfileInstruction, Hashable {
    public var source: InstructionSource
    public var maintainer: String

    public init(source: InstructionSource, maintainer: String) {
        self.source = source
        self.maintainer = maintainer
    }
}

/// `ONBUILD instruction`: stored in the image and run when another build starts FROM it.
public struct OnbuildInstruction: DockerfileInstruction, Hashable {
    public var source: InstructionSource
    /// The trigger's text, `ONBUILD` removed, with its heredocs appended as BuildKit records it in the image.
    public var expression: String

    public init(source: InstructionSource, expression: String) {
        self.source = source
        self.expression = expression
    }
}
