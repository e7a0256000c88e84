import Foundation

/// Small root filesystems for tests: a folder with files, a link and a nested folder, and its
/// tarball written by GNU tar (a real peer's output, not ours).
public enum RootFSFixture {
    /// Writes a little tree into `folder` whose content depends on `seed`, so tests can make
    /// layers that differ or match on purpose.
    public static func makeTree(at folder: String, seed: String = "base") throws {
        let manager = FileManager.default
        try manager.createDirectory(atPath: folder + "/etc", withIntermediateDirectories: true)
        try manager.createDirectory(atPath: folder + "/usr/share/doc", withIntermediateDirectories: true)
        try Data("NAME=\"\(seed)\"\n".utf8).write(to: URL(fileURLWithPath: folder + "/etc/os-release"))
        try Data(String(repeating: "\(seed) layer content\n", count: 200).utf8)
            .write(to: URL(fileURLWithPath: folder + "/usr/share/doc/README"))
        try manager.createSymbolicLink(atPath: folder + "/README", withDestinationPath: "usr/share/doc/README")
    }

    /// A tarball of a fresh tree made by GNU tar with fixed owner and times (`gzip` adds compression).
    @discardableResult
    public static func makeTarball(at path: String, seed: String = "base", gzip: Bool = false) throws -> String {
        let tree = path + ".tree"
        try makeTree(at: tree, seed: seed)
        defer { try? FileManager.default.removeItem(atPath: tree) }
        try runTool(
            "tar",
            [
                "--sort=name", "--owner=0", "--group=0", "--numeric-owner", "--mtime=@1700000000", "--format=pax",
                "--pax-option=exthdr.name=%d/PaxHeaders/%f,delete=atime,delete=ctime",
                gzip ? "-czf" : "-cf", path, "-C", tree, ".",
            ])
        return path
    }
}

extension RootFSFixture {
    /// A tarball with a unique name in `folder`.
    public static func makeTarballForTests(in folder: TemporaryDirectory, seed: String = "base") throws -> String {
        try makeTarball(at: folder.file("\(seed)-\(UUID().uuidString).tar"), seed: seed)
    }
}
