import Archive
import Foundation

/// Makes the files a lesson's front matter asks for, in its workspace.
enum FixtureMaker {
    /// The applets linked in the busybox fixture: enough for the lessons' RUN lines and `run`.
    static let applets = ["sh", "ls", "cat", "echo", "rm", "mkdir", "touch", "cp", "mv", "ln", "sed", "wc", "tr"]

    static func make(_ fixture: Lesson.Fixture, in workspace: String, epoch: Int) throws(LessonError) {
        switch fixture {
        case .busyboxRootfs: try busyboxRootfs(at: workspace + "/rootfs.tar", epoch: epoch)
        }
    }

    /// `rootfs.tar`: bin/busybox (the host's static one), its applet links and etc/os-release, with
    /// every time `epoch` and every owner root, so importing it gives the same image ID everywhere.
    static func busyboxRootfs(at path: String, epoch: Int) throws(LessonError) {
        let files = FileManager.default
        guard let busybox = ["/bin/busybox", "/usr/bin/busybox"].first(where: files.isExecutableFile(atPath:)) else {
            throw LessonError(
                file: "busybox-rootfs", "this lesson needs a static busybox: apt-get install busybox-static")
        }
        let tree = path + ".tree"
        defer { try? files.removeItem(atPath: tree) }
        do {
            try files.createDirectory(atPath: tree + "/bin", withIntermediateDirectories: true)
            try files.createDirectory(atPath: tree + "/etc", withIntermediateDirectories: true)
            try files.copyItem(atPath: busybox, toPath: tree + "/bin/busybox")
            for applet in applets {
                try files.createSymbolicLink(atPath: tree + "/bin/" + applet, withDestinationPath: "busybox")
            }
            try Data("NAME=\"layerlab lessons\"\nID=busybox\n".utf8).write(
                to: URL(fileURLWithPath: tree + "/etc/os-release"))
            var writer = TarWriter(try FileSink(path: path, permissions: 0o644))
            _ = try DirectoryArchiver(
                root: tree, modificationTime: TarTime(seconds: Int64(epoch)), owner: .init(uid: 0, gid: 0)
            )
            .write(to: &writer)
            try writer.finish()
            try writer.sink.close()
        } catch {
            throw LessonError(file: "busybox-rootfs", "cannot make \(path): \(error)")
        }
    }
}
