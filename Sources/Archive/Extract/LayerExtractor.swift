#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Applies a layer tar onto a folder that acts as its root, without ever writing outside it.
///
/// The rules are RELIABILITY R-X1–R-X12, decided as containerd's `archive.Apply` and moby's
/// `pkg/archive.Unpack` decide them where they agree:
/// - names are cleaned; a leading `/` means the root (clamped, as moby joins onto the root);
///   a name that climbs out with `..` or has NUL is refused with
///   ``ArchiveError/Code/nameNotLocal`` (moby's `breakoutError`);
/// - every component is opened relative to a descriptor of the root with
///   `openat(O_NOFOLLOW|O_DIRECTORY)`. A symlink is never followed: an entry whose parent path
///   passes through a symlink (`link/file` after `link -> /tmp`) is refused with
///   ``ArchiveError/Code/nameNotLocal``. (containerd instead resolves such links inside the root;
///   refusing is simpler and no layer written by a diff needs it.) Missing parents are created
///   0755, as moby does;
/// - the root is never replaced (R-X3): a root entry may only be a directory, whose metadata
///   is applied;
/// - an existing path is removed (a directory with everything in it) and the entry created with
///   `O_EXCL|O_NOFOLLOW`; a directory over a directory merges; the last entry wins (R-X11);
/// - hard links must name a non-directory entry extracted earlier from this archive, not
///   themselves (R-X6), and are made with `linkat` without following a symlink target;
/// - devices are made with `mknodat` only as root, else skipped and counted; FIFOs are made
///   with `mkfifoat` and never opened (R-X5);
/// - owners are set only as root; modes after owners (chown clears setuid); directory modes and
///   times are set at the end, as moby does, so that creating children does not change a
///   directory's mtime and a 0555 directory can still be filled; `user.*` xattrs are set
///   best-effort and failures counted.
///
/// Whiteout entries are kept as empty regular files with their names (``WhiteoutHandling/keepAsFiles``):
/// the store keeps each layer's diff as the tar says and the union view interprets them.
/// On error the folder holds a partial layer; the caller removes it.
public struct LayerExtractor: Sendable {
    /// What to do with `.wh.*` entries.
    public enum WhiteoutHandling: Sendable, Hashable {
        /// Store them as empty regular files named as in the archive.
        case keepAsFiles
    }

    /// The folder the layer is applied onto.
    public let root: String
    public var whiteouts: WhiteoutHandling
    /// Whether to set owners from the archive; by default only when running as root.
    public var setsOwners: Bool
    /// Whether to create device nodes; by default only when running as root.
    public var createsDevices: Bool
    /// Whether to refuse FIFOs, devices and hard links: an image archive (`docker save`) holds
    /// only files, folders and the links that share a layer file, and a FIFO read as a layer
    /// would hang `load`.
    public var refusesSpecialFiles = false

    public init(root: String, whiteouts: WhiteoutHandling = .keepAsFiles) {
        self.root = root
        self.whiteouts = whiteouts
        let isRoot = geteuid() == 0
        self.setsOwners = isRoot
        self.createsDevices = isRoot
    }

    /// Extracts every entry of `reader` under ``root``.
    /// - Returns: What was extracted and skipped.
    /// - Throws: ``ArchiveError`` for a bad archive, a refused name or link, or a failed system call.
    public func apply<Source: ByteSource>(_ reader: inout TarReader<Source>) throws -> ExtractionSummary {
        let rootFD = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard rootFD >= 0 else { throw ArchiveError.system("open", path: root) }
        var state = State(root: FileDescriptor(rootFD), extractor: self)
        while let entry = try reader.next() {
            try Task.checkCancellation()
            try state.extract(entry, from: &reader)
        }
        try state.finishDirectories()
        return state.summary
    }
}

/// Metadata of a directory, applied after all entries (moby `Unpack`: "dirs" loop).
private struct DirectoryMetadata {
    var mode: UInt32
    var modificationTime: TarTime
    var accessTime: TarTime
}

/// The work of one ``LayerExtractor/apply(_:)`` call.
private struct State {
    let root: FileDescriptor
    let extractor: LayerExtractor
    var summary = ExtractionSummary()
    var directoryOrder: [ArchivePath] = []
    var directories: [ArchivePath: DirectoryMetadata] = [:]
    var extractedFiles: Set<ArchivePath> = []
    var cachedParent: (path: ArchivePath, fd: FileDescriptor)?
    let buffer = ScratchBuffer(size: 64 * 1024)

    init(root: FileDescriptor, extractor: LayerExtractor) {
        self.root = root
        self.extractor = extractor
    }

    mutating func extract<Source: ByteSource>(_ entry: TarEntry, from reader: inout TarReader<Source>) throws {
        summary.entries += 1
        let path = try entry.path.normalized()
        let meaning = try Whiteout.meaning(of: path)
        var kind = entry.kind
        if meaning != .none {
            switch extractor.whiteouts {
            case .keepAsFiles: kind = .regular
            }
        }
        if path.isRoot {
            guard kind == .directory else {
                throw ArchiveError(
                    .nameNotLocal, "\(entry.kind) entry \"\(entry.path)\" would replace the root folder (refused)")
            }
            try setOwner(entry, fd: root.rawValue, display: path)
            rememberDirectory(path, entry)
            return
        }
        if extractor.refusesSpecialFiles && ![.regular, .directory, .symlink].contains(kind) {
            throw ArchiveError(
                .unsupportedEntryType,
                "\(entry.path) is a \(kind) entry: an image archive holds only files, folders and symbolic links")
        }
        if (kind == .characterDevice || kind == .blockDevice) && !extractor.createsDevices {
            summary.skippedDevices += 1
            return
        }
        var hardlinkSource: (parent: FileDescriptor, name: [UInt8])?
        if kind == .hardlink { hardlinkSource = try resolveHardlinkTarget(entry, path: path) }

        let parent = try parentDirectory(of: path)
        let name = path.lastComponent ?? []
        let display = path.description
        var info = stat()
        let exists = fstatat(parent.rawValue, cName(name), &info, AT_SYMLINK_NOFOLLOW) == 0
        if !exists && errno != ENOENT { throw ArchiveError.system("fstatat", path: display) }
        let existingIsDirectory = exists && info.st_mode & S_IFMT == S_IFDIR
        if exists && !(existingIsDirectory && kind == .directory) {
            if existingIsDirectory {
                try removeTree(parent: parent.rawValue, name: name, display: display)
                cachedParent = nil
            } else if unlinkat(parent.rawValue, cName(name), 0) != 0 {
                throw ArchiveError.system("unlinkat", path: display)
            }
        }
        if kind != .directory {
            directories[path] = nil
            extractedFiles.insert(path)
        }
        let p = parent.rawValue
        let perm = mode_t(entry.mode & 0o7777)
        switch kind {
        case .directory:
            if !existingIsDirectory && mkdirat(p, cName(name), 0o700) != 0 {
                throw ArchiveError.system("mkdirat", path: display)
            }
            let fd = openat(p, cName(name), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            guard fd >= 0 else { throw ArchiveError.system("openat", path: display) }
            let directory = FileDescriptor(fd)
            try setOwner(entry, fd: directory.rawValue, display: path)
            setXattrs(entry, fd: directory.rawValue)
            rememberDirectory(path, entry)
            extractedFiles.remove(path)
        case .regular:
            let fd = openat(p, cName(name), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
            guard fd >= 0 else { throw ArchiveError.system("openat", path: display) }
            let file = FileDescriptor(fd)
            if meaning == .none { try copyContent(from: &reader, to: file.rawValue, display: display) }
            try setOwner(entry, fd: file.rawValue, display: path)
            guard fchmod(file.rawValue, perm) == 0 else { throw ArchiveError.system("fchmod", path: display) }
            setXattrs(entry, fd: file.rawValue)
            var times = timespecs(entry)
            guard futimens(file.rawValue, &times) == 0 else { throw ArchiveError.system("futimens", path: display) }
        case .symlink:
            guard let target = entry.linkTarget, !target.bytes.isEmpty, !target.containsNUL else {
                throw ArchiveError(.badLink, "symlink \"\(entry.path)\" has an empty target or a target with NUL")
            }
            guard symlinkat(cName(target.bytes), p, cName(name)) == 0 else {
                throw ArchiveError.system("symlinkat", path: display)
            }
            summary.bytes += Int64(target.bytes.count)
            try setMetadataWithoutOpening(entry, parent: p, name: name, display: path, setsMode: false)
        case .hardlink:
            guard let source = hardlinkSource else { return }
            guard linkat(source.parent.rawValue, cName(source.name), p, cName(name), 0) == 0 else {
                throw ArchiveError.system("linkat", path: display)
            }
        // The inode keeps the metadata of the entry it was extracted from.
        case .characterDevice, .blockDevice:
            let type = kind == .characterDevice ? S_IFCHR : S_IFBLK
            if mknodat(p, cName(name), type | perm, Self.device(entry.deviceMajor, entry.deviceMinor)) != 0 {
                // A root without CAP_MKNOD (a user namespace) cannot make devices either.
                guard errno == EPERM else { throw ArchiveError.system("mknodat", path: display) }
                extractedFiles.remove(path)
                summary.skippedDevices += 1
                return
            }
            try setMetadataWithoutOpening(entry, parent: p, name: name, display: path, setsMode: true)
        case .fifo:
            guard mkfifoat(p, cName(name), perm) == 0 else { throw ArchiveError.system("mkfifoat", path: display) }
            try setMetadataWithoutOpening(entry, parent: p, name: name, display: path, setsMode: true)
        }
    }

    /// Sets mode and times at the end, deepest first order does not matter: neither changes
    /// the parent's mtime.
    mutating func finishDirectories() throws {
        for path in directoryOrder {
            guard let metadata = directories[path] else { continue }
            let directory: FileDescriptor
            if path.isRoot {
                directory = root
            } else {
                // The directory may have been replaced by a later entry; then there is nothing to do.
                guard let fd = try? openDirectory(path.components[...], creating: false, display: path) else {
                    continue
                }
                directory = fd
            }
            guard fchmod(directory.rawValue, mode_t(metadata.mode)) == 0 else {
                throw ArchiveError.system("fchmod", path: path.description)
            }
            var times = [Self.timespec(metadata.accessTime), Self.timespec(metadata.modificationTime)]
            guard futimens(directory.rawValue, &times) == 0 else {
                throw ArchiveError.system("futimens", path: path.description)
            }
        }
    }

    // MARK: - Paths

    mutating func parentDirectory(of path: ArchivePath) throws -> FileDescriptor {
        let parentPath = path.parent
        if let cachedParent, cachedParent.path == parentPath { return cachedParent.fd }
        let fd = try openDirectory(parentPath.components[...], creating: true, display: path)
        cachedParent = (parentPath, fd)
        return fd
    }

    /// Opens the directory at `components` under the root one component at a time, never
    /// following a symlink (R-X2), creating missing ones 0755 when `creating`.
    func openDirectory(_ components: ArraySlice<[UInt8]>, creating: Bool, display: ArchivePath) throws -> FileDescriptor
    {
        var current = root
        var walked = ArchivePath("")
        for component in components {
            walked = walked.appending(component)
            let name = cName(component)
            var fd = openat(current.rawValue, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            if fd < 0 && errno == ENOENT && creating {
                guard mkdirat(current.rawValue, name, 0o755) == 0 || errno == EEXIST else {
                    throw ArchiveError.system("mkdirat", path: walked.description)
                }
                fd = openat(current.rawValue, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            }
            if fd < 0 {
                let code = errno
                var info = stat()
                if fstatat(current.rawValue, name, &info, AT_SYMLINK_NOFOLLOW) == 0, info.st_mode & S_IFMT == S_IFLNK {
                    throw ArchiveError(
                        .nameNotLocal,
                        "\"\(display)\" passes through the symlink \"\(walked)\"; layerlab never follows symlinks while extracting"
                    )
                }
                throw ArchiveError.system("openat", path: walked.description, errno: code)
            }
            current = FileDescriptor(fd)
        }
        return current
    }

    /// Checks a hard link's target (R-X6) and opens its parent.
    func resolveHardlinkTarget(_ entry: TarEntry, path: ArchivePath) throws -> (parent: FileDescriptor, name: [UInt8]) {
        guard let rawTarget = entry.linkTarget else {
            throw ArchiveError(.badLink, "hard link \"\(entry.path)\" has no target")
        }
        let target = try rawTarget.normalized()
        guard !target.isRoot, target != path else {
            throw ArchiveError(.badLink, "hard link \"\(entry.path)\" points to itself or to the root")
        }
        guard extractedFiles.contains(target) else {
            throw ArchiveError(
                .badLink,
                "hard link \"\(entry.path)\" points to \"\(rawTarget)\", which is not an earlier file of this layer")
        }
        let parent = try openDirectory(target.parent.components[...], creating: false, display: target)
        let name = target.lastComponent ?? []
        var info = stat()
        guard fstatat(parent.rawValue, cName(name), &info, AT_SYMLINK_NOFOLLOW) == 0 else {
            throw ArchiveError.system("fstatat", path: target.description)
        }
        guard info.st_mode & S_IFMT != S_IFDIR else {
            throw ArchiveError(.badLink, "hard link \"\(entry.path)\" points to the directory \"\(rawTarget)\"")
        }
        return (parent, name)
    }

    // MARK: - Content and metadata

    mutating func copyContent<Source: ByteSource>(
        from reader: inout TarReader<Source>, to fd: Int32, display: String
    ) throws {
        while true {
            let n = try reader.readContent(into: buffer.pointer)
            if n == 0 { return }
            var written = 0
            while written < n {
                guard let base = buffer.pointer.baseAddress else { return }
                let w = write(fd, base + written, n - written)
                if w < 0 {
                    if errno == EINTR { continue }
                    throw ArchiveError.system("write", path: display)
                }
                written += w
            }
            summary.bytes += Int64(n)
        }
    }

    mutating func rememberDirectory(_ path: ArchivePath, _ entry: TarEntry) {
        if directories[path] == nil { directoryOrder.append(path) }
        directories[path] = DirectoryMetadata(
            mode: entry.mode & 0o7777, modificationTime: entry.modificationTime,
            accessTime: entry.accessTime ?? entry.modificationTime)
    }

    func ids(_ entry: TarEntry, display: ArchivePath) throws -> (uid_t, gid_t) {
        guard let uid = uid_t(exactly: entry.uid), let gid = gid_t(exactly: entry.gid) else {
            throw ArchiveError(.badHeader, "owner \(entry.uid):\(entry.gid) of \"\(display)\" is out of range")
        }
        return (uid, gid)
    }

    func setOwner(_ entry: TarEntry, fd: Int32, display: ArchivePath) throws {
        guard extractor.setsOwners else { return }
        let (uid, gid) = try ids(entry, display: display)
        guard fchown(fd, uid, gid) == 0 else { throw ArchiveError.system("fchown", path: display.description) }
    }

    /// Owner, mode and times of symlinks, devices and FIFOs, which must not be opened.
    mutating func setMetadataWithoutOpening(
        _ entry: TarEntry, parent: Int32, name: [UInt8], display: ArchivePath, setsMode: Bool
    ) throws {
        let c = cName(name)
        if extractor.setsOwners {
            let (uid, gid) = try ids(entry, display: display)
            guard fchownat(parent, c, uid, gid, AT_SYMLINK_NOFOLLOW) == 0 else {
                throw ArchiveError.system("fchownat", path: display.description)
            }
        }
        // fchmodat cannot refuse symlinks on Linux (AT_SYMLINK_NOFOLLOW is unsupported), but the
        // name was created just now by this process as a device or FIFO, not a symlink.
        if setsMode && fchmodat(parent, c, mode_t(entry.mode & 0o7777), 0) != 0 {
            throw ArchiveError.system("fchmodat", path: display.description)
        }
        summary.ignoredXattrs += entry.xattrs.count
        var times = timespecs(entry)
        guard utimensat(parent, c, &times, AT_SYMLINK_NOFOLLOW) == 0 else {
            throw ArchiveError.system("utimensat", path: display.description)
        }
    }

    /// Sets `user.*` xattrs best-effort; others need privileges or mean policy
    /// (`security.*`, `trusted.*`) and are counted as ignored.
    mutating func setXattrs(_ entry: TarEntry, fd: Int32) {
        for key in entry.xattrs.keys.sorted() {
            guard key.hasPrefix("user."), let value = entry.xattrs[key] else {
                summary.ignoredXattrs += 1
                continue
            }
            if !ExtendedAttributes.set(key, value, fd: fd) { summary.ignoredXattrs += 1 }
        }
    }

    func timespecs(_ entry: TarEntry) -> [timespec] {
        [Self.timespec(entry.accessTime ?? entry.modificationTime), Self.timespec(entry.modificationTime)]
    }

    static func timespec(_ time: TarTime) -> timespec {
        Glibc.timespec(tv_sec: Int(time.seconds), tv_nsec: Int(time.nanoseconds))
    }

    /// Linux's `makedev`: the split major/minor encoding of `dev_t` (glibc `sys/sysmacros.h`).
    static func device(_ major: Int, _ minor: Int) -> dev_t {
        let major = UInt64(truncatingIfNeeded: major)
        let minor = UInt64(truncatingIfNeeded: minor)
        return dev_t((major & 0xfffff000) << 32 | (major & 0xfff) << 8 | (minor & 0xffffff00) << 12 | (minor & 0xff))
    }
}
