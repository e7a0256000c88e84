import Foundation
import LayerlabTestSupport
import Testing

/// A real Docker daemon and a layerlab store side by side, given the same inputs: a busybox root
/// file system as a tarball, and folders to build.
final class DockerLab {
    let daemon: DockerDaemon
    let folder = TemporaryDirectory("docker-differential")
    var store: String { folder.file("store") }
    /// A root file system with busybox, a few applets linked to it and `/etc/passwd`, as a tarball.
    let rootfs: String

    /// Whether the differential tests can run here, with the reason shown when they cannot.
    static var canRun: Bool {
        DockerDaemon.unavailableReason == nil && FileManager.default.isExecutableFile(atPath: "/bin/busybox")
            && ContainerCommandTests.isBuilt
    }
    static var whyNot: Comment {
        Comment(
            rawValue: DockerDaemon.unavailableReason ?? "needs /bin/busybox (busybox-static) and layerlab built")
    }

    init() async throws {
        daemon = try await offThePool { try DockerDaemon() }
        let root = folder.file("rootfs")
        let manager = FileManager.default
        for directory in ["bin", "etc", "tmp"] {
            try manager.createDirectory(atPath: root + "/" + directory, withIntermediateDirectories: true)
        }
        try manager.copyItem(atPath: "/bin/busybox", toPath: root + "/bin/busybox")
        for applet in ["sh", "ls", "cat", "echo", "mkdir", "rm", "cp", "touch", "sleep"] {
            try manager.createSymbolicLink(atPath: root + "/bin/" + applet, withDestinationPath: "busybox")
        }
        try "root:x:0:0:root:/root:/bin/sh\n".write(toFile: root + "/etc/passwd", atomically: false, encoding: .utf8)
        rootfs = folder.file("rootfs.tar")
        try await runTool(
            "tar",
            ["--sort=name", "--mtime=2024-01-01 00:00Z", "--owner=0", "--group=0", "-C", root, "-cf", rootfs, "."])
    }

    func docker(_ arguments: [String], in directory: String? = nil) async throws -> ProcessResult {
        try await daemon.run(arguments, currentDirectory: directory)
    }

    func layerlab(_ arguments: [String], in directory: String? = nil) async throws -> ProcessResult {
        try await runTool(
            ContainerCommandTests.executable, arguments, currentDirectory: directory,
            environment: ["LAYERLAB_ROOT": store, "DOCKER_CONFIG": folder.file("docker-config")], expectSuccess: false)
    }

    /// Runs `arguments` through both and gives what a user sees of each, normalized.
    func both(_ arguments: [String], in directory: String? = nil, ordering: Seen.Ordering = .asPrinted) async throws
        -> (docker: Seen, layerlab: Seen)
    {
        (
            Seen(try await docker(arguments, in: directory), ordering: ordering),
            Seen(try await layerlab(arguments, in: directory), ordering: ordering)
        )
    }

    /// Runs `arguments` through both and fails the test unless they succeed.
    func setUp(_ arguments: [String], in directory: String? = nil) async throws {
        for (tool, result) in [
            ("docker", try await docker(arguments, in: directory)),
            ("layerlab", try await layerlab(arguments, in: directory)),
        ]
        where result.status != 0 {
            throw PeerToolError(description: "\(tool) \(arguments.joined(separator: " ")): \(result.stderr)")
        }
    }

    /// An image's field through `inspect --format`, in each.
    func inspect(_ format: String, _ name: String) async throws -> (docker: String, layerlab: String) {
        let arguments = ["inspect", "--format", format, name]
        return (try await docker(arguments).stdoutText, try await layerlab(arguments).stdoutText)
    }

    /// Writes a build context with `files` (path → contents) and gives its folder.
    func context(_ name: String, _ files: [String: String]) throws -> String {
        for (path, contents) in files { try folder.write("\(name)/\(path)", contents) }
        return folder.file(name)
    }
}
