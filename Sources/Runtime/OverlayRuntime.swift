import Foundation
import OCI
import Store
import UnionFS

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The `overlay` runtime: the kernel's overlayfs and namespaces, as Docker's overlay2 driver and runc.
///
/// 1. Lower layers that hold `.wh.` whiteouts are copied and converted to the kernel's form in a
///    scratch folder (the shared `diff/` folders are never changed, R-X4); the others are used
///    as they are. The read-write layer is converted too, in case an earlier run left whiteouts.
/// 2. `mount -t overlay` with those `lowerdir`s (top first), `upperdir` = the container's
///    `diff/`, `workdir` = its `work/`, on a scratch `merged/` folder.
/// 3. The command runs through util-linux `unshare --mount --pid --uts --ipc --fork
///    --kill-child --root=merged --wd=DIR [--setuid U --setgid G]` (`--root` is `chroot(2)`;
///    numeric ids, so no name lookup happens in or out of the image, R-X9) with the config's
///    environment, and the caller's standard output and error. No shell of the host is involved.
/// 4. Always (a `defer`): unmount, remove the scratch folders, and convert the upperdir back to
///    OCI whiteouts so that the union view, `diff` and `commit` read it. A run killed before
///    that is cleaned by the next command's store recovery, which unmounts first.
public struct OverlayRuntime: ContainerRuntime {
    /// util-linux `unshare`.
    public var unshare: String

    public init(unshare: String = "/usr/bin/unshare") {
        self.unshare = unshare
    }

    public func checkAvailable() throws(RuntimeError) {
        #if os(Linux)
            guard geteuid() == 0 else {
                throw RuntimeError(
                    .unavailable,
                    "the overlay runtime needs root (kernel overlay mounts and namespaces); "
                        + "run as root or use --runtime sim")
            }
            let filesystems = (try? String(contentsOfFile: "/proc/filesystems", encoding: .utf8)) ?? ""
            guard filesystems.split(separator: "\n").contains(where: { $0.hasSuffix("\toverlay") || $0 == "overlay" })
            else {
                throw RuntimeError(
                    .unavailable,
                    "this kernel has no overlay file system (see /proc/filesystems; try `modprobe overlay`), "
                        + "or use --runtime sim")
            }
            guard FileManager.default.isExecutableFile(atPath: unshare) else {
                throw RuntimeError(.unavailable, "\(unshare) is missing: install util-linux, or use --runtime sim")
            }
        #else
            throw RuntimeError(
                .unavailable, "the overlay runtime needs Linux (overlayfs and namespaces); use --runtime sim")
        #endif
    }

    public func run(_ filesystem: ContainerFilesystem, io: RunIO) throws(RuntimeError) -> Int32 {
        try checkAvailable()
        let container = filesystem.container
        let view = filesystem.layer().merged
        let user = try ContainerUser.resolve(container.config.user, in: view)
        let workingDirectory = container.config.workingDir.flatMap { $0.isEmpty ? nil : $0 } ?? "/"

        // Leased: another command opening the store while this one runs leaves its mounts alone.
        let lease: LeasedFolder
        do {
            lease = try filesystem.scratch.lease("run-\(container.id.shortID)")
        } catch {
            throw RuntimeError(.io, "cannot make the run's scratch folder: \(error)", cause: error)
        }
        let scratch = lease.path
        let merged = scratch + "/merged"
        var isMounted = false
        defer {
            if isMounted { umount2(merged, Int32(MNT_DETACH)) }
            lease.release()
        }
        try OverlayWhiteouts.convertToKernel(filesystem.upperFolder)
        defer { try? OverlayWhiteouts.convertToOCI(filesystem.upperFolder) }

        var lowerDirs: [String] = []
        for (index, folder) in filesystem.lowerFolders.enumerated() {
            if try OverlayWhiteouts.hasOCIWhiteouts(folder) {
                let copy = "\(scratch)/lower-\(index)"
                try OverlayWhiteouts.makeKernelLowerDir(from: folder, at: copy)
                lowerDirs.append(copy)
            } else {
                lowerDirs.append(folder)
            }
        }
        guard mkdir(merged, 0o755) == 0 else { throw OverlayWhiteouts.system("mkdir", merged) }
        try Self.mount(
            lower: lowerDirs.reversed(), upper: filesystem.upperFolder, work: filesystem.workFolder, at: merged)
        isMounted = true
        try Self.makeWorkingDirectory(workingDirectory, in: merged, user: user)

        var arguments = [
            "--mount", "--pid", "--uts", "--ipc", "--fork", "--kill-child", "--root=\(merged)",
            "--wd=\(workingDirectory)",
        ]
        // As Docker does, the container sees its own processes in /proc (its PID namespace's),
        // when the image has the folder to mount it on; unshare mounts it after the chroot.
        if Self.isDirectory(merged + "/proc") { arguments.append("--mount-proc") }
        if user.uid != 0 || user.gid != 0 { arguments += ["--setgid", String(user.gid), "--setuid", String(user.uid)] }
        arguments += ["--", container.path] + container.args
        return try Self.execute(unshare, arguments, environment: Self.environment(container, user: user), io: io)
    }

    /// A pipe whose ends close on exec (only the copies made into 1 and 2 reach the command).
    private static func makePipe(for tool: String) throws(RuntimeError) -> [Int32] {
        var ends: [Int32] = [0, 0]
        guard pipe(&ends) == 0 else { throw OverlayWhiteouts.system("pipe", tool) }
        for end in ends { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
        return ends
    }

    /// Whether `path` is a directory itself, not a link to one.
    private static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFDIR
    }

    /// The command's environment as Docker builds it: `PATH` (a default when the image has none),
    /// `HOSTNAME` (the short container ID), `HOME` (from `/etc/passwd`), then the config's variables.
    static func environment(_ container: ContainerRecord, user: ContainerUser) -> [String: String] {
        var environment = [
            "PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
            "HOSTNAME": container.id.shortID,
            "HOME": user.home,
        ]
        for variable in container.config.env ?? [] {
            let key = String(variable.prefix { $0 != "=" })
            environment[key] = String(variable.dropFirst(key.count + 1))
        }
        return environment
    }

    /// `mount -t overlay overlay -o lowerdir=…,upperdir=…,workdir=… merged`, with the features that
    /// would write other metadata than whiteouts into the upperdir turned off where the kernel knows them.
    private static func mount(lower: [String], upper: String, work: String, at target: String) throws(RuntimeError) {
        #if os(Linux)
            let base = "lowerdir=\(lower.joined(separator: ":")),upperdir=\(upper),workdir=\(work)"
            for options in [base + ",index=off,redirect_dir=off,metacopy=off", base] {
                if Glibc.mount("overlay", target, "overlay", 0, options) == 0 { return }
                if errno != EINVAL { break }
            }
            throw RuntimeError(
                .mountFailed,
                "cannot mount the overlay on \(target): \(String(cString: strerror(errno))) (options \(base))")
        #else
            throw RuntimeError(.unavailable, "overlay mounts need Linux")
        #endif
    }

    /// Creates the working directory inside the merged root if the image lacks it (as Docker
    /// does), one component at a time without following symlinks, so it cannot land outside (R-D7).
    private static func makeWorkingDirectory(_ path: String, in root: String, user: ContainerUser)
        throws(RuntimeError)
    {
        guard path.hasPrefix("/") else {
            throw RuntimeError(
                .invalidConfig, "the working directory '\(path)' is invalid, it needs to be an absolute path")
        }
        var current = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard current >= 0 else { throw OverlayWhiteouts.system("open", root) }
        defer { close(current) }
        for component in path.split(separator: "/") where component != "." {
            let name = String(component)
            guard name != ".." else {
                throw RuntimeError(.invalidConfig, "the working directory '\(path)' climbs with ..; refused")
            }
            var next = openat(current, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            if next < 0 && errno == ENOENT {
                guard mkdirat(current, name, 0o755) == 0 else { throw OverlayWhiteouts.system("mkdir", path) }
                next = openat(current, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
                if next >= 0 { fchown(next, user.uid, user.gid) }
            }
            guard next >= 0 else {
                throw RuntimeError(
                    .invalidConfig,
                    "the working directory '\(path)' cannot be used: \(name) is not a directory in the image")
            }
            close(current)
            current = next
        }
    }

    /// Runs `tool` with `arguments` and `environment`, standard input from /dev/null (or `run
    /// -i`'s) and nothing else of layerlab's (``ContainerProcess``), and waits.
    private static func execute(_ tool: String, _ arguments: [String], environment: [String: String], io: RunIO)
        throws(RuntimeError) -> Int32
    {
        let outputEnds = try makePipe(for: tool)
        let errorEnds: [Int32]
        do {
            errorEnds = try makePipe(for: tool)
        } catch {
            outputEnds.forEach { close($0) }
            throw error
        }
        let process: ContainerProcess
        do {
            process = try ContainerProcess(
                tool, arguments, environment: environment, input: io.standardInput?.fileDescriptor,
                output: outputEnds[1], errors: errorEnds[1])
        } catch {
            for end in outputEnds + errorEnds { close(end) }
            throw error
        }
        close(outputEnds[1])
        close(errorEnds[1])
        // A SIGTERM, SIGINT or SIGHUP for layerlab ends the command, and layerlab records the
        // exit and unmounts, instead of dying and leaving the command running.
        let forwarding = SignalForwarding(to: process.pid)
        defer { forwarding.stop() }
        let readers = DispatchGroup()
        for (descriptor, receive) in [(outputEnds[0], io.standardOutput), (errorEnds[0], io.standardError)] {
            readers.enter()
            Thread.detachNewThread { [readers] in
                defer { readers.leave() }
                let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
                while case let chunk = handle.availableData, !chunk.isEmpty { receive([UInt8](chunk)) }
            }
        }
        let status = process.wait()
        readers.wait()
        return status
    }
}
