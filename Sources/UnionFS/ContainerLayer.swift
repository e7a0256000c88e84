import Archive
import Trace

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A container's read-write layer: an upper folder on top of an image's ``UnionView``, changed
/// the way the kernel's overlayfs changes its upperdir.
///
/// - The first change to a file of a lower layer copies it up (content, mode, owner and times)
///   into the upper folder; its parent directories are copied up first, with their metadata.
///   Lower layers' folders are only read, never changed (R-X4: they are shared by images).
/// - Removing a name that a lower layer shows writes a whiteout, `.wh.NAME`; a name that only
///   the upper folder has is simply removed.
/// - Creating a directory where a whiteout is makes it opaque (`.wh..wh..opq`), so that
///   `rm -r d && mkdir d` gives an empty `d`, as overlayfs's `ovl_create_over_whiteout` does.
///
/// The upper folder is in the store's diff format (whiteouts as files), so ``merged`` is a
/// ``UnionView`` with the upper folder as its top layer, and ``writeLayerTar(to:)`` is that
/// folder as a tar. New and changed entries get ``modificationTime`` (an injected time, so the
/// same changes give the same layer digest); copied-up entries keep their times.
public struct ContainerLayer: Sendable {
    /// The image's layers.
    public let lower: UnionView
    /// The folder holding the container's changes (empty for a new container).
    public let upper: String
    /// The time given to everything created or changed, and to directories whose entries change.
    public let modificationTime: TarTime
    /// Where copy-ups and whiteouts are reported.
    public let trace: TraceOperation?

    /// - Parameters:
    ///   - lower: the image's merged view.
    ///   - upper: an existing folder for the container's changes; empty for a new container.
    ///   - modificationTime: the time for new and changed entries (SOURCE_DATE_EPOCH in lessons).
    ///   - trace: where to report copy-ups and whiteouts.
    public init(
        lower: UnionView, upper: String, modificationTime: TarTime = TarTime(seconds: 0), trace: TraceOperation? = nil
    ) {
        self.lower = lower
        self.upper = upper
        self.modificationTime = modificationTime
        self.trace = trace
    }

    /// What the container sees: the image's layers with the upper folder on top.
    public var merged: UnionView {
        UnionView(layers: lower.layers + [upper], trace: lower.trace, tracesLookups: lower.tracesLookups)
    }

    /// The merged view without lookup tracing, for the layer's own decisions.
    var quiet: UnionView { UnionView(layers: lower.layers + [upper]) }
    /// The index of the upper folder in ``merged``.
    var upperIndex: Int { lower.layers.count }

    // MARK: - Files

    /// Replaces the content of the regular file at `path`, creating it with `mode` if needed.
    /// - Throws: ``UnionError`` with ``UnionError/Code/isADirectory``,
    ///   ``UnionError/Code/notARegularFile`` (a symlink is not followed),
    ///   ``UnionError/Code/notFound`` or ``UnionError/Code/notADirectory`` for the parent,
    ///   ``UnionError/Code/badPath``, ``UnionError/Code/io``.
    public func write(_ path: ArchivePath, contents: [UInt8], mode: UInt32 = 0o644) throws {
        try change(path, contents: contents, appending: false, mode: mode)
    }

    /// Adds `contents` at the end of the regular file at `path` (`>>`), creating it if needed.
    /// - Throws: as ``write(_:contents:mode:)``.
    public func append(_ path: ArchivePath, contents: [UInt8], mode: UInt32 = 0o644) throws {
        try change(path, contents: contents, appending: true, mode: mode)
    }

    private func change(_ path: ArchivePath, contents: [UInt8], appending: Bool, mode: UInt32) throws {
        let clean = try Self.validate(path)
        let existing = try quiet.lookup(clean)
        if let existing {
            if existing.kind == .directory {
                throw UnionError(.isADirectory, "cannot write \"/\(clean)\": Is a directory")
            }
            guard existing.kind == .regular else {
                throw UnionError(.notARegularFile, "cannot write \"/\(clean)\": it is a \(existing.kind)")
            }
        }
        let parent = try upperDirectory(of: clean)
        let name = clean.lastComponent ?? []
        var flags = O_WRONLY | O_NOFOLLOW | O_CLOEXEC | (appending ? O_APPEND : O_TRUNC)
        if let existing, existing.layer != upperIndex {
            try copyUp(existing, into: parent, name: name)
        } else if existing == nil {
            try removeWhiteout(of: name, in: parent)
            flags |= O_CREAT | O_EXCL
        }
        let fd = openat(parent.rawValue, cName(name), flags, 0o600)
        guard fd >= 0 else { throw UnionError.system("openat", path: parent.child(name)) }
        let file = OpenFile(fd, display: parent.child(name))
        if existing == nil {
            guard fchmod(fd, mode_t(mode & 0o7777)) == 0 else { throw UnionError.system("fchmod", path: file.display) }
        }
        try writeAll(contents, to: file)
        try file.setTime(modificationTime)
        if existing == nil { try parent.setTime(modificationTime) }
    }

    /// Creates a symlink at `path` pointing to `target` (never resolved).
    /// - Throws: ``UnionError/Code/alreadyExists`` when the merged view has `path`, and the
    ///   parent errors of ``write(_:contents:mode:)``.
    public func symlink(_ path: ArchivePath, to target: ArchivePath) throws {
        let clean = try Self.validate(path)
        guard !target.bytes.isEmpty, !target.containsNUL else {
            throw UnionError(.badPath, "symlink \"/\(clean)\" needs a target without NUL")
        }
        guard try quiet.lookup(clean) == nil else {
            throw UnionError(.alreadyExists, "cannot create symlink \"/\(clean)\": File exists")
        }
        let parent = try upperDirectory(of: clean)
        let name = clean.lastComponent ?? []
        try removeWhiteout(of: name, in: parent)
        guard symlinkat(cName(target.bytes), parent.rawValue, cName(name)) == 0 else {
            throw UnionError.system("symlinkat", path: parent.child(name))
        }
        try parent.setTime(modificationTime, of: name)
        try parent.setTime(modificationTime)
    }

    // MARK: - Directories

    /// Creates the directory `path` (`mkdir`); over a whiteout it is opaque, so nothing of the
    /// lower layers' directory of that name shows through.
    /// - Throws: ``UnionError/Code/alreadyExists``, and the parent errors of ``write(_:contents:mode:)``.
    public func mkdir(_ path: ArchivePath, mode: UInt32 = 0o755) throws {
        let clean = try Self.validate(path)
        guard try quiet.lookup(clean) == nil else {
            throw UnionError(.alreadyExists, "cannot create directory \"/\(clean)\": File exists")
        }
        let parent = try upperDirectory(of: clean)
        let name = clean.lastComponent ?? []
        let overWhiteout = try removeWhiteout(of: name, in: parent)
        guard mkdirat(parent.rawValue, cName(name), 0o700) == 0 else {
            throw UnionError.system("mkdirat", path: parent.child(name))
        }
        let directory = try parent.openDirectory(name)
        guard fchmod(directory.rawValue, mode_t(mode & 0o7777)) == 0 else {
            throw UnionError.system("fchmod", path: directory.display)
        }
        if overWhiteout {
            try createEmptyFile(NameResolution.opaqueMarker, in: directory)
            trace?.emit(.whiteoutWritten(path: clean.description, opaque: true))
        }
        try directory.setTime(modificationTime)
        try parent.setTime(modificationTime)
    }

    // MARK: - Removal

    /// Removes the file, symlink or empty directory at `path` (`rm`, `rmdir`).
    /// - Throws: ``UnionError/Code/notFound``, ``UnionError/Code/directoryNotEmpty``,
    ///   ``UnionError/Code/badPath``, ``UnionError/Code/io``.
    public func remove(_ path: ArchivePath) throws {
        let clean = try Self.validate(path)
        guard let existing = try quiet.lookup(clean) else {
            throw UnionError(.notFound, "cannot remove \"/\(clean)\": No such file or directory")
        }
        if existing.kind == .directory, try !quiet.list(clean).isEmpty {
            throw UnionError(.directoryNotEmpty, "cannot remove \"/\(clean)\": Directory not empty")
        }
        try delete(clean)
    }

    /// Removes `path` and, for a directory, everything in it (`rm -r`).
    /// - Throws: ``UnionError/Code/notFound``, ``UnionError/Code/badPath``, ``UnionError/Code/io``.
    public func removeTree(_ path: ArchivePath) throws {
        let clean = try Self.validate(path)
        guard try quiet.lookup(clean) != nil else {
            throw UnionError(.notFound, "cannot remove \"/\(clean)\": No such file or directory")
        }
        try delete(clean)
    }

    /// Removes the upper folder's copy, then hides what the lower layers still show.
    private func delete(_ path: ArchivePath) throws {
        let parent = try upperDirectory(of: path)
        let name = path.lastComponent ?? []
        if let info = try parent.status(name) {
            if info.st_mode & S_IFMT == S_IFDIR {
                try parent.removeTree(name)
            } else if unlinkat(parent.rawValue, cName(name), 0) != 0 {
                throw UnionError.system("unlinkat", path: parent.child(name))
            }
        }
        if try quiet.lookup(path) != nil {
            // 0600, as moby writes a whiteout into a layer.
            try createEmptyFile(NameResolution.whiteoutPrefix + name, in: parent, mode: 0o600)
            trace?.emit(.whiteoutWritten(path: path.description, opaque: false))
        }
        try parent.setTime(modificationTime)
    }

    // MARK: - Copy-up

    /// The upper folder's copy of `path`'s parent, copying up each missing directory from the
    /// merged view with its mode, owner and times (overlayfs copies parents up first).
    func upperDirectory(of path: ArchivePath) throws -> OpenFile {
        var current = try OpenFile.directory(atPath: upper)
        var walked = ArchivePath("")
        for component in path.parent.components {
            walked = walked.appending(component)
            if let info = try current.status(component) {
                guard info.st_mode & S_IFMT == S_IFDIR else {
                    throw UnionError(.notADirectory, "\"/\(walked)\" is not a directory")
                }
                current = try current.openDirectory(component)
                continue
            }
            guard let entry = try quiet.lookup(walked) else {
                throw UnionError(.notFound, "\"/\(walked)\": No such file or directory")
            }
            guard entry.kind == .directory else {
                throw UnionError(.notADirectory, "\"/\(walked)\" is not a directory (it is a \(entry.kind))")
            }
            current = try copyUpDirectory(entry, into: current, name: component)
        }
        return current
    }

    /// Makes the upper folder's copy of a lower layer's directory (without its entries).
    /// - Returns: the copy, open.
    func copyUpDirectory(_ entry: MergedEntry, into parent: OpenFile, name: [UInt8]) throws -> OpenFile {
        let parentTime = try parent.modificationTime()
        guard mkdirat(parent.rawValue, cName(name), 0o700) == 0 else {
            throw UnionError.system("mkdirat", path: parent.child(name))
        }
        let copy = try parent.openDirectory(name)
        try applyMetadata(of: entry, to: copy)
        trace?.emit(.copyUp(path: entry.path.description, fromLayer: entry.layer, isDirectory: true))
        // A copy-up is not a change of the parent: keep its time, as overlayfs does.
        try parent.setTime(parentTime)
        return copy
    }

    /// Copies a lower layer's regular file into `parent` of the upper folder.
    func copyUp(_ entry: MergedEntry, into parent: OpenFile, name: [UInt8]) throws {
        let source = try lower.open(entry)
        let parentTime = try parent.modificationTime()
        let fd = openat(parent.rawValue, cName(name), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw UnionError.system("openat", path: parent.child(name)) }
        let copy = OpenFile(fd, display: parent.child(name))
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let n = buffer.withUnsafeMutableBytes { Glibc.read(source.rawValue, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw UnionError.system("read", path: source.display)
            }
            if n == 0 { break }
            try writeAll(Array(buffer[0..<n]), to: copy)
        }
        try applyMetadata(of: entry, to: copy)
        trace?.emit(.copyUp(path: entry.path.description, fromLayer: entry.layer))
        try parent.setTime(parentTime)
    }

    /// Owner (as root only), then mode (chown clears setuid), then times.
    private func applyMetadata(of entry: MergedEntry, to file: OpenFile) throws {
        if geteuid() == 0, let uid = uid_t(exactly: entry.uid), let gid = gid_t(exactly: entry.gid) {
            guard fchown(file.rawValue, uid, gid) == 0 else { throw UnionError.system("fchown", path: file.display) }
        }
        guard fchmod(file.rawValue, mode_t(entry.mode)) == 0 else {
            throw UnionError.system("fchmod", path: file.display)
        }
        try file.setTime(entry.modificationTime)
    }

    // MARK: - Helpers

    /// Removes a `.wh.NAME` for `name` from the upper directory.
    /// - Returns: whether there was one.
    @discardableResult
    func removeWhiteout(of name: [UInt8], in parent: OpenFile) throws -> Bool {
        let whiteout = NameResolution.whiteoutPrefix + name
        guard try parent.contains(whiteout) else { return false }
        guard unlinkat(parent.rawValue, cName(whiteout), 0) == 0 else {
            throw UnionError.system("unlinkat", path: parent.child(whiteout))
        }
        return true
    }

    /// Creates an empty file (a whiteout or an opaque marker) with the layer's time.
    private func createEmptyFile(_ name: [UInt8], in directory: OpenFile, mode: mode_t = 0o644) throws {
        let fd = openat(directory.rawValue, cName(name), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode)
        guard fd >= 0 else { throw UnionError.system("openat", path: directory.child(name)) }
        let file = OpenFile(fd, display: directory.child(name))
        guard fchmod(fd, mode) == 0 else { throw UnionError.system("fchmod", path: file.display) }
        try file.setTime(modificationTime)
    }

    private func writeAll(_ bytes: [UInt8], to file: OpenFile) throws {
        var written = 0
        while written < bytes.count {
            let n = bytes.withUnsafeBytes { raw in
                Glibc.write(file.rawValue, raw.baseAddress.map { $0 + written }, bytes.count - written)
            }
            if n < 0 {
                if errno == EINTR { continue }
                throw UnionError.system("write", path: file.display)
            }
            written += n
        }
    }

    /// `path` cleaned; refuses the root, names that leave it and the reserved `.wh.` prefix.
    static func validate(_ path: ArchivePath) throws -> ArchivePath {
        let clean = try UnionView.clean(path)
        guard !clean.isRoot else { throw UnionError(.badPath, "the root folder itself cannot be changed") }
        guard !clean.components.contains(where: NameResolution.isWhiteoutName) else {
            throw UnionError(
                .badPath, "\"/\(clean)\" uses the prefix \(Whiteout.prefix), which is reserved for whiteouts")
        }
        return clean
    }
}
