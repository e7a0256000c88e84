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

/// Removes the directory `name` in `parent` and everything below it, without recursion and
/// with one descriptor open at a time, so that 2,000-deep trees need neither stack nor 2,000
/// descriptors (RELIABILITY R-X12). Every step is relative to a descriptor and never follows a
/// symlink: a symlink inside is removed as a link.
func removeTree(parent: Int32, name: [UInt8], display: String) throws {
    var current = openat(parent, cName(name), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
    guard current >= 0 else { throw ArchiveError.system("openat", path: display) }
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
            let down = openat(current, cName(child.name), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            guard down >= 0 else { throw ArchiveError.system("openat", path: display) }
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
