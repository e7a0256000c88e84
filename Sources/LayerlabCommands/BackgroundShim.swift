import Foundation
import Lessons
import Runtime
import Store

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Starts a container's command in the background, as `docker run -d` does: in a `layerlab
/// container-shim` process that outlives the command which started it. layerlab has no daemon, so
/// the shim is the container's keeper: it marks the container running, runs the command with its
/// output going to the container's log, and marks it exited.
enum BackgroundShim {
    /// How long `run -d` waits for the shim to mark the container running.
    static let startLimit: Duration = .seconds(20)

    /// Spawns the shim for container `id` of the store at `root`, and returns once the container
    /// runs (or has already ended: a quick command).
    /// - Throws: when the shim cannot start, or ends without having run the command.
    static func start(_ id: ContainerID, root: String, maxLayerSize: String?, store: ImageStore) throws {
        let executable = ProcessExecutor.current.executable
        let arguments =
            [executable, "container-shim", "--root", root]
            + (maxLayerSize.map { ["--max-layer-size", $0] } ?? []) + [id.value]
        let pid = try spawn(arguments)
        let deadline = ContinuousClock.now + startLimit
        while true {
            var raw: Int32 = 0
            let reaped = waitpid(pid, &raw, WNOHANG)
            let state = try store.containers.inspect(id.value).state
            if state.status != .created { return }
            if reaped == pid {
                throw ShimFailure(
                    "the container's process ended before it started its command (status \((raw >> 8) & 0xff))")
            }
            guard ContinuousClock.now < deadline else {
                kill(pid, SIGKILL)
                throw ShimFailure("the container's process did not start its command within \(startLimit)")
            }
            usleep(10_000)
        }
    }

    /// The shim with nothing of this process's but its environment (without the trace it was told
    /// to write, which no command would read): standard streams on /dev/null, default signals.
    private static func spawn(_ arguments: [String]) throws -> pid_t {
        var environment = ProcessInfo.processInfo.environment
        environment["LAYERLAB_TRACE"] = nil
        let null = open("/dev/null", O_WRONLY | O_CLOEXEC)
        guard null >= 0 else { throw ShimFailure("cannot open /dev/null: \(String(cString: strerror(errno)))") }
        defer { close(null) }
        return try ContainerProcess(
            arguments[0], Array(arguments.dropFirst()), environment: environment, input: nil, output: null,
            errors: null
        ).pid
    }
}

/// Why a background container did not start.
struct ShimFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
