import ArgumentParser
import Foundation
import Runtime
import Store

/// `layerlab start`: runs a created or stopped container's command again, on its own read-write
/// layer. Commands run to their end here; without `-a` their output is not shown and, as
/// `docker start`, each container's name is printed.
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
                let status = try store.containers.start(containers[0], runtime: Run.runtime(runtime), io: .discarded)
                if status != 0 { throw ExitCode(status) }
                return
            }
            // As docker start: each failure said as it happens, then which ones failed.
            var failed: [String] = []
            for container in containers {
                do {
                    _ = try store.containers.start(container, runtime: Run.runtime(runtime), io: .discarded)
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
}

/// A command's summary of failures it already described one by one.
struct FailureSummary: Error, CustomStringConvertible {
    var description: String

    init(_ description: String) {
        self.description = description
    }
}
