#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// An open descriptor closed when the last reference goes, so that no error path leaks one.
final class FileDescriptor {
    let rawValue: Int32
    init(_ rawValue: Int32) { self.rawValue = rawValue }
    deinit { _ = close(rawValue) }
}

/// A name as a NUL-terminated C string of its exact bytes (never re-encoded, R-X7); Swift
/// passes the array to `const char *` parameters.
func cName(_ bytes: [UInt8]) -> [CChar] {
    bytes.map { CChar(bitPattern: $0) } + [0]
}

/// Removes `path` (a file, a link, or a folder and everything below it) however deep the folder
/// goes and whatever its entries' modes: what the store calls to delete a layer's or a
/// container's data. A missing path is not an error. The last component is never followed.
/// - Throws: ``ArchiveError`` with ``ArchiveError/Code/io`` naming the entry that could not go.
public func removeItem(atPath path: String) throws {
    let url = path.hasSuffix("/") ? String(path.dropLast()) : path
    guard let slash = url.lastIndex(of: "/") else { throw ArchiveError(.io, "cannot remove \(path): not absolute") }
    let folder = slash == url.startIndex ? "/" : String(url[..<slash])
    let name = Array(url[url.index(after: slash)...].utf8)
    let parent = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
    guard parent >= 0 else {
        if errno == ENOENT { return }
        throw ArchiveError.system("open", path: folder)
    }
    defer { close(parent) }
    var info = stat()
    guard fstatat(parent, cName(name), &info, AT_SYMLINK_NOFOLLOW) == 0 else {
        if errno == ENOENT { return }
        throw ArchiveError.system("fstatat", path: path)
    }
    if info.st_mode & S_IFMT == S_IFDIR {
        try removeTree(parent: parent, name: name, display: path)
    } else if unlinkat(parent, cName(name), 0) != 0 {
        throw ArchiveError.system("unlinkat", path: path)
    }
}

/// Removes the directory `name` in `parent` and everything below it, without recursion and
/// with one descriptor open at a time, so that 2,000-deep trees need neither stack nor 2,000
/// descriptors (RELIABILITY R-X12). Every step is relative to a descriptor and never follows a
/// symlink: a symlink inside is removed as a link. A folder whose mode forbids listing or
/// changing it (a layer's read-only `/usr`, say) is made so first: it is going anyway.
func removeTree(parent: Int32, name: [UInt8], display: String) throws {
    var current = try openForRemoval(parent, name, display: display)
    var names: [[UInt8]] = [name]
    defer { if current >= 0 { close(current) } }
    while true {
        guard let child = try firstChild(of: current, display: display) else {
            // Empty: go up (".." of a directory we entered without following links) and remove it.
            let removed = names.removeLast()
            if names.isEmpty {
                guard unlinkat(parent, cName(removed), AT_REMOVEDIR) == 0 else {
                    throw ArchiveError.system("unlinkat", path: display)
                }
                return
            }
            let up = openat(current, "..", O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            guard up >= 0 else { throw ArchiveError.system("openat", path: display) }
            close(current)
            current = up
            guard unlinkat(current, cName(removed), AT_REMOVEDIR) == 0 else {
                throw ArchiveError.system("unlinkat", path: display)
            }
            continue
        }
        if child.isDirectory {
            let down = try openForRemoval(current, child.name, display: display)
            close(current)
            current = down
            names.append(child.name)
        } else {
            guard unlinkat(current, cName(child.name), 0) == 0 else {
                throw ArchiveError.system("unlinkat", path: display)
            }
        }
    }
}

/// Opens the directory `name` in `parent` to empty it, giving its owner full access first when
/// its mode says otherwise. Modes are changed only through a descriptor of the directory itself
/// (never by name, which could be swapped for a link), so nothing outside the tree changes.
private func openForRemoval(_ parent: Int32, _ name: [UInt8], display: String) throws -> Int32 {
    let fd = openat(parent, cName(name), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
    if fd >= 0 {
        var info = stat()
        if fstat(fd, &info) == 0, info.st_mode & 0o700 != 0o700 { _ = fchmod(fd, (info.st_mode & 0o7777) | 0o700) }
        return fd
    }
    #if os(Linux)
        // Not even readable (`d---------`): pin the directory itself without any access right
        // (O_PATH, which refuses a link) and change its mode through that pin.
        guard errno == EACCES else { throw ArchiveError.system("openat", path: display) }
        let pathOnly: Int32 = 0o10_000_000  // O_PATH, which Glibc's Swift module does not export
        let pinned = openat(parent, cName(name), pathOnly | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard pinned >= 0 else { throw ArchiveError.system("openat", path: display) }
        defer { close(pinned) }
        guard chmod("/proc/self/fd/\(pinned)", 0o700) == 0 else { throw ArchiveError.system("chmod", path: display) }
        let opened = openat(parent, cName(name), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard opened >= 0 else { throw ArchiveError.system("openat", path: display) }
        return opened
    #else
        throw ArchiveError.system("openat", path: display)
    #endif
}

/// The first entry of a directory other than `.` and `..`, and whether it is a directory.
private func firstChild(of directory: Int32, display: String) throws -> (name: [UInt8], isDirectory: Bool)? {
    let copy = dup(directory)
    guard copy >= 0 else { throw ArchiveError.system("dup", path: display) }
    guard let stream = fdopendir(copy) else {
        close(copy)
        throw ArchiveError.system("fdopendir", path: display)
    }
    defer { closedir(stream) }
    rewinddir(stream)
    while let entry = readdir(stream) {
        let name = direntName(entry)
        if name == [UInt8(ascii: ".")] || name == [UInt8(ascii: "."), UInt8(ascii: ".")] { continue }
        var info = stat()
        guard fstatat(directory, cName(name), &info, AT_SYMLINK_NOFOLLOW) == 0 else {
            throw ArchiveError.system("fstatat", path: display)
        }
        return (name, info.st_mode & S_IFMT == S_IFDIR)
    }
    return nil
}

/// The bytes of a `dirent`'s name.
func direntName(_ entry: UnsafeMutablePointer<dirent>) -> [UInt8] {
    withUnsafeBytes(of: &entry.pointee.d_name) { raw in
        Array(raw.prefix { $0 != 0 })
    }
}

/// All names in a directory except `.` and `..`, sorted by bytes.
func sortedNames(in directory: Int32, display: String) throws -> [[UInt8]] {
    let copy = dup(directory)
    guard copy >= 0 else { throw ArchiveError.system("dup", path: display) }
    guard let stream = fdopendir(copy) else {
        close(copy)
        throw ArchiveError.system("fdopendir", path: display)
    }
    defer { closedir(stream) }
    rewinddir(stream)
    var names: [[UInt8]] = []
    while let entry = readdir(stream) {
        let name = direntName(entry)
        if name == [UInt8(ascii: ".")] || name == [UInt8(ascii: "."), UInt8(ascii: ".")] { continue }
        names.append(name)
    }
    return names.sorted { $0.lexicographicallyPrecedes($1) }
}
