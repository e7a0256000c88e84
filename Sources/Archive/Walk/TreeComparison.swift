#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The first way two trees differ, found walking both in byte order of names.
public struct TreeDifference: Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable, Equatable {
        /// The expected tree has an entry the actual one lacks.
        case missing
        /// The actual tree has an entry the expected one lacks.
        case unexpected
        case type, mode, owner, size, content, linkTarget, modificationTime, linkCount, device
    }

    /// The entry, relative to the trees' roots (`etc/passwd`; empty for the roots themselves).
    public var path: String
    public var kind: Kind

    public init(path: String, kind: Kind) {
        self.path = path
        self.kind = kind
    }

    public var description: String {
        let name = path.isEmpty ? "/" : "/" + path
        switch kind {
        case .missing: return "\(name) is missing"
        case .unexpected: return "\(name) should not be there"
        case .type: return "\(name) has changed type"
        case .mode: return "\(name) has other permissions"
        case .owner: return "\(name) has another owner"
        case .size: return "\(name) has another size"
        case .content: return "\(name) has other content"
        case .linkTarget: return "\(name) points elsewhere"
        case .modificationTime: return "\(name) has another modification time"
        case .linkCount: return "\(name) has another number of hard links"
        case .device: return "\(name) is another device"
        }
    }
}

/// Compares two file trees entry by entry: names, types, permissions, owners, sizes, contents,
/// link targets, modification times (of everything but folders, whose times depend on the order
/// entries were made in) and hard-link counts. `fsck` compares a layer's `diff/` folder with its
/// blob extracted afresh this way (RELIABILITY.md R-S7).
///
/// Like ``removeItem(atPath:)`` it never recurses and holds one descriptor per tree: it goes down
/// with `openat(O_NOFOLLOW)` and up through `..`, so a 2,000-deep tree needs neither stack nor
/// descriptors (R-X12), and no symlink inside either tree is ever followed.
public enum TreeComparison {
    /// The first difference between the tree at `actual` and the tree at `expected`, or `nil`
    /// when they are the same.
    /// - Throws: ``ArchiveError`` when either tree cannot be read.
    public static func firstDifference(actual: String, expected: String) throws -> TreeDifference? {
        var walk = try Walk(actual: actual, expected: expected)
        defer { walk.close() }
        return try walk.run()
    }

    private struct Level {
        var name: [UInt8]
        var names: [[UInt8]]
        var next = 0
    }

    private struct Walk {
        var actual: Int32
        var expected: Int32
        let display: String
        var levels: [Level] = []

        init(actual: String, expected: String) throws {
            display = actual
            self.actual = open(actual, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
            guard self.actual >= 0 else { throw ArchiveError.system("open", path: actual) }
            self.expected = open(expected, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
            guard self.expected >= 0 else {
                let failure = ArchiveError.system("open", path: expected)
                release(self.actual)
                throw failure
            }
        }

        mutating func close() {
            if actual >= 0 { release(actual) }
            if expected >= 0 { release(expected) }
            actual = -1
            expected = -1
        }

        mutating func run() throws -> TreeDifference? {
            if let difference = try enter(name: []) { return difference }
            while let top = levels.last {
                guard top.next < top.names.count else {
                    levels.removeLast()
                    if levels.isEmpty { return nil }
                    try climb()
                    continue
                }
                let name = top.names[top.next]
                levels[levels.count - 1].next += 1
                let first = try status(actual, name)
                let second = try status(expected, name)
                if let kind = try compare(first, second, name: name) { return difference(kind, name) }
                if first.st_mode & S_IFMT == S_IFDIR, let difference = try descend(into: name) {
                    return difference
                }
            }
            return nil
        }

        /// Lists the folder both descriptors stand in, as the next level of the walk.
        private mutating func enter(name: [UInt8]) throws -> TreeDifference? {
            let mine = try sortedNames(in: actual, display: display)
            let theirs = try sortedNames(in: expected, display: display)
            levels.append(Level(name: name, names: theirs))
            guard mine != theirs else { return nil }
            if let extra = mine.first(where: { !theirs.contains($0) }) { return difference(.unexpected, extra) }
            return theirs.first(where: { !mine.contains($0) }).map { difference(.missing, $0) }
        }

        private mutating func descend(into name: [UInt8]) throws -> TreeDifference? {
            let down = openat(actual, cName(name), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            guard down >= 0 else { throw ArchiveError.system("openat", path: location(name)) }
            let otherDown = openat(expected, cName(name), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            guard otherDown >= 0 else {
                let failure = ArchiveError.system("openat", path: location(name))
                release(down)
                throw failure
            }
            close()
            actual = down
            expected = otherDown
            return try enter(name: name)
        }

        private mutating func climb() throws {
            let up = openat(actual, "..", O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            let otherUp = openat(expected, "..", O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            close()
            actual = up
            expected = otherUp
            guard up >= 0, otherUp >= 0 else { throw ArchiveError.system("openat", path: display + "/..") }
        }

        private func status(_ folder: Int32, _ name: [UInt8]) throws -> stat {
            var info = stat()
            guard fstatat(folder, cName(name), &info, AT_SYMLINK_NOFOLLOW) == 0 else {
                throw ArchiveError.system("fstatat", path: location(name))
            }
            return info
        }

        private func compare(_ first: stat, _ second: stat, name: [UInt8]) throws -> TreeDifference.Kind? {
            let type = first.st_mode & S_IFMT
            guard type == second.st_mode & S_IFMT else { return .type }
            if type != S_IFLNK && first.st_mode & 0o7777 != second.st_mode & 0o7777 { return .mode }
            guard first.st_uid == second.st_uid, first.st_gid == second.st_gid else { return .owner }
            guard type != S_IFDIR else { return nil }
            guard first.st_size == second.st_size else { return .size }
            guard first.st_nlink == second.st_nlink else { return .linkCount }
            if type == S_IFCHR || type == S_IFBLK, first.st_rdev != second.st_rdev { return .device }
            switch type {
            case S_IFREG: if try !sameContent(name) { return .content }
            case S_IFLNK: if try link(actual, name) != link(expected, name) { return .linkTarget }
            default: break
            }
            guard first.st_mtim.tv_sec == second.st_mtim.tv_sec, first.st_mtim.tv_nsec == second.st_mtim.tv_nsec
            else { return .modificationTime }
            return nil
        }

        private func sameContent(_ name: [UInt8]) throws -> Bool {
            let first = FileDescriptor(openat(actual, cName(name), O_RDONLY | O_NOFOLLOW | O_CLOEXEC))
            let second = FileDescriptor(openat(expected, cName(name), O_RDONLY | O_NOFOLLOW | O_CLOEXEC))
            guard first.rawValue >= 0, second.rawValue >= 0 else {
                throw ArchiveError.system("openat", path: location(name))
            }
            var mine = [UInt8](repeating: 0, count: 64 * 1024)
            var theirs = [UInt8](repeating: 0, count: 64 * 1024)
            while true {
                let count = try readFully(first.rawValue, into: &mine, name: name)
                guard try readFully(second.rawValue, into: &theirs, name: name) == count else { return false }
                if count == 0 { return true }
                guard mine[0..<count] == theirs[0..<count] else { return false }
            }
        }

        /// Reads until `buffer` is full or the file ends, so two files are compared chunk for chunk.
        private func readFully(_ descriptor: Int32, into buffer: inout [UInt8], name: [UInt8]) throws -> Int {
            var filled = 0
            while filled < buffer.count {
                let count = buffer.withUnsafeMutableBytes { raw in
                    read(descriptor, raw.baseAddress.map { $0 + filled }, raw.count - filled)
                }
                if count < 0 {
                    if errno == EINTR { continue }
                    throw ArchiveError.system("read", path: location(name))
                }
                if count == 0 { break }
                filled += count
            }
            return filled
        }

        private func link(_ folder: Int32, _ name: [UInt8]) throws -> [UInt8] {
            var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
            let count = readlinkat(folder, cName(name), &buffer, buffer.count)
            guard count >= 0 else { throw ArchiveError.system("readlinkat", path: location(name)) }
            return buffer[0..<count].map { UInt8(bitPattern: $0) }
        }

        private func path(_ name: [UInt8]) -> String {
            (levels.dropFirst().map(\.name) + [name]).map { String(decoding: $0, as: UTF8.self) }
                .joined(separator: "/")
        }

        /// Where `name` is on disk, for an error message.
        private func location(_ name: [UInt8]) -> String { display + "/" + path(name) }

        private func difference(_ kind: TreeDifference.Kind, _ name: [UInt8]) -> TreeDifference {
            TreeDifference(path: path(name), kind: kind)
        }
    }
}

private func release(_ descriptor: Int32) {
    _ = close(descriptor)
}
