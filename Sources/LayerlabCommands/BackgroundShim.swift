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
                throw ShimFailure("the container's process ended before it started its command (status \(raw))")
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
        #if os(Linux)
            var actions = posix_spawn_file_actions_t()
            var attributes = posix_spawnattr_t()
        #else
            var actions: posix_spawn_file_actions_t?
            var attributes: posix_spawnattr_t?
        #endif
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        // Any descriptor left open without close-on-exec (the store's lock among them) would stay
        // with the shim for as long as the container runs.
        InheritedDescriptors.closeAll(in: &actions)
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var mask = sigset_t()
        sigemptyset(&mask)
        posix_spawnattr_setsigmask(&attributes, &mask)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGTERM, SIGINT, SIGHUP, SIGPIPE] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var environment = ProcessInfo.processInfo.environment
        environment["LAYERLAB_TRACE"] = nil
        let argv = arguments.map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var pid: pid_t = 0
        let status = posix_spawn(&pid, arguments[0], &actions, &attributes, argv, envp)
        guard status == 0 else {
            throw ShimFailure("cannot start \(arguments[0]): \(String(cString: strerror(status)))")
        }
        return pid
    }
}

/// Why a background container did not start.
struct ShimFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
