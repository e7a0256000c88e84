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
/// and `fstatat` uses `AT_SYMLINK_NOFOLLOW`. Not `Sendable`: it lives inside one call. The
/// builder reads its context through it too, hence `package`.
package final class OpenFile {
    package let rawValue: Int32
    /// The path shown in errors, relative to the layer or container root.
    package let display: String

    init(_ rawValue: Int32, display: String) {
        self.rawValue = rawValue
        self.display = display
    }

    deinit { _ = close(rawValue) }

    /// Opens a folder given by its absolute path (a layer's `diff/`, a container's upper folder).
    package static func directory(atPath path: String) throws -> OpenFile {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw UnionError.system("open", path: path) }
        return OpenFile(fd, display: path)
    }

    /// `lstat` of `name` in this directory, or `nil` when there is nothing by that name.
    package func status(_ name: [UInt8]) throws -> stat? {
        var info = stat()
        if fstatat(rawValue, cName(name), &info, AT_SYMLINK_NOFOLLOW) == 0 { return info }
        // ENAMETOOLONG: `.wh.` plus a 252-byte name cannot exist, so there is no such whiteout.
        if errno == ENOENT || errno == ENAMETOOLONG { return nil }
        throw UnionError.system("fstatat", path: child(name))
    }

    /// Whether a name exists in this directory.
    func contains(_ name: [UInt8]) throws -> Bool { try status(name) != nil }

    /// Opens the directory `name` without following a symlink.
    package func openDirectory(_ name: [UInt8]) throws -> OpenFile {
        let fd = openat(rawValue, cName(name), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else { throw UnionError.system("openat", path: child(name)) }
        return OpenFile(fd, display: child(name))
    }

    /// Opens the regular file `name` for reading without following a symlink.
    package func openForReading(_ name: [UInt8]) throws -> OpenFile {
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
    package func names() throws -> [[UInt8]] {
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
    package func linkTarget(_ name: [UInt8], size: Int) throws -> [UInt8] {
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

extension OpenFile {
    /// Removes the directory `name` and everything below it, without recursion and with one
    /// descriptor open at a time (R-X12); symlinks inside are removed as links, never followed.
    func removeTree(_ name: [UInt8]) throws {
        var current = try openDirectory(name)
        var frames: [(name: [UInt8], names: [[UInt8]], index: Int)] = [(name, try current.names(), 0)]
        while let top = frames.last {
            guard top.index < top.names.count else {
                frames.removeLast()
                if frames.isEmpty { break }
                current = try current.openParent()
                guard unlinkat(current.rawValue, cName(top.name), AT_REMOVEDIR) == 0 else {
                    throw UnionError.system("unlinkat", path: current.child(top.name))
                }
                continue
            }
            frames[frames.count - 1].index += 1
            let child = top.names[top.index]
            if let info = try current.status(child), info.st_mode & S_IFMT == S_IFDIR {
                current = try current.openDirectory(child)
                frames.append((child, try current.names(), 0))
            } else if unlinkat(current.rawValue, cName(child), 0) != 0 {
                throw UnionError.system("unlinkat", path: current.child(child))
            }
        }
        guard unlinkat(rawValue, cName(name), AT_REMOVEDIR) == 0 else {
            throw UnionError.system("unlinkat", path: child(name))
        }
    }

    /// Sets this file's modification (and access) time.
    func setTime(_ time: TarTime) throws {
        var times = [timespec(time), timespec(time)]
        guard futimens(rawValue, &times) == 0 else { throw UnionError.system("futimens", path: display) }
    }

    /// Sets the modification time of `name` in this directory without following a symlink.
    func setTime(_ time: TarTime, of name: [UInt8]) throws {
        var times = [timespec(time), timespec(time)]
        guard utimensat(rawValue, cName(name), &times, AT_SYMLINK_NOFOLLOW) == 0 else {
            throw UnionError.system("utimensat", path: child(name))
        }
    }

    /// The modification time of this file.
    func modificationTime() throws -> TarTime {
        var info = stat()
        guard fstat(rawValue, &info) == 0 else { throw UnionError.system("fstat", path: display) }
        return TarTime(seconds: Int64(info.st_mtim.tv_sec), nanoseconds: Int32(info.st_mtim.tv_nsec))
    }

    private func timespec(_ time: TarTime) -> Glibc.timespec {
        Glibc.timespec(tv_sec: Int(time.seconds), tv_nsec: Int(time.nanoseconds))
    }
}
