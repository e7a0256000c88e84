/// RUN, CMD, ENTRYPOINT, SHELL and HEALTHCHECK: instructions that carry a command.
extension InstructionParser {
    func parseRun() throws(DockerfileError) -> RunInstruction {
        let flags = try flags(accepting: [
            "mount": .strings, "network": .string, "security": .string, "device": .strings,
        ])
        let network = flags.string("network") ?? "default"
        guard ["default", "none", "host"].contains(network) else {
            throw failure("invalid network mode \(GoQuote.quote(network))")
        }
        let security = flags.string("security") ?? "sandbox"
        guard ["sandbox", "insecure"].contains(security) else {
            throw failure("security \(GoQuote.quote(security)) is not valid")
        }
        return RunInstruction(
            source: source, commandLine: commandLine(), mounts: flags.list("mount"), network: network,
            security: security, devices: flags.list("device"), flagsUsed: flags.used)
    }

    func parseCmd() throws(DockerfileError) -> CmdInstruction {
        _ = try flags()
        return CmdInstruction(source: source, commandLine: commandLine())
    }

    func parseEntrypoint() throws(DockerfileError) -> EntrypointInstruction {
        _ = try flags()
        return EntrypointInstruction(source: source, commandLine: commandLine())
    }

    func parseShell() throws(DockerfileError) -> ShellInstruction {
        _ = try flags()
        let shell = commandArguments(arguments)
        if shell.isEmpty { throw failure("SHELL requires at least one argument") }
        guard node.isJSON else { throw failure("SHELL requires the arguments to be in JSON form") }
        return ShellInstruction(source: source, shell: shell)
    }

    func parseHealthcheck() throws(DockerfileError) -> HealthcheckInstruction {
        try requireArguments("HEALTHCHECK")
        let kind = arguments[0].uppercased()
        let command = arguments.dropFirst()
        if kind == "NONE" {
            // BuildKit does not look at the flags of HEALTHCHECK NONE.
            if !command.isEmpty { throw failure("HEALTHCHECK NONE takes no arguments") }
            return HealthcheckInstruction(source: source, test: ["NONE"])
        }
        let flags = try flags(accepting: [
            "interval": .string, "timeout": .string, "start-period": .string, "start-interval": .string,
            "retries": .string,
        ])
        guard kind == "CMD" else { throw failure("Unknown type \(GoQuote.quote(kind)) in HEALTHCHECK (try CMD)") }
        let arguments = commandArguments(command)
        if arguments.isEmpty { throw failure("Missing command after HEALTHCHECK CMD") }
        return HealthcheckInstruction(
            source: source,
            test: [node.isJSON ? "CMD" : "CMD-SHELL"] + arguments,
            interval: try interval(flags, "interval"),
            timeout: try interval(flags, "timeout"),
            startPeriod: try interval(flags, "start-period"),
            startInterval: try interval(flags, "start-interval"),
            retries: try retries(flags))
    }

    /// BuildKit's `parseOptInterval`: empty is zero, and a non-zero duration must be at least a millisecond.
    private func interval(_ flags: InstructionFlags, _ name: String) throws(DockerfileError) -> Duration {
        guard let text = flags.string(name) else { return .zero }
        let duration: Duration
        do {
            duration = try GoDuration.parse(text)
        } catch {
            throw failure(error.message)
        }
        if duration != .zero && duration < .milliseconds(1) {
            throw failure("Interval \(GoQuote.quote(name)) cannot be less than 1ms")
        }
        return duration
    }

    private func retries(_ flags: InstructionFlags) throws(DockerfileError) -> Int {
        guard let text = flags.string("retries") else { return 0 }
        let digits = text.hasPrefix("+") || text.hasPrefix("-") ? text.dropFirst() : Substring(text)
        guard !digits.isEmpty, digits.unicodeScalars.allSatisfy(\.isASCIIDigit) else {
            throw failure("strconv.ParseInt: parsing \(GoQuote.quote(text)): invalid syntax")
        }
        guard let retries = Int32(text) else {
            throw failure("strconv.ParseInt: parsing \(GoQuote.quote(text)): value out of range")
        }
        if retries < 0 { throw failure("--retries cannot be negative (\(retries))") }
        return Int(retries)
    }
}
