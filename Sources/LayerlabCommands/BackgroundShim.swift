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
    /// - Throws: what the shim said when it could not start the command (its standard error).
    static func start(_ id: ContainerID, root: String, maxLayerSize: String?, store: ImageStore) throws {
        let executable = ProcessExecutor.current.executable
        let arguments =
            [executable, "container-shim", "--root", root]
            + (maxLayerSize.map { ["--max-layer-size", $0] } ?? []) + [id.value]
        // Its errors go to a file read only if it fails; unlinked at once, so nothing is left behind.
        var template = Array((NSTemporaryDirectory() + "/layerlab-shim-XXXXXX").utf8CString)
        let errors = mkstemp(&template)
        guard errors >= 0 else { throw ShimFailure("cannot make a file: \(String(cString: strerror(errno)))") }
        unlink(template)
        defer { close(errors) }
        let pid = try spawn(arguments, errors: errors)
        let deadline = ContinuousClock.now + startLimit
        while true {
            var raw: Int32 = 0
            if waitpid(pid, &raw, WNOHANG) == pid {
                // The shim exits 0 once the command ran, however the command ended.
                guard raw == 0 else { throw ShimFailure(said(errors) ?? "the container's process failed to start") }
                return
            }
            let state = try store.containers.inspect(id.value).state
            if state.isRunning && state.pid == pid { return }
            guard ContinuousClock.now < deadline else {
                kill(pid, SIGKILL)
                throw ShimFailure("the container's process did not start its command within \(startLimit)")
            }
            usleep(10_000)
        }
    }

    /// What the shim wrote to its standard error, without the `Error: ` every command starts with.
    private static func said(_ descriptor: Int32) -> String? {
        lseek(descriptor, 0, SEEK_SET)
        let text = String(decoding: FileHandle(fileDescriptor: descriptor).readDataToEndOfFile(), as: UTF8.self)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { return nil }
        return text.hasPrefix("Error: ") ? String(text.dropFirst("Error: ".count)) : text
    }

    /// The shim with nothing of this process's but its environment (without the trace it was told
    /// to write, which no command would read): standard input and output on /dev/null, default
    /// signals, its errors on `errors`.
    private static func spawn(_ arguments: [String], errors: Int32) throws -> pid_t {
        var environment = ProcessInfo.processInfo.environment
        environment["LAYERLAB_TRACE"] = nil
        let null = open("/dev/null", O_WRONLY | O_CLOEXEC)
        guard null >= 0 else { throw ShimFailure("cannot open /dev/null: \(String(cString: strerror(errno)))") }
        defer { close(null) }
        return try ContainerProcess(
            arguments[0], Array(arguments.dropFirst()), environment: environment, input: nil, output: null,
            errors: errors
        ).pid
    }
}

/// Why a background container did not start.
struct ShimFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
