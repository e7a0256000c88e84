import Foundation

/// Copies of layer `diff/` folders in the kernel overlayfs's own format, for mounting them as
/// `lowerdir`s next to the built-in union view (the originals stay as they are, R-X4).
///
/// The store keeps whiteouts as the OCI image-spec writes them in tars; the kernel wants
/// (Documentation/filesystems/overlayfs.rst, "whiteouts and opaque directories"):
/// - `.wh.NAME` → a character device 0/0 named `NAME`. When the same layer also has `NAME`, the
///   whiteout hides lower layers only (image-spec): a file there already hides them, and a
///   directory there becomes opaque;
/// - `.wh..wh..opq` → the xattr `trusted.overlay.opaque=y` on its directory.
public enum OverlayLowerDir {
    /// Copies `diff` to `copy` (`cp -a`: owners, modes, times and hard links kept) and converts
    /// its whiteouts.
    public static func make(from diff: String, at copy: String) throws {
        try runTool("cp", ["-a", diff, copy])
        let found = try runTool("find", [copy, "-name", ".wh.*", "-print0"])
        let paths = found.stdout.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
        for path in paths.sorted() {
            let folder = (path as NSString).deletingLastPathComponent
            let name = (path as NSString).lastPathComponent
            try remove(path)
            if name == ".wh..wh..opq" {
                try setOpaque(folder)
                continue
            }
            let hidden = folder + "/" + String(name.dropFirst(4))
            var info = stat()
            if lstat(hidden, &info) == 0 {
                if info.st_mode & S_IFMT == S_IFDIR { try setOpaque(hidden) }
            } else if mknod(hidden, S_IFCHR | 0o000, 0) != 0 {
                throw PeerToolError(description: "mknod \(hidden): \(String(cString: strerror(errno)))")
            }
        }
    }

    private static func remove(_ path: String) throws {
        guard unlink(path) == 0 else {
            throw PeerToolError(description: "unlink \(path): \(String(cString: strerror(errno)))")
        }
    }

    private typealias SetFunction =
        @convention(c) (UnsafePointer<CChar>, UnsafePointer<CChar>, UnsafeRawPointer?, Int, Int32) -> Int32

    /// Sets `trusted.overlay.opaque=y` with `lsetxattr`, found with `dlsym` because Swift's Glibc
    /// module does not include `<sys/xattr.h>` (as Archive's `ExtendedAttributes` does).
    private static func setOpaque(_ directory: String) throws {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "lsetxattr") else {
            throw PeerToolError(description: "lsetxattr is not in the C library")
        }
        let function = unsafeBitCast(symbol, to: SetFunction.self)
        let value: [UInt8] = [UInt8(ascii: "y")]
        let status = value.withUnsafeBytes { function(directory, "trusted.overlay.opaque", $0.baseAddress, 1, 0) }
        guard status == 0 else {
            throw PeerToolError(description: "lsetxattr \(directory): \(String(cString: strerror(errno)))")
        }
    }
}
