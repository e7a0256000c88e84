import Foundation
import OCI
import Store
import Trace

/// What `run` did.
public struct RunResult: Sendable {
    public var container: ContainerRecord
    public var exitCode: Int32
}

extension ContainerStore {
    /// `docker run`: creates a container, runs its command with `runtime`, records the exit status.
    /// - Returns: the container (as it is after the command) and the exit status.
    /// - Throws: ``StoreError`` from create, ``RuntimeError`` from the runtime (the container then
    ///   stays, exited with status 127, as Docker keeps a container whose command could not start).
    /// - Parameter flags: `run`'s own flags, as typed, for the trace (`-d`).
    public func run(
        _ spec: ContainerSpec, runtime: any ContainerRuntime, io: RunIO = .inherited, flags: [String] = []
    ) throws -> RunResult {
        try runtime.checkAvailable()
        let container = try create(spec, for: .run, flags: flags)
        let exitCode = try start(container.id.value, runtime: runtime, io: io)
        return RunResult(container: try inspect(container.id.value), exitCode: exitCode)
    }

    /// `docker start -a`: runs a created or exited container's command again on its read-write layer.
    /// - Returns: the exit status.
    /// - Parameter watched: `false` in the background (`run -d`): no trace hears the end, which the
    ///   next command that opens the store tells.
    public func start(
        _ nameOrID: String, runtime: any ContainerRuntime, io: RunIO = .inherited, watched: Bool = true
    ) throws -> Int32 {
        try runtime.checkAvailable()
        let filesystem = try markRunning(nameOrID)
        let container = filesystem.container.id
        let exitCode: Int32
        do {
            let log = try logWriter(container)
            // Outside the store's lock: the command may run for long, and its output is traced.
            exitCode = try store.trace.operation(.attach, arguments: [container.shortID]) { op in
                try runtime.run(filesystem, io: io.logging(to: log).reporting(to: op, container: container.value))
            }
        } catch {
            try markExited(filesystem.container.id, exitCode: 127, watched: watched)
            throw error
        }
        try markExited(filesystem.container.id, exitCode: exitCode, watched: watched)
        return exitCode
    }
}
