import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// A real Docker daemon (Debian's `docker.io`) of the test's own: its data, exec root, pidfile and
/// socket in a temporary folder, no iptables rules and no bridge, so the host's network and any
/// other Docker are untouched. Stopped (with the containerd it started) when the value goes away.
public final class DockerDaemon: @unchecked Sendable {
    // @unchecked: `process` is set once in init and only signalled afterwards.
    public static let daemonPath = "/usr/sbin/dockerd"
    /// Debian's client: an older or newer `docker` earlier on PATH would print other words.
    public static let clientPath = "/usr/bin/docker"

    /// Why no daemon can be started here, or `nil` when one can.
    public static var unavailableReason: String? {
        guard TestEnvironment.isRoot else { return "dockerd needs root (CI runs as root)" }
        for path in [daemonPath, clientPath] where !FileManager.default.isExecutableFile(atPath: path) {
            return "\(path) is missing: install Debian's docker.io (make test does as root)"
        }
        return nil
    }

    public let folder = TemporaryDirectory("docker-peer")
    private let process: Process
    public var socket: String { folder.file("docker.sock") }

    public init() throws {
        process = Process()
        process.executableURL = URL(fileURLWithPath: Self.daemonPath)
        process.arguments = [
            "--iptables=false", "--ip6tables=false", "--ip-masq=false", "--bridge=none",
            "--data-root", folder.file("data"), "--exec-root", folder.file("exec"),
            "--pidfile", folder.file("docker.pid"), "--host", "unix://" + folder.file("docker.sock"),
            "--storage-driver", "overlay2",
        ]
        let log = FileManager.default.createFile(atPath: folder.file("dockerd.log"), contents: nil)
        precondition(log, "cannot create the daemon's log")
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: folder.file("dockerd.log")))
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        try waitUntilReady()
    }

    /// Polls `docker version` for up to 30 seconds; a daemon that exits or never answers fails the
    /// test with its own log.
    private func waitUntilReady() throws {
        for _ in 0..<300 {
            guard process.isRunning else { break }
            if let result = try? run(["version", "--format", "{{.Server.Version}}"]), result.status == 0 { return }
            usleep(100_000)
        }
        let log = (try? String(contentsOfFile: folder.file("dockerd.log"), encoding: .utf8)) ?? ""
        stop()
        throw PeerToolError(description: "dockerd did not start:\n" + log.suffix(4000))
    }

    /// Runs the docker client against this daemon, waited for off the concurrency pool.
    public func run(
        _ arguments: [String], input: Data? = nil, currentDirectory: String? = nil, environment: [String: String] = [:]
    ) async throws -> ProcessResult {
        try await offThePool {
            try self.run(arguments, input: input, currentDirectory: currentDirectory, environment: environment)
        }
    }

    /// Runs the docker client against this daemon.
    public func run(
        _ arguments: [String], input: Data? = nil, currentDirectory: String? = nil, environment: [String: String] = [:]
    ) throws -> ProcessResult {
        try runTool(
            Self.clientPath, ["--host", "unix://" + socket] + arguments, input: input,
            currentDirectory: currentDirectory,
            environment: ["DOCKER_BUILDKIT": "0", "DOCKER_CONFIG": folder.file("client")].merging(environment) {
                _, new in new
            },
            expectSuccess: false)
    }

    /// SIGTERM, as `systemctl stop docker` sends: dockerd stops its containers and its containerd.
    private func stop() {
        guard process.isRunning else { return }
        process.terminate()
        process.waitUntilExit()
    }

    deinit {
        guard process.isRunning else { return }
        process.terminate()
        // dockerd takes seconds to stop its containers: waited for on a thread of its own, not on
        // one of the concurrency pool's, with the folder kept until it has stopped.
        let (process, folder) = (process, folder)
        Thread {
            process.waitUntilExit()
            withExtendedLifetime(folder) {}
        }.start()
    }
}
