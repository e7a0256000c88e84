import Foundation
import LayerlabTestSupport
import OCI
import Store
import Testing

/// A real base image: the host's static busybox (Debian's busybox-static) with its applet links,
/// a small `/etc`, imported from a folder as `import` does.
enum BusyboxImage {
    static let busybox = "/bin/busybox"
    static var isAvailable: Bool { FileManager.default.isExecutableFile(atPath: busybox) }

    static let applets = [
        "sh", "ls", "cat", "echo", "mkdir", "rm", "touch", "cp", "mv", "ln", "chmod", "chown", "test", "[",
        "env", "id", "printf", "true", "false", "pwd", "readlink",
    ]

    /// Imports the image as `name` into `store`, with `config` as its container config.
    /// - Parameter withBusybox: whether `/bin` holds the real busybox and its applet links; without
    ///   it (for the `sim` runtime, which runs none of them) `/bin/sh` is a placeholder file and
    ///   `/usr/bin/apt-get` a program the built-in shell does not have.
    /// - Parameter prepare: adds to the root folder before it is imported (a hostile link).
    @discardableResult
    static func make(
        in store: ImageStore, folder: TemporaryDirectory, name: String = "busybox:test",
        config: ContainerConfig? = nil, withBusybox: Bool = true, prepare: (String) throws -> Void = { _ in }
    ) throws -> Digest {
        let root = folder.file("busybox-rootfs-\(UUID().uuidString)")
        let manager = FileManager.default
        for directory in ["bin", "etc", "tmp", "root", "home/app"] {
            try manager.createDirectory(atPath: root + "/" + directory, withIntermediateDirectories: true)
        }
        if withBusybox {
            try manager.copyItem(atPath: busybox, toPath: root + "/bin/busybox")
            for applet in applets {
                try manager.createSymbolicLink(atPath: root + "/bin/" + applet, withDestinationPath: "busybox")
            }
        } else {
            try manager.createDirectory(atPath: root + "/usr/bin", withIntermediateDirectories: true)
            for program in ["/bin/sh", "/usr/bin/apt-get"] {
                #expect(
                    manager.createFile(
                        atPath: root + program, contents: Data("#!placeholder\n".utf8),
                        attributes: [.posixPermissions: 0o755]))
            }
        }
        try "root:x:0:0:root:/root:/bin/sh\napp:x:1000:1000:app:/home/app:/bin/sh\n".write(
            toFile: root + "/etc/passwd", atomically: false, encoding: .utf8)
        try "root:x:0:\napp:x:1000:\nstaff:x:50:app\n".write(
            toFile: root + "/etc/group", atomically: false, encoding: .utf8)
        try "x\n".write(toFile: root + "/etc/x", atomically: false, encoding: .utf8)
        try manager.createDirectory(atPath: root + "/data/sub", withIntermediateDirectories: true)
        try "keep\n".write(toFile: root + "/data/sub/file", atomically: false, encoding: .utf8)
        try prepare(root)
        return try store.importImage(from: .folder(root), repository: name, config: config)
    }
}
