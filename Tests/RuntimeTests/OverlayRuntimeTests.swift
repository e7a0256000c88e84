import Foundation
import LayerlabTestSupport
import OCI
import Runtime
import Store
import Testing
import UnionFS

/// The `overlay` runtime on the kernel: real busybox commands in namespaces on an overlay mount.
@Suite(
    .enabled(if: TestEnvironment.canMountOverlay, "needs root: kernel overlayfs and namespaces"),
    .enabled(if: BusyboxImage.isAvailable, "needs /bin/busybox (Debian package busybox-static)"))
struct OverlayRuntimeTests {
    let folder = TemporaryDirectory("overlay-runtime")
    let store: ImageStore

    init() throws {
        store = try ImageStore(root: folder.file("store"), clock: { Date(timeIntervalSince1970: 1_700_000_000) })
    }

    /// Runs `script` with `sh -c`, capturing standard output.
    func run(
        _ script: String, image: String = "busybox:test", environment: [String] = [],
        workingDirectory: String? = nil
    ) throws -> (RunResult, String) {
        let output = Pipe()
        let result = try store.containers.run(
            ContainerSpec(
                image: image, command: ["sh", "-c", script], environment: environment,
                workingDirectory: workingDirectory),
            runtime: OverlayRuntime(),
            io: RunIO(standardOutput: output.fileHandleForWriting, standardError: FileHandle.standardError))
        try output.fileHandleForWriting.close()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        return (result, text)
    }

    @Test func aCommandReallyRunsAndDiffShowsItsChanges() throws {
        try BusyboxImage.make(in: store, folder: folder)
        let (result, _) = try run("echo hi > /hello; rm /etc/x")
        #expect(result.exitCode == 0)
        #expect(result.container.state.status == .exited)
        let changes = try store.containers.changes(of: result.container.id.value).map(\.description)
        #expect(changes == ["A /hello", "C /etc", "D /etc/x"].sorted { $0.dropFirst(2) < $1.dropFirst(2) })
        let filesystem = try store.containers.withFilesystem(result.container.id.value) { $0 }
        #expect(FileManager.default.fileExists(atPath: filesystem.upperFolder + "/etc/.wh.x"))
    }

    @Test func outputPassesThroughAndTheExitCodeIsRecorded() throws {
        try BusyboxImage.make(in: store, folder: folder)
        let (result, output) = try run("echo out; exit 3")
        #expect(output == "out\n")
        #expect(result.exitCode == 3)
        #expect(try store.containers.inspect(result.container.id.value).state.exitCode == 3)
    }

    @Test func envWorkingDirectoryAndUserOfTheConfigApply() throws {
        var config = ContainerConfig(env: ["GREETING=hello"])
        config.user = "app"
        config.workingDir = "/home/app"
        try BusyboxImage.make(in: store, folder: folder, config: config)
        let (first, output) = try run("echo $GREETING $PWD $(id -u):$(id -g) $HOME")
        #expect(first.exitCode == 0)
        #expect(output == "hello /home/app 1000:1000 /home/app\n")
        let (_, second) = try run("pwd", environment: ["GREETING=x"], workingDirectory: "/made/here")
        #expect(second == "/made/here\n")
    }

    /// R-D7, R-B5: a WorkingDir that goes through a link is refused (the kernel runtime makes the
    /// folder component by component, never following a link), and nothing is made on the machine.
    @Test func aWorkingDirectoryThroughALinkOutOfTheRootIsRefused() throws {
        let outside = folder.file("host-side")
        var config = ContainerConfig()
        config.workingDir = "/escape/sub"
        try BusyboxImage.make(in: store, folder: folder, name: "busybox:escape", config: config) { root in
            try FileManager.default.createSymbolicLink(atPath: root + "/escape", withDestinationPath: outside)
        }
        #expect {
            _ = try run("pwd", image: "busybox:escape")
        } throws: { error in
            "\(error)".contains("the working directory '/escape/sub' cannot be used: escape is not a directory")
        }
        #expect(!FileManager.default.fileExists(atPath: outside), "nothing was made on the machine")
    }

    /// R-B4: the command inherits nothing of layerlab but its three streams (Foundation's
    /// Process handed it a socket as descriptor 19), starts in its working directory inside the
    /// root, and, as in Docker, sees only its own processes in /proc.
    @Test func aCommandGetsOnlyItsThreeStreamsItsFolderAndItsOwnProcesses() throws {
        try BusyboxImage.make(in: store, folder: folder) { root in
            try FileManager.default.createDirectory(atPath: root + "/proc", withIntermediateDirectories: false)
        }
        let (result, output) = try run(
            "ls /proc/$$/fd; readlink /proc/$$/cwd; readlink /proc/$$/root; ls -d /proc/[0-9]*",
            workingDirectory: "/tmp")
        #expect(result.exitCode == 0)
        #expect(output == "0\n1\n2\n/tmp\n/\n/proc/1\n")
    }

    @Test func anOpaqueDirectoryAndWhiteoutsSurviveCommitAndARunOnTheNewImage() throws {
        try BusyboxImage.make(in: store, folder: folder)
        let (result, _) = try run("rm -r /data && mkdir /data && echo new > /data/n && rm /etc/x")
        let filesystem = try store.containers.withFilesystem(result.container.id.value) { $0 }
        #expect(FileManager.default.fileExists(atPath: filesystem.upperFolder + "/data/.wh..wh..opq"))
        _ = try store.containers.commit(result.container.id.value, options: CommitOptions(repository: "busybox:next"))
        let (next, output) = try run(
            "test ! -e /etc/x && test ! -e /data/sub && cat /data/n", image: "busybox:next")
        #expect(next.exitCode == 0)
        #expect(output == "new\n")
        #expect(try store.containers.changes(of: next.container.id.value).isEmpty)
    }

    @Test func nothingStaysMountedOrStagedAfterARunEvenAFailedOne() throws {
        try BusyboxImage.make(in: store, folder: folder)
        _ = try run("exit 1")
        _ = try? run("exec /no/such/program")
        let mounts = try String(contentsOfFile: "/proc/self/mountinfo", encoding: .utf8)
        #expect(!mounts.contains(folder.path))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.file("store/tmp")).isEmpty)
    }
}

/// Runtime pieces that need no kernel overlay.
@Suite struct RuntimeBasicsTests {
    @Test func theOverlayRuntimeSaysClearlyWhenItCannotWork() {
        do {
            try OverlayRuntime(unshare: "/no/such/unshare").checkAvailable()
            Issue.record("available without unshare")
        } catch {
            #expect(error.code == .unavailable)
            #expect(error.message.contains("--runtime sim"))
        }
    }

    @Test(
        arguments: [
            ("", 0, 0, "/root"), ("app", 1000, 1000, "/home/app"), ("1000", 1000, 1000, "/home/app"),
            ("4242", 4242, 0, "/"), ("app:staff", 1000, 50, "/home/app"), ("0:7", 0, 7, "/root"),
        ] as [(String, UInt32, UInt32, String)])
    func usersResolveFromTheImagesOwnPasswdFile(_ user: String, _ uid: UInt32, _ gid: UInt32, _ home: String) throws {
        let folder = TemporaryDirectory("users")
        try FileManager.default.createDirectory(atPath: folder.file("etc"), withIntermediateDirectories: true)
        _ = try folder.write("etc/passwd", "root:x:0:0:root:/root:/bin/sh\napp:x:1000:1000::/home/app:/bin/sh\n")
        _ = try folder.write("etc/group", "root:x:0:\nstaff:x:50:app\n")
        let resolved = try ContainerUser.resolve(user, in: UnionView(layers: [folder.path]))
        #expect(resolved == ContainerUser(uid: uid, gid: gid, home: home))
    }

    @Test func anUnknownUserNameFailsWithDockersMessage() throws {
        let folder = TemporaryDirectory("users")
        do {
            _ = try ContainerUser.resolve("nobody", in: UnionView(layers: [folder.path]))
            Issue.record("resolved an unknown user")
        } catch {
            #expect(error.message == "unable to find user nobody: no matching entries in passwd file")
        }
    }
}
