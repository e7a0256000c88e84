import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Converts a layer folder between the two ways of writing deletions.
///
/// The store keeps whiteouts as the OCI image-spec writes them in tars (layer.md, "Whiteouts"):
/// empty files `.wh.NAME` and `.wh..wh..opq`. The kernel's overlayfs wants
/// (Documentation/filesystems/overlayfs.rst, "whiteouts and opaque directories"):
/// - `.wh.NAME` ↔ a character device 0/0 named `NAME`. When the same layer also has `NAME`, the
///   whiteout hides lower layers only (image-spec): a file there already hides them, and a
///   directory there becomes opaque;
/// - `.wh..wh..opq` ↔ the xattr `trusted.overlay.opaque=y` on its directory.
///
/// Walks are iterative (R-X12) and never follow symlinks (every step is an `lstat`).
public enum OverlayWhiteouts {
    static let opaqueAttribute = "trusted.overlay.opaque"
    static let whiteoutPrefix = ".wh."
    static let opaqueMarker = ".wh..wh..opq"

    /// Whether `folder` holds any `.wh.` entry, so a lower layer must be converted before the kernel reads it.
    public static func hasOCIWhiteouts(_ folder: String) throws(RuntimeError) -> Bool {
        var found = false
        try walkDirectories(folder) { directory, names throws(RuntimeError) in
            if names.contains(where: { $0.hasPrefix(whiteoutPrefix) }) { found = true }
        }
        return found
    }

    /// Copies `diff` to `copy` (owners, modes, times, hard links kept, as `cp -a`) and converts it
    /// to the kernel's form: the store's shared layer folder is never changed (R-X4).
    public static func makeKernelLowerDir(from diff: String, at copy: String) throws(RuntimeError) {
        try runChecked("/bin/cp", ["-a", "--", diff, copy])
        try convertToKernel(copy)
    }

    /// Converts `folder` in place from OCI whiteouts to the kernel's.
    public static func convertToKernel(_ folder: String) throws(RuntimeError) {
        var whiteouts: [(directory: String, name: String)] = []
        try walkDirectories(folder) { directory, names throws(RuntimeError) in
            for name in names where name.hasPrefix(whiteoutPrefix) { whiteouts.append((directory, name)) }
        }
        for (directory, name) in whiteouts {
            try unlinkChecked(directory + "/" + name)
            if name == opaqueMarker {
                try setOpaque(directory)
                continue
            }
            let hidden = directory + "/" + String(name.dropFirst(whiteoutPrefix.count))
            var info = stat()
            if lstat(hidden, &info) == 0 {
                if info.st_mode & S_IFMT == S_IFDIR { try setOpaque(hidden) }
            } else if mknod(hidden, S_IFCHR | 0o000, 0) != 0 {
                throw system("mknod", hidden)
            }
        }
    }

    /// Converts `folder` (an overlay upperdir after a run) in place to OCI whiteouts: each
    /// character device 0/0 becomes an empty `.wh.NAME` file, each opaque directory gets
    /// `.wh..wh..opq`, and the kernel's own `trusted.overlay.*` attributes are removed.
    public static func convertToOCI(_ folder: String) throws(RuntimeError) {
        var directories: [String] = []
        var devices: [String] = []
        try walkDirectories(folder) { directory, names throws(RuntimeError) in
            directories.append(directory)
            for name in names {
                var info = stat()
                let path = directory + "/" + name
                if lstat(path, &info) == 0, info.st_mode & S_IFMT == S_IFCHR, info.st_rdev == 0 { devices.append(path) }
            }
        }
        for path in devices {
            try unlinkChecked(path)
            let whiteout =
                (path as NSString).deletingLastPathComponent + "/" + whiteoutPrefix
                + (path as NSString).lastPathComponent
            try createEmptyFile(whiteout)
        }
        for directory in directories {
            let names = ExtendedAttributes.list(directory)
            if directory != folder, ExtendedAttributes.get(opaqueAttribute, path: directory) == [UInt8(ascii: "y")] {
                try createEmptyFile(directory + "/" + opaqueMarker)
            }
            for name in names where name.hasPrefix("trusted.overlay.") {
                ExtendedAttributes.remove(name, path: directory)
            }
        }
    }

    // MARK: - Helpers

    /// Calls `body` for `root` and every directory below it with the names each holds, parents first.
    static func walkDirectories(
        _ root: String, _ body: (String, [String]) throws(RuntimeError) -> Void
    ) throws(RuntimeError) {
        var pending = [root]
        while let directory = pending.popLast() {
            let names: [String]
            do {
                names = try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
            } catch {
                throw RuntimeError(.io, "cannot list \(directory): \(error)", cause: error)
            }
            try body(directory, names)
            for name in names.reversed() {
                var info = stat()
                let path = directory + "/" + name
                if lstat(path, &info) == 0, info.st_mode & S_IFMT == S_IFDIR { pending.append(path) }
            }
        }
    }

    private static func setOpaque(_ directory: String) throws(RuntimeError) {
        guard ExtendedAttributes.set(opaqueAttribute, [UInt8(ascii: "y")], path: directory) else {
            throw system("lsetxattr \(opaqueAttribute)", directory)
        }
    }

    private static func createEmptyFile(_ path: String) throws(RuntimeError) {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw system("create", path) }
        close(fd)
    }

    private static func unlinkChecked(_ path: String) throws(RuntimeError) {
        guard unlink(path) == 0 else { throw system("unlink", path) }
    }

    static func system(_ call: String, _ path: String) -> RuntimeError {
        RuntimeError(.io, "\(call) \(path): \(String(cString: strerror(errno)))")
    }

    /// Runs a host tool by absolute path with arguments (never through a shell) and waits.
    static func runChecked(_ tool: String, _ arguments: [String]) throws(RuntimeError) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw RuntimeError(.unavailable, "cannot run \(tool): \(error)", cause: error)
        }
        let message = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw RuntimeError(
                .io, "\(tool) \(arguments.joined(separator: " ")) failed: \(String(decoding: message, as: UTF8.self))")
        }
    }
}

/// The C library's `l*xattr` functions, found with `dlsym` because Swift's Glibc module does not
/// include `<sys/xattr.h>` (as Archive's `ExtendedAttributes` does; no library is loaded).
enum ExtendedAttributes {
    private typealias SetFunction =
        @convention(c) (UnsafePointer<CChar>, UnsafePointer<CChar>, UnsafeRawPointer?, Int, Int32) -> Int32
    private typealias GetFunction =
        @convention(c) (UnsafePointer<CChar>, UnsafePointer<CChar>, UnsafeMutableRawPointer?, Int) -> Int
    private typealias ListFunction = @convention(c) (UnsafePointer<CChar>, UnsafeMutablePointer<CChar>?, Int) -> Int
    private typealias RemoveFunction = @convention(c) (UnsafePointer<CChar>, UnsafePointer<CChar>) -> Int32

    private static func symbol(_ name: String) -> UnsafeMutableRawPointer? {
        dlsym(UnsafeMutableRawPointer(bitPattern: 0), name)
    }

    static func set(_ name: String, _ value: [UInt8], path: String) -> Bool {
        guard let symbol = symbol("lsetxattr") else { return false }
        let function = unsafeBitCast(symbol, to: SetFunction.self)
        return value.withUnsafeBytes { function(path, name, $0.baseAddress, $0.count, 0) == 0 }
    }

    static func get(_ name: String, path: String) -> [UInt8]? {
        guard let symbol = symbol("lgetxattr") else { return nil }
        let function = unsafeBitCast(symbol, to: GetFunction.self)
        var buffer = [UInt8](repeating: 0, count: 256)
        let count = buffer.withUnsafeMutableBytes { function(path, name, $0.baseAddress, $0.count) }
        return count < 0 ? nil : Array(buffer[0..<count])
    }

    static func list(_ path: String) -> [String] {
        guard let symbol = symbol("llistxattr") else { return [] }
        let function = unsafeBitCast(symbol, to: ListFunction.self)
        var buffer = [CChar](repeating: 0, count: 4096)
        let count = buffer.withUnsafeMutableBufferPointer { function(path, $0.baseAddress, $0.count) }
        guard count > 0 else { return [] }
        return buffer[0..<count].split(separator: 0).map {
            String(decoding: $0.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }
    }

    static func remove(_ name: String, path: String) {
        guard let symbol = symbol("lremovexattr") else { return }
        _ = unsafeBitCast(symbol, to: RemoveFunction.self)(path, name)
    }
}
