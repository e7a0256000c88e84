import Foundation
import OCI
import Trace

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Containers whose command runs in the background (`run -d`): a `layerlab` process of its own
/// (the shim) marks the container running and, at the end, exited. No command watches it, so no
/// trace hears of that end: a file beside the container's record keeps it untold, and the next
/// command that opens the store tells it. `stop` and `kill` send the shim its signals.
extension StoreLayout {
    /// `containers/<id>/exit-untold`: the command ended while no command was watching.
    func untoldExit(_ id: ContainerID) -> String { container(id) + "/exit-untold" }
    /// `containers/<id>/auto-remove`: `run -d --rm`, removed once its end is told.
    func autoRemove(_ id: ContainerID) -> String { container(id) + "/auto-remove" }
}

extension ImageStore {
    /// Tells, as an `ended` operation, every exit of a background container that no trace has
    /// heard of yet: the command ended between two of the learner's commands.
    public func tellUntoldExits() throws(StoreError) {
        // Every command opens the store: without an untold end, no lock and no reading of the state.
        let marked = FileSystem.list(layout.containers).compactMap(ContainerID.init(validating:))
            .filter { FileSystem.exists(layout.untoldExit($0)) }
        guard !marked.isEmpty else { return }
        let untold = try withLock(.exclusive) { () throws(StoreError) -> [(ContainerID, Int32, Int64)] in
            let containers = try StoreState.readContainers(layout: layout)
            var found: [(ContainerID, Int32, Int64)] = []
            for id in marked.sorted() where FileSystem.exists(layout.untoldExit(id)) {
                try FileSystem.remove(layout.untoldExit(id))
                if let stored = containers[id] {
                    found.append((id, stored.record.state.exitCode, FolderSize.of(layout.diff(stored.mountID))))
                }
            }
            return found
        }
        guard !untold.isEmpty else { return }
        try? trace.operation(.ended, arguments: untold.map(\.0.shortID)) { op in
            for (id, exitCode, size) in untold {
                op.emit(.containerExited(id: id.value, exitCode: exitCode, layerSize: size))
            }
        }
        for (id, _, _) in untold { try containers.removeIfAsked(id) }
    }
}

extension ContainerStore {
    /// `run -d --rm`: the container is removed once its command has ended and that was told.
    public func removeWhenEnded(_ id: ContainerID) throws(StoreError) {
        try FileSystem.writeAtomically("", to: store.layout.autoRemove(id))
    }

    /// Removes the container when `run -d --rm` asked for it.
    func removeIfAsked(_ id: ContainerID) throws(StoreError) {
        guard FileSystem.exists(store.layout.autoRemove(id)) else { return }
        try remove(id.value)
    }

    /// `docker wait`: blocks until the container's command has ended, then tells how.
    /// - Returns: its exit status.
    public func wait(_ nameOrID: String) throws(StoreError) -> Int32 {
        var record = try inspect(nameOrID)
        while record.state.isRunning {
            // Its process is gone without a word (killed): recovery marks it exited (255).
            if !ProcessLiveness.isAlive(record.state.pid) { try store.recoverLeftovers() }
            usleep(20_000)
            record = try inspect(record.id.value)
        }
        try store.tellUntoldExits()
        return record.state.exitCode
    }

    /// How long `kill` waits for a process that was sent SIGKILL to be gone.
    static let killWait: Duration = .seconds(10)

    /// `docker stop`: SIGTERM to the container's process, then SIGKILL once `timeout` has passed.
    /// The built-in shell is its container's PID 1, which the kernel shields from a signal it has
    /// no handler for: SIGTERM changes nothing, and the command ends by SIGKILL (exit 137), as
    /// `busybox sleep` does under Docker.
    /// - Returns: the container as it is after; a container that is not running is left as it is.
    @discardableResult
    public func stop(_ nameOrID: String, timeout: Duration = .seconds(10)) throws(StoreError) -> ContainerRecord {
        let record = try inspect(nameOrID)
        let arguments = (timeout == .seconds(10) ? [] : ["-t", "\(timeout.components.seconds)"]) + [nameOrID]
        guard record.state.isRunning else {
            // As Docker's: stopping a container that is not running changes nothing, and is no error.
            try store.operation(.stop, arguments: arguments, mode: .shared) { _ in }
            return record
        }
        let pid = record.state.pid
        signalProcess(pid, SIGTERM)
        var signal = SIGTERM
        if !Self.waitForEnd(of: pid, within: timeout) {
            signal = SIGKILL
            signalProcess(pid, SIGKILL)
            _ = Self.waitForEnd(of: pid, within: Self.killWait)
        }
        let ended = try recordEnd(of: record.id, signal: signal, as: .stop, arguments: arguments)
        try removeIfAsked(record.id)
        return ended
    }

    /// `docker kill`: sends `signal` (SIGKILL by default) to the container's running process.
    /// - Throws: ``StoreError/Code/conflict`` with Docker's message when it is not running.
    @discardableResult
    public func kill(_ nameOrID: String, signal: Int32 = SIGKILL) throws(StoreError) -> ContainerRecord {
        let record = try inspect(nameOrID)
        let arguments = (signal == SIGKILL ? [] : ["-s", "\(signal)"]) + [nameOrID]
        guard record.state.isRunning, record.state.pid > 0 else {
            throw StoreError(
                .conflict, "cannot kill container: \(nameOrID): container \(record.id.value) is not running")
        }
        signalProcess(record.state.pid, signal)
        guard Self.waitForEnd(of: record.state.pid, within: signal == SIGKILL ? Self.killWait : .milliseconds(200))
        else {
            // A signal the command ignores (SIGTERM to PID 1) leaves it running, as Docker's kill does.
            try store.operation(.kill, arguments: arguments) { _ in }
            return record
        }
        let ended = try recordEnd(of: record.id, signal: signal, as: .kill, arguments: arguments)
        try removeIfAsked(record.id)
        return ended
    }

    /// Records, in an operation of `kind`, how the container's command ended: as its shim recorded
    /// it (the shim's untold exit, now told), or, when a signal ended the shim before it could,
    /// 128 + the signal, as a shell reports it.
    private func recordEnd(of id: ContainerID, signal: Int32, as kind: OperationKind, arguments: [String])
        throws(StoreError) -> ContainerRecord
    {
        try store.operation(kind, arguments: arguments) { (op) throws(StoreError) in
            guard var stored = try store.readState().containers[id] else {
                throw StoreError(.noSuchContainer, "No such container: \(id.value)")
            }
            if stored.record.state.isRunning {
                stored.record.state.status = .exited
                stored.record.state.exitCode = 128 + signal
                stored.record.state.pid = 0
                stored.record.state.finishedAt = Timestamp(store.clock())
                try FileSystem.writeAtomically(
                    try ImageStore.encodeRecord(stored.record), to: store.layout.containerConfig(id))
            }
            try? FileSystem.remove(store.layout.untoldExit(id))
            op.emit(
                .containerExited(
                    id: id.value, exitCode: stored.record.state.exitCode,
                    layerSize: FolderSize.of(store.layout.diff(stored.mountID))))
            return stored.record
        }
    }

    /// Waits until process `pid` is gone (or a zombie no one has reaped yet: it runs nothing).
    /// - Returns: whether it ended within `limit`.
    static func waitForEnd(of pid: Int32, within limit: Duration) -> Bool {
        let deadline = ContinuousClock.now + limit
        while ProcessLiveness.isAlive(pid) {
            guard ContinuousClock.now < deadline else { return false }
            usleep(20_000)
        }
        return true
    }
}

/// Whether a process still runs, by its ID.
public enum ProcessLiveness {
    /// Alive: it exists (or exists for another user) and is no zombie.
    public static func isAlive(_ pid: Int32) -> Bool {
        guard pid > 0, kill(pid, 0) == 0 || errno == EPERM else { return false }
        #if os(Linux)
            // `/proc/PID/stat`: "PID (NAME) STATE …"; the name may hold spaces and parentheses.
            if let stat = try? FileSystem.readText("/proc/\(pid)/stat"), let close = stat.lastIndex(of: ")") {
                return stat[stat.index(after: close)...].trimmingCharacters(in: .whitespaces).first != "Z"
            }
        #endif
        return true
    }
}

/// Sends `signal` to process `pid` (none when 0: a container that never got a process).
func signalProcess(_ pid: Int32, _ signal: Int32) {
    if pid > 0 { _ = kill(pid, signal) }
}
