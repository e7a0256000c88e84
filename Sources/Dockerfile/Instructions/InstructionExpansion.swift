/// Variable substitution at build time. BuildKit expands the arguments of ADD, COPY, ENV, EXPOSE, FROM, LABEL,
/// STOPSIGNAL, USER, VOLUME and WORKDIR (and ARG defaults) with the ARG and ENV values in scope at that point;
/// commands (RUN, CMD, ENTRYPOINT, SHELL, HEALTHCHECK) are left to the shell, ONBUILD to the later build.
extension Instruction {
    /// The instruction with its expandable arguments substituted; the others are returned unchanged.
    public func expanded(with lexer: ShellLexer, environment: [String: String]) throws(DockerfileError) -> Instruction {
        switch self {
        case .from(let instruction): .from(try instruction.expanded(with: lexer, environment: environment))
        case .env(let instruction): .env(try instruction.expanded(with: lexer, environment: environment))
        case .label(let instruction): .label(try instruction.expanded(with: lexer, environment: environment))
        case .add(let instruction): .add(try instruction.expanded(with: lexer, environment: environment))
        case .copy(let instruction): .copy(try instruction.expanded(with: lexer, environment: environment))
        case .expose(let instruction): .expose(try instruction.expanded(with: lexer, environment: environment))
        case .volume(let instruction): .volume(try instruction.expanded(with: lexer, environment: environment))
        case .user(let instruction): .user(try instruction.expanded(with: lexer, environment: environment))
        case .workdir(let instruction): .workdir(try instruction.expanded(with: lexer, environment: environment))
        case .stopSignal(let instruction): .stopSignal(try instruction.expanded(with: lexer, environment: environment))
        case .arg(let instruction): .arg(try instruction.expanded(with: lexer, environment: environment))
        case .run, .cmd, .entrypoint, .shell, .healthcheck, .onbuild, .maintainer: self
        }
    }
}

extension FromInstruction {
    /// The base name and platform expanded, normally with the meta ARGs only.
    public func expanded(with lexer: ShellLexer, environment: [String: String]) throws(DockerfileError) -> Self {
        let expander = Expander(lexer: lexer, environment: environment, location: location)
        var result = self
        result.baseName = try expander.word(baseName)
        if result.baseName.isEmpty {
            throw DockerfileError(
                file: location.file, at: location.start, message: "base name (\(baseName)) should not be blank")
        }
        if let platform {
            result.platform = try expander.word(platform)
            if result.platform?.isEmpty == true {
                throw DockerfileError(
                    file: location.file, at: location.start,
                    message: "empty platform value from expression \(platform)")
            }
        }
        return result
    }
}

extension EnvInstruction {
    public func expanded(with lexer: ShellLexer, environment: [String: String]) throws(DockerfileError) -> Self {
        var result = self
        result.pairs = try Expander(lexer: lexer, environment: environment, location: location).pairs(pairs)
        return result
    }
}

extension LabelInstruction {
    public func expanded(with lexer: ShellLexer, environment: [String: String]) throws(DockerfileError) -> Self {
        var result = self
        result.pairs = try Expander(lexer: lexer, environment: environment, location: location).pairs(pairs)
        return result
    }
}

extension AddInstruction {
    public func expanded(with lexer: ShellLexer, environment: [String: String]) throws(DockerfileError) -> Self {
        let expander = Expander(lexer: lexer, environment: environment, location: location)
        var result = self
        result.chown = try expander.optional(chown)
        result.chmod = try expander.optional(chmod)
        result.checksum = try expander.optional(checksum)
        result.sources = try expander.sources(sources)
        return result
    }
}

extension CopyInstruction {
    /// `--from` is not expanded: BuildKit refuses variables there.
    public func expanded(with lexer: ShellLexer, environment: [String: String]) throws(DockerfileError) -> Self {
        let expander = Expander(lexer: lexer, environment: environment, location: location)
        var result = self
        result.chown = try expander.optional(chown)
        result.chmod = try expander.optional(chmod)
        result.sources = try expander.sources(sources)
        return result
    }
}

extension ExposeInstruction {
    /// Each port is split into words after expansion, so one variable can hold several ports.
    public func expanded(with lexer: ShellLexer, environment: [String: String]) throws(DockerfileError) -> Self {
        let expander = Expander(lexer: lexer, environment: environment, location: location)
        var result = self
        result.ports = []
        for port in ports { result.ports += try expander.words(port) }
        return result
    }
}

extension VolumeInstruction {
    public func expanded(with lexer: ShellLexer, environment: [String: String]) throws(DockerfileError) -> Self {
        var result = self
        result.volumes = try Expander(lexer: lexer, environment: environment, location: location).list(volumes)
        return result
    }
}

extension UserInstruction {
    public func expanded(with lexer: ShellLexer, environment: [String: String]) throws(DockerfileError) -> Self {
        var result = self
        result.user = try Expander(lexer: lexer, environment: environment, location: location).word(user)
        return result
    }
}

extension WorkdirInstruction {
    public func expanded(with lexer: ShellLexer, environment: [String: String]) throws(DockerfileError) -> Self {
        var result = self
        result.path = try Expander(lexer: lexer, environment: environment, location: location).word(path)
        return result
    }
}

extension StopSignalInstruction {
    public func expanded(with lexer: ShellLexer, environment: [String: String]) throws(DockerfileError) -> Self {
        var result = self
        result.signal = try Expander(lexer: lexer, environment: environment, location: location).word(signal)
        return result
    }
}

extension ArgInstruction {
    /// Default values expanded; as in BuildKit's dispatch, names are not.
    public func expanded(with lexer: ShellLexer, environment: [String: String]) throws(DockerfileError) -> Self {
        let expander = Expander(lexer: lexer, environment: environment, location: location)
        var result = self
        result.arguments = []
        for var definition in arguments {
            if let value = definition.value { definition.value = try expander.word(value) }
            result.arguments.append(definition)
        }
        return result
    }
}
