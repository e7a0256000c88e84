#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writes a folder's contents as tar entries: how a layer is made from a diff folder, and how
/// `import` and `export` turn a tree into a tar.
///
/// - The walk is iterative with one directory descriptor open at a time (R-X12): a 2,000-deep
///   tree needs neither recursion nor 2,000 descriptors. It goes depth-first with each
///   directory's names sorted by bytes, the order of Go's `filepath.Walk` that moby's
///   `TarWithOptions` uses (so `a`, `a/b`, `a-c`): parents always come before children.
/// - Symlinks are written as links and never followed (R-X8); every open uses `O_NOFOLLOW`.
/// - A regular file with more than one link whose (device, inode) was seen before is written
///   as a hard link to the first path (moby's `seen` map in `addTarFile`).
/// - FIFOs and devices are written as headers; sockets are skipped and counted, as moby does.
/// - Names are relative, without `./`, directories end in `/`; the root, when included, is `./`.
/// - Times are whole seconds (moby truncates); user and group names are left empty so no name
///   lookup through NSS happens (R-X9), or under ``HeaderStyle/moby`` `root` for id 0 only.
///   `.wh.*` files are written as they are: in a diff folder they are whiteouts.
public struct DirectoryArchiver: Sendable {
    /// Owner ids written instead of the files' own (for example 0:0 on import).
    public struct Owner: Sendable, Hashable {
        public var uid: Int
        public var gid: Int
        public init(uid: Int, gid: Int) {
            self.uid = uid
            self.gid = gid
        }
    }

    /// What was written.
    public struct Summary: Sendable, Hashable {
        public var entries = 0
        /// Counted as Docker counts a layer: regular files once, symlinks by their target's length.
        public var bytes: Int64 = 0
        public var skippedSockets = 0
    }

    /// How headers are filled in.
    public enum HeaderStyle: Sendable, Hashable {
        /// Permission bits only, no user or group names.
        case plain
        /// As moby's archive package writes a layer, so that the same changes give Docker's diff
        /// ID: Go's file-type bits in the mode (not on whiteout markers, which moby rewrites with
        /// a bare mode), and `root` as the name of user and group 0, what Go's `FileInfoHeader`
        /// finds on nearly every host (other ids stay nameless: no lookup, R-X9).
        case moby
    }

    public let root: String
    public var headerStyle: HeaderStyle = .plain
    /// When set, every entry gets this modification time (SOURCE_DATE_EPOCH reproducible builds).
    public var modificationTime: TarTime?
    /// When set, every entry gets these ids.
    public var owner: Owner?
    /// Whether to write an entry `./` for the root folder itself.
    public var includesRoot: Bool

    public init(root: String, modificationTime: TarTime? = nil, owner: Owner? = nil, includesRoot: Bool = false) {
        self.root = root
        self.modificationTime = modificationTime
        self.owner = owner
        self.includesRoot = includesRoot
    }

    private struct Frame {
        var path: ArchivePath
        var names: [[UInt8]]
        var index = 0
    }

    private struct InodeKey: Hashable {
        var device: UInt64
        var inode: UInt64
    }

    /// Writes the folder's entries to `writer` (without finishing it).
    /// - Throws: ``ArchiveError`` for failed system calls or a file that changed size while read.
    @discardableResult
    public func write<Sink: ByteSink>(to writer: inout TarWriter<Sink>) throws -> Summary {
        var summary = Summary()
        var current = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard current >= 0 else { throw ArchiveError.system("open", path: root) }
        defer { close(current) }
        var rootInfo = stat()
        guard fstat(current, &rootInfo) == 0 else { throw ArchiveError.system("fstat", path: root) }
        if includesRoot {
            try writer.append(entry(for: rootInfo, path: ArchivePath("./"), kind: .directory))
            summary.entries += 1
        }
        var seen: [InodeKey: ArchivePath] = [:]
        var frames = [Frame(path: ArchivePath(""), names: try sortedNames(in: current, display: root))]
        while let top = frames.last {
            try Task.checkCancellation()
            if top.index == top.names.count {
                frames.removeLast()
                if frames.isEmpty { break }
                // Back up through ".." of a directory we entered with O_NOFOLLOW: its real parent.
                let up = openat(current, "..", O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
                guard up >= 0 else { throw ArchiveError.system("openat", path: top.path.description + "/..") }
                close(current)
                current = up
                continue
            }
            let name = top.names[top.index]
            frames[frames.count - 1].index += 1
            let path = top.path.appending(name)
            let display = path.description
            var info = stat()
            guard fstatat(current, cName(name), &info, AT_SYMLINK_NOFOLLOW) == 0 else {
                throw ArchiveError.system("fstatat", path: display)
            }
            switch info.st_mode & S_IFMT {
            case S_IFDIR:
                try writer.append(entry(for: info, path: path, kind: .directory))
                let down = openat(current, cName(name), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
                guard down >= 0 else { throw ArchiveError.system("openat", path: display) }
                let names: [[UInt8]]
                do {
                    names = try sortedNames(in: down, display: display)
                } catch {
                    close(down)
                    throw error
                }
                close(current)
                current = down
                frames.append(Frame(path: path, names: names))
            case S_IFREG:
                let key = InodeKey(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))
                if info.st_nlink > 1, let first = seen[key] {
                    var link = entry(for: info, path: path, kind: .hardlink)
                    link.linkTarget = first
                    try writer.append(link)
                } else {
                    if info.st_nlink > 1 { seen[key] = path }
                    var file = entry(for: info, path: path, kind: .regular)
                    file.size = Int64(info.st_size)
                    try writer.append(file)
                    let fd = openat(current, cName(name), O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
                    guard fd >= 0 else { throw ArchiveError.system("openat", path: display) }
                    var source = FileSource(fileDescriptor: fd, owned: true, path: display)
                    try writer.writeContent(from: &source)
                    summary.bytes += file.size
                }
            case S_IFLNK:
                var link = entry(for: info, path: path, kind: .symlink)
                link.linkTarget = ArchivePath(
                    bytes: try readLink(current, name, display: display, size: Int(info.st_size)))
                try writer.append(link)
                summary.bytes += Int64(info.st_size)
            case S_IFIFO:
                try writer.append(entry(for: info, path: path, kind: .fifo))
            case S_IFCHR, S_IFBLK:
                var device = entry(
                    for: info, path: path, kind: info.st_mode & S_IFMT == S_IFCHR ? .characterDevice : .blockDevice)
                let rdev = UInt64(info.st_rdev)
                device.deviceMajor = Int((rdev >> 8) & 0xfff | (rdev >> 32) & 0xffff_f000)
                device.deviceMinor = Int(rdev & 0xff | (rdev >> 12) & 0xffff_ff00)
                try writer.append(device)
            default:
                summary.skippedSockets += 1
                continue
            }
            summary.entries += 1
        }
        return summary
    }

    private func entry(for info: stat, path: ArchivePath, kind: TarEntry.Kind) -> TarEntry {
        var entry = TarEntry(path: path, kind: kind, mode: UInt32(info.st_mode) & 0o7777)
        entry.uid = owner?.uid ?? Int(info.st_uid)
        entry.gid = owner?.gid ?? Int(info.st_gid)
        entry.modificationTime = modificationTime ?? TarTime(seconds: Int64(info.st_mtim.tv_sec))
        if headerStyle == .moby {
            let name = path.bytes.split(separator: UInt8(ascii: "/")).last ?? []
            if !name.starts(with: Array(".wh.".utf8)) { entry.modeTypeBits = UInt32(info.st_mode) & UInt32(S_IFMT) }
            if entry.uid == 0 { entry.userName = "root" }
            if entry.gid == 0 { entry.groupName = "root" }
        }
        return entry
    }

    private func readLink(_ directory: Int32, _ name: [UInt8], display: String, size: Int) throws -> [UInt8] {
        var capacity = max(size, 255) + 1
        while true {
            var buffer = [CChar](repeating: 0, count: capacity)
            let n = readlinkat(directory, cName(name), &buffer, capacity)
            guard n >= 0 else { throw ArchiveError.system("readlinkat", path: display) }
            if n < capacity { return buffer[0..<n].map { UInt8(bitPattern: $0) } }
            capacity *= 2
        }
    }
}
