import Archive
import Foundation
import OCI
import Store
import UnionFS

/// The `sim` runtime: layerlab's built-in shell on the union file system. Portable (no root, no
/// kernel feature, any OS) and deterministic: no host program runs, no clock is read, and every
/// new or changed file gets ``modificationTime``, so the same command on the same image always
/// gives the same layer digest.
///
/// The container's command runs as `exec` would run it: `sh -c SCRIPT` starts the shell, and a
/// built-in's name (`echo hi`, `/bin/mkdir -p /x`) runs that built-in. The subset it
/// understands is documented in the README ("The built-in shell"); a program outside it (`apt-get`) or a
/// construct outside it (a pipeline) fails with ``RuntimeError/Code/unsupportedCommand``,
/// naming it and suggesting `--runtime overlay`.
public struct SimRuntime: ContainerRuntime {
    /// The time of new and changed entries.
    public var modificationTime: TarTime

    /// - Parameter modificationTime: by default SOURCE_DATE_EPOCH when it is set, else the Unix epoch.
    public init(modificationTime: TarTime? = nil) {
        self.modificationTime = modificationTime ?? Self.defaultModificationTime()
    }

    /// SOURCE_DATE_EPOCH when it holds a number of seconds, else 0.
    public static func defaultModificationTime(
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> TarTime {
        TarTime(seconds: environment["SOURCE_DATE_EPOCH"].flatMap { Int64($0) } ?? 0)
    }

    public func checkAvailable() throws(RuntimeError) {}

    public func run(_ filesystem: ContainerFilesystem, io: RunIO) throws(RuntimeError) -> Int32 {
        let container = filesystem.container
        let layer = filesystem.layer(modificationTime: modificationTime, trace: io.trace)
        let user = try ContainerUser.resolve(container.config.user, in: layer.merged)
        let workingDirectory = container.config.workingDir.flatMap { $0.isEmpty ? nil : $0 } ?? "/"
        let environment = OverlayRuntime.environment(container, user: user)
        // The built-in shell reads its input whole before it runs: `sh` runs it as its script.
        let input = io.standardInput.map { [UInt8]($0.readDataToEndOfFile()) } ?? []
        let streams = CommandStreams(
            input: input, output: CommandStream(.receiver(io.standardOutput)),
            error: CommandStream(.receiver(io.standardError)))
        let shell = Shell(
            layer: layer, user: user,
            environment: Self.ordered(environment, configuration: container.config.env ?? []),
            workingDirectory: workingDirectory, streams: streams, name: "sh")
        do {
            try Self.makeWorkingDirectory(workingDirectory, shell: shell)
            let command = [container.path] + container.args
            return try shell.invoke(command, assignments: [], streams: streams)
        } catch let error as ShellExit {
            return error.status
        } catch let error as UnsupportedCommand {
            throw RuntimeError(
                .unsupportedCommand,
                "the built-in shell (--runtime sim) cannot run \"\(error.command)\" (line \(error.line)): "
                    + "it runs only its own commands (\(Builtins.names.joined(separator: " "))); "
                    + "to run the image's own programs use --runtime overlay (Linux, as root)")
        } catch let error as ShellTokenizer.Unsupported {
            throw RuntimeError(
                .unsupportedCommand,
                "the built-in shell (--runtime sim) has no \(error.construct) (line \(error.line)); "
                    + "use --runtime overlay (Linux, as root) to run the image's own shell")
        } catch let error as RuntimeError {
            throw error
        } catch {
            throw RuntimeError(.io, "the built-in shell failed: \(error)", cause: error)
        }
    }

    /// The environment in a stable order: the configuration's variables as the image lists
    /// them, then the ones the runtime adds (`PATH`, `HOSTNAME`, `HOME`) when the image has not
    /// set them.
    static func ordered(_ environment: [String: String], configuration: [String]) -> [(String, String)] {
        var result: [(String, String)] = []
        for variable in configuration {
            let key = String(variable.prefix { $0 != "=" })
            if let value = environment[key], !result.contains(where: { $0.0 == key }) { result.append((key, value)) }
        }
        for key in ["PATH", "HOSTNAME", "HOME"] where !result.contains(where: { $0.0 == key }) {
            if let value = environment[key] { result.append((key, value)) }
        }
        return result
    }

    /// Creates the working directory when the image lacks it, as Docker does, owned by the user.
    private static func makeWorkingDirectory(_ path: String, shell: Shell) throws {
        guard path.hasPrefix("/") else {
            throw RuntimeError(
                .invalidConfig, "the working directory '\(path)' is invalid, it needs to be an absolute path")
        }
        guard case .existing = try? shell.resolve(path, followingLast: true) else {
            let status = try shell.invoke(["mkdir", "-p", path], assignments: [], streams: shell.streams)
            guard status == 0 else {
                throw RuntimeError(.invalidConfig, "the working directory '\(path)' cannot be made in the image")
            }
            return
        }
    }
}
