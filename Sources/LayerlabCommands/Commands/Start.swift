import ArgumentParser
import Foundation
import Runtime
import Store
import Trace

/// `layerlab start`: runs a created or stopped container's command again, on its own read-write
/// layer. With `-a` it runs to its end here, its output shown; without, as `docker start`, it runs
/// in the background (under `--runtime overlay`, to its end first) and each container's name is
/// printed.
struct Start: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Start one or more stopped containers.",
        discussion: "Example: layerlab create --name job busybox sh -c 'date >> /log' && layerlab start -a job"
    )

    @OptionGroup var global: GlobalOptions

    @Flag(name: .shortAndLong, help: "Attach STDOUT/STDERR and forward signals.")
    var attach = false

    @Option(name: .long, help: "Where the command runs: sim (built-in shell) or overlay (kernel overlayfs, root).")
    var runtime: RuntimeKind = .sim

    @Argument(help: "Containers, by name or ID.")
    var containers: [String]

    func validate() throws {
        if attach && containers.count > 1 {
            throw ValidationError("you cannot start and attach multiple containers at once")
        }
    }

    func run() throws {
        try reportingErrors {
            let store = try global.openStore(extraSinks: attach ? [TranscriptPrinter().sink] : [])
            if attach {
                let status = try attached(containers[0], store)
                if status != 0 { throw ExitCode(status) }
                return
            }
            // As docker start: each failure said as it happens, then which ones failed.
            var failed: [String] = []
            for container in containers {
                do {
                    try startDetached(container, store)
                    emit(container)
                } catch {
                    FileHandle.standardError.write(Data("Error: \(error)\n".utf8))
                    failed.append(container)
                }
            }
            guard failed.isEmpty else {
                throw FailureSummary("failed to start containers: \(failed.joined(separator: ", "))")
            }
        }
    }

    /// `start -a`: runs the command here, its output shown. A container already running in the
    /// background is attached to, as Docker attaches: what it writes from now on, until it ends.
    /// - Returns: the command's exit status.
    private func attached(_ container: String, _ store: ImageStore) throws -> Int32 {
        let record = try store.containers.inspect(container)
        guard record.state.isRunning else {
            return try store.containers.start(container, runtime: Run.runtime(runtime), io: .discarded)
        }
        let seen = try store.containers.logs(record.id.value).entries.count
        let ended = try LogFollower.follow(record.id.value, in: store, from: seen) { LogFollower.write($0) }
        return ended?.state.exitCode ?? 0
    }

    /// `start`: the command runs in the background (under `--runtime overlay`, to its end first); a
    /// running container is left as it is, as Docker's is.
    private func startDetached(_ container: String, _ store: ImageStore) throws {
        let record = try store.containers.inspect(container)
        guard !record.state.isRunning else { return }
        guard runtime == .sim else {
            _ = try store.containers.start(container, runtime: Run.runtime(runtime), io: .discarded)
            return
        }
        // The shim writes no trace: this command's own operation is what a trace shows of the start.
        try store.trace.operation(.start, arguments: [container]) { _ in
            try BackgroundShim.start(
                record.id, root: store.layout.root, maxLayerSize: global.maxLayerSize, store: store)
        }
    }
}

/// A command's summary of failures it already described one by one.
struct FailureSummary: Error, CustomStringConvertible {
    var description: String

    init(_ description: String) {
        self.description = description
    }
}
