import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A process layerlab starts for a container: the host tool that becomes its process (`unshare`),
/// or the shim that keeps a background one. Started so that it inherits nothing of layerlab but
/// its three streams (R-B4): standard input from /dev/null (or what `run -i` gives it), output and
/// errors on the given descriptors, every other descriptor closed, default signal handling.
///
/// Foundation's `Process` cannot promise that: on Linux it hands the child one end of a socket
/// pair it makes for itself, which a container's command then held as descriptor 19.
public struct ContainerProcess: Sendable {
    public let pid: pid_t

    /// Starts `tool` with `arguments` and exactly `environment`.
    /// - Parameter input: the descriptor it reads as standard input; /dev/null when `nil`.
    /// - Throws: ``RuntimeError`` (`unavailable`) when it cannot be started.
    public init(
        _ tool: String, _ arguments: [String], environment: [String: String], input: Int32?, output: Int32,
        errors: Int32
    ) throws(RuntimeError) {
        #if os(Linux)
            var actions = posix_spawn_file_actions_t()
            var attributes = posix_spawnattr_t()
        #else
            var actions: posix_spawn_file_actions_t?
            var attributes: posix_spawnattr_t?
        #endif
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        if let input {
            posix_spawn_file_actions_adddup2(&actions, input, 0)
        } else {
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        }
        posix_spawn_file_actions_adddup2(&actions, output, 1)
        posix_spawn_file_actions_adddup2(&actions, errors, 2)
        InheritedDescriptors.closeAll(in: &actions)
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // A dispatch thread blocks most signals; the container's process must not inherit that.
        var mask = sigset_t()
        sigemptyset(&mask)
        posix_spawnattr_setsigmask(&attributes, &mask)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGTERM, SIGINT, SIGHUP, SIGPIPE] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        let argv = ([tool] + arguments).map { strdup($0) } + [nil]
        let envp = environment.sorted { $0.key < $1.key }.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var pid: pid_t = 0
        let status = posix_spawn(&pid, tool, &actions, &attributes, argv, envp)
        guard status == 0 else {
            throw RuntimeError(.unavailable, "cannot start \(tool): \(String(cString: strerror(status)))")
        }
        self.pid = pid
    }

    /// Waits for the process: its exit status, or 128 + the signal that ended it.
    func wait() -> Int32 {
        var raw: Int32 = 0
        while waitpid(pid, &raw, 0) < 0, errno == EINTR {}
        let signal = raw & 0x7f
        return signal == 0 ? (raw >> 8) & 0xff : 128 + signal
    }
}
