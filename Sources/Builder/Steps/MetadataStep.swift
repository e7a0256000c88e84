import Dockerfile
import OCI
import Runtime

/// The instructions that only change the image's config, applied as moby's dispatchers apply
/// them. Each returns the commit message the classic builder puts in the history
/// (`/bin/sh -c #(nop)  ENV A=b`).
enum MetadataStep {
    /// Applies `instruction` to the stage's run config.
    /// - Returns: the commit message, or `nil` for an instruction this step does not handle.
    static func apply(_ instruction: Instruction, to state: inout StageState, cmdSet: inout Bool) -> String? {
        switch instruction {
        case .env(let env):
            for pair in env.pairs { state.setEnvironment(pair.key, pair.value) }
            return "ENV " + env.pairs.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        case .label(let label):
            var labels = state.runConfig.labels ?? [:]
            for pair in label.pairs { labels[pair.key] = pair.value }
            state.runConfig.labels = labels
            return "LABEL " + label.pairs.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        case .cmd(let cmd):
            state.runConfig.cmd = command(cmd.commandLine, shell: state.shell)
            cmdSet = true
            return "CMD " + GoSyntax.quotedList(state.runConfig.cmd ?? [])
        case .entrypoint(let entrypoint):
            let program = command(entrypoint.commandLine, shell: state.shell)
            state.runConfig.entrypoint = program.isEmpty ? nil : program
            // moby: an ENTRYPOINT drops a CMD inherited from the base image.
            if !cmdSet { state.runConfig.cmd = nil }
            return "ENTRYPOINT " + GoSyntax.quotedList(program)
        case .expose(let expose):
            var ports = state.runConfig.exposedPorts ?? [:]
            for port in expose.ports.flatMap(Self.ports) { ports[port] = EmptyObject() }
            state.runConfig.exposedPorts = ports
            return "EXPOSE " + expose.ports.joined(separator: " ")
        case .volume(let volume):
            var volumes = state.runConfig.volumes ?? [:]
            for path in volume.volumes { volumes[path] = EmptyObject() }
            state.runConfig.volumes = volumes
            return "VOLUME " + GoSyntax.bracketedList(volume.volumes)
        case .user(let user):
            state.runConfig.user = user.user
            return "USER " + user.user
        case .workdir(let workdir):
            state.runConfig.workingDir = resolvedWorkingDirectory(workdir.path, current: state.runConfig.workingDir)
            return "WORKDIR " + (state.runConfig.workingDir ?? "/")
        case .stopSignal(let signal):
            state.runConfig.stopSignal = signal.signal
            return "STOPSIGNAL " + signal.signal
        case .healthcheck(let check):
            state.runConfig.healthcheck = Healthcheck(
                test: check.test, interval: nanoseconds(check.interval), timeout: nanoseconds(check.timeout),
                startPeriod: nanoseconds(check.startPeriod), startInterval: nanoseconds(check.startInterval),
                retries: check.retries == 0 ? nil : check.retries)
            return "HEALTHCHECK " + GoSyntax.quotedList(check.test)
        case .shell(let shell):
            state.runConfig.shell = shell.shell
            return "SHELL " + GoSyntax.bracketedList(shell.shell)
        case .onbuild(let onbuild):
            state.runConfig.onBuild = (state.runConfig.onBuild ?? []) + [onbuild.expression]
            return "ONBUILD " + onbuild.expression
        case .maintainer(let maintainer):
            state.imageConfig.author = maintainer.maintainer
            return "MAINTAINER " + maintainer.maintainer
        default:
            return nil
        }
    }

    /// A CMD's, ENTRYPOINT's or RUN's program: exec form as written, shell form behind the shell.
    static func command(_ line: ShellCommandLine, shell: [String]) -> [String] {
        line.prependShell ? shell + line.arguments : line.arguments
    }

    /// WORKDIR: an absolute path, or one relative to the current working directory.
    static func resolvedWorkingDirectory(_ path: String, current: String?) -> String {
        ContainerPath.absolute(path, in: current ?? "/")
    }

    /// `80` → `80/tcp`; `8000-8002/udp` → three ports, as `nat.ParsePortSpecs` reads EXPOSE.
    static func ports(_ spec: String) -> [String] {
        let parts = spec.split(separator: "/", maxSplits: 1).map(String.init)
        let proto = parts.count == 2 ? parts[1].lowercased() : "tcp"
        let range = (parts.first ?? "").split(separator: "-").compactMap { Int($0) }
        guard let low = range.first else { return [spec] }
        let high = range.count == 2 ? range[1] : low
        guard high >= low, high - low < 65536 else { return [spec] }
        return (low...high).map { "\($0)/\(proto)" }
    }

    private static func nanoseconds(_ duration: Duration) -> Int64? {
        let (seconds, attoseconds) = duration.components
        let total = seconds * 1_000_000_000 + attoseconds / 1_000_000_000
        return total == 0 ? nil : total
    }
}

/// How Go prints values in moby's commit messages.
enum GoSyntax {
    /// `%q` of a `[]string`: `["/bin/sh" "-c" "echo hi"]`.
    static func quotedList(_ items: [String]) -> String {
        "[" + items.map(quoted).joined(separator: " ") + "]"
    }

    /// `%v` of a `[]string`: `[/data /logs]`.
    static func bracketedList(_ items: [String]) -> String { "[" + items.joined(separator: " ") + "]" }

    static func quoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\t": result += "\\t"
            case "\r": result += "\\r"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }
}
