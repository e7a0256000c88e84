import Archive

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// An open descriptor, closed when the last reference goes, with the few `*at` calls the union
/// view needs.
///
/// Every call is relative to this descriptor and never follows a symlink (RELIABILITY R-X2,
/// R-X8): names are single components, directories are opened with `O_NOFOLLOW|O_DIRECTORY`,
/// and `fstatat` uses `AT_SYMLINK_NOFOLLOW`. Not `Sendable`: it lives inside one call.
final class OpenFile {
    let rawValue: Int32
    /// The path shown in errors, relative to the layer or container root.
    let display: String

    init(_ rawValue: Int32, display: String) {
        self.rawValue = rawValue
        self.display = display
    }

    deinit { _ = close(rawValue) }

    /// Opens a folder given by its absolute path (a layer's `diff/`, a container's upper folder).
    static func directory(atPath path: String) throws -> OpenFile {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw UnionError.system("open", path: path) }
        return OpenFile(fd, display: path)
    }

    /// `lstat` of `name` in this directory, or `nil` when there is nothing by that name.
    func status(_ name: [UInt8]) throws -> stat? {
        var info = stat()
        if fstatat(rawValue, cName(name), &info, AT_SYMLINK_NOFOLLOW) == 0 { return info }
        // ENAMETOOLONG: `.wh.` plus a 252-byte name cannot exist, so there is no such whiteout.
        if errno == ENOENT || errno == ENAMETOOLONG { return nil }
        throw UnionError.system("fstatat", path: child(name))
    }

    /// Whether a name exists in this directory.
    func contains(_ name: [UInt8]) throws -> Bool { try status(name) != nil }

    /// Opens the directory `name` without following a symlink.
    func openDirectory(_ name: [UInt8]) throws -> OpenFile {
        let fd = openat(rawValue, cName(name), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else { throw UnionError.system("openat", path: child(name)) }
        return OpenFile(fd, display: child(name))
    }

    /// Opens the regular file `name` for reading without following a symlink.
    func openForReading(_ name: [UInt8]) throws -> OpenFile {
        let fd = openat(rawValue, cName(name), O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else { throw UnionError.system("openat", path: child(name)) }
        return OpenFile(fd, display: child(name))
    }

    /// Opens this directory's parent through `..`, which is the real parent because every
    /// directory was entered with `O_NOFOLLOW` (as ``DirectoryArchiver`` walks back up).
    func openParent() throws -> OpenFile {
        let fd = openat(rawValue, "..", O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else { throw UnionError.system("openat", path: display + "/..") }
        return OpenFile(fd, display: parentDisplay)
    }

    /// The names in this directory except `.` and `..`, sorted by bytes.
    func names() throws -> [[UInt8]] {
        let copy = dup(rawValue)
        guard copy >= 0 else { throw UnionError.system("dup", path: display) }
        guard let stream = fdopendir(copy) else {
            _ = close(copy)
            throw UnionError.system("fdopendir", path: display)
        }
        defer { closedir(stream) }
        rewinddir(stream)
        var names: [[UInt8]] = []
        while let entry = readdir(stream) {
            let name = withUnsafeBytes(of: &entry.pointee.d_name) { raw in Array(raw.prefix { $0 != 0 }) }
            if name == [UInt8(ascii: ".")] || name == [UInt8(ascii: "."), UInt8(ascii: ".")] { continue }
            names.append(name)
        }
        return names.sorted { $0.lexicographicallyPrecedes($1) }
    }

    /// The target of the symlink `name`, as bytes.
    func linkTarget(_ name: [UInt8], size: Int) throws -> [UInt8] {
        var capacity = max(size, 255) + 1
        while true {
            var buffer = [CChar](repeating: 0, count: capacity)
            let n = readlinkat(rawValue, cName(name), &buffer, capacity)
            guard n >= 0 else { throw UnionError.system("readlinkat", path: child(name)) }
            if n < capacity { return buffer[0..<n].map { UInt8(bitPattern: $0) } }
            capacity *= 2
        }
    }

    /// The display path of `name` in this directory.
    func child(_ name: [UInt8]) -> String {
        let base = String(decoding: name, as: UTF8.self)
        return display.isEmpty ? base : display + "/" + base
    }

    private var parentDisplay: String {
        guard let slash = display.lastIndex(of: "/") else { return "" }
        return String(display[..<slash])
    }
}

/// A name as a NUL-terminated C string of its exact bytes (never re-encoded, R-X7).
func cName(_ bytes: [UInt8]) -> [CChar] {
    bytes.map { CChar(bitPattern: $0) } + [0]
}

extension UnionError {
    /// An ``Code/io`` error for the `call` that just failed on `path`, reading the current `errno`.
    static func system(_ call: String, path: String, errno code: Int32 = errno) -> UnionError {
        UnionError(.io, "\(call) failed on \"\(path)\"", cause: SystemCallError(call: call, path: path, errno: code))
    }
}
