import Foundation
import Synchronization

/// A program run with its standard output and error read together, and, under a time limit, in a
/// process group of its own.
///
/// The group is what the time limit stops: the program and whatever it started (the container of
/// `run --runtime overlay`). Foundation's `Process` cannot do this: it waits, on Linux, until
/// every process that inherited the child's descriptors has ended, so a grandchild outlives the
/// kill and holds the wait.
struct GroupedProcess {
    var executable: String
    var arguments: [String]
    var environment: [String: String]
    var directory: String

    struct Ended {
        /// The exit status, or 128 + the signal that ended it, as a shell reports it.
        var status: Int32
        var output: Data
        var timedOut: Bool
    }

    /// Runs the program to its end, or until `timeLimit`: then its group is sent SIGTERM, and
    /// SIGKILL two seconds later. Blocks the calling thread (never one of the concurrency pool's).
    func run(timeLimit: Duration?) throws -> Ended {
        var ends: [Int32] = [0, 0]
        guard pipe(&ends) == 0 else { throw Self.failure("pipe") }
        _ = fcntl(ends[0], F_SETFD, FD_CLOEXEC)
        _ = fcntl(ends[1], F_SETFD, FD_CLOEXEC)
        let pid: pid_t
        do {
            pid = try spawn(output: ends[1], ownGroup: timeLimit != nil)
        } catch {
            close(ends[0])
            close(ends[1])
            throw error
        }
        close(ends[1])
        let collected = CollectedOutput(reading: ends[0])
        let (raw, timedOut) = wait(for: pid, timeLimit: timeLimit)
        if timedOut { kill(-pid, SIGKILL) }  // whatever the program left running
        let output = collected.wait(atMost: timedOut ? .seconds(1) : nil)
        let signal = raw & 0x7f
        return Ended(status: signal == 0 ? (raw >> 8) & 0xff : 128 + signal, output: output, timedOut: timedOut)
    }

    /// Waits for the program on this thread: blocking without a limit; with one, looking every
    /// 20 ms, so that no timer has to wait for a thread of a busy pool to fire. At the limit the
    /// group gets SIGTERM, and SIGKILL from two seconds later.
    private func wait(for pid: pid_t, timeLimit: Duration?) -> (status: Int32, timedOut: Bool) {
        var raw: Int32 = 0
        guard let timeLimit else {
            while waitpid(pid, &raw, 0) < 0, errno == EINTR {}
            return (raw, false)
        }
        let deadline = ContinuousClock.now + timeLimit
        var terminated: ContinuousClock.Instant?
        while true {
            let reaped = waitpid(pid, &raw, WNOHANG)
            if reaped == pid || (reaped < 0 && errno != EINTR) { return (raw, terminated != nil) }
            let now = ContinuousClock.now
            if let terminated, now - terminated >= .seconds(2) {
                kill(-pid, SIGKILL)
            } else if terminated == nil, now >= deadline {
                kill(-pid, SIGTERM)
                terminated = now
            }
            usleep(20_000)
        }
    }

    /// Starts the program in `directory`, with default signal handling, standard input from
    /// /dev/null, and both output streams on `output`. In a process group of its own only when a
    /// time limit may have to stop the group; otherwise it stays in the caller's, so Ctrl-C on
    /// `lesson run` reaches the command as it reaches layerlab.
    private func spawn(output: Int32, ownGroup: Bool) throws -> pid_t {
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
        posix_spawn_file_actions_adddup2(&actions, output, 1)
        posix_spawn_file_actions_adddup2(&actions, output, 2)
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setpgroup(&attributes, 0)
        // A dispatch thread blocks most signals; the program must not inherit that.
        var mask = sigset_t()
        sigemptyset(&mask)
        posix_spawnattr_setsigmask(&attributes, &mask)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGTERM, SIGINT, SIGHUP, SIGPIPE] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(
            &attributes, Int16((ownGroup ? POSIX_SPAWN_SETPGROUP : 0) | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        // posix_spawn has no portable way to set the working folder (Swift's Glibc does not
        // show glibc's addchdir_np): sh changes to it, then becomes the program.
        let trampoline = ["/bin/sh", "-c", "cd \"$1\" && shift && exec \"$@\"", "sh", directory, executable]
        let argv = (trampoline + arguments).map { strdup($0) } + [nil]
        let merged = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        let envp = merged.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var pid: pid_t = 0
        let status = posix_spawn(&pid, trampoline[0], &actions, &attributes, argv, envp)
        guard status == 0 else {
            throw CocoaError(
                .executableLoad,
                userInfo: [
                    NSLocalizedDescriptionKey: "cannot start \(executable): \(String(cString: strerror(status)))"
                ])
        }
        return pid
    }

    private static func failure(_ call: String) -> CocoaError {
        CocoaError(
            .fileReadUnknown, userInfo: [NSLocalizedDescriptionKey: "\(call): \(String(cString: strerror(errno)))"])
    }
}

/// What a program wrote, read on a thread of its own, chunk by chunk as it comes.
private final class CollectedOutput: Sendable {
    private let bytes = Mutex(Data())
    private let ended = DispatchSemaphore(value: 0)

    /// Starts reading on a thread of its own, not the dispatch pool's, which busy callers can
    /// leave without a free thread.
    init(reading descriptor: Int32) {
        Thread { [self] in
            var buffer = [UInt8](repeating: 0, count: 64 * 1024)
            while true {
                let count = read(descriptor, &buffer, buffer.count)
                if count < 0, errno == EINTR { continue }
                guard count > 0 else { break }
                bytes.withLock { $0.append(contentsOf: buffer[0..<count]) }
            }
            close(descriptor)
            ended.signal()
        }.start()
    }

    /// Everything, once the pipe ends; with a limit, whatever came before it.
    func wait(atMost limit: Duration?) -> Data {
        if let limit {
            _ = ended.wait(timeout: .now() + .milliseconds(Int(limit.components.seconds) * 1000))
        } else {
            ended.wait()
        }
        return bytes.withLock { $0 }
    }
}
