import Archive
import Trace

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

extension ContainerLayer {
    /// `chmod`: sets the permission bits (`0o7777`) of the entry at `path`, copying it up first.
    /// A symlink at `path` is not followed (Linux has no modes on links: nothing changes).
    /// - Throws: ``UnionError/Code/notFound``, ``UnionError/Code/badPath``, ``UnionError/Code/io``.
    public func setMode(_ path: ArchivePath, _ mode: UInt32) throws {
        let (parent, name, entry) = try upperCopy(of: path)
        guard entry.kind != .symlink else { return }
        guard fchmodat(parent.rawValue, cName(name), mode_t(mode & 0o7777), 0) == 0 else {
            throw UnionError.system("fchmodat", path: parent.child(name))
        }
    }

    /// `chown -h`: sets the owner of the entry at `path`, copying it up first; a symlink's own
    /// owner changes. Only root can give files away, so an unprivileged caller gets an error.
    /// - Throws: as ``setMode(_:_:)``.
    public func setOwner(_ path: ArchivePath, uid: Int, gid: Int) throws {
        guard let uid = uid_t(exactly: uid), let gid = gid_t(exactly: gid) else {
            throw UnionError(.badPath, "owner \(uid):\(gid) is out of range")
        }
        let (parent, name, _) = try upperCopy(of: path)
        guard fchownat(parent.rawValue, cName(name), uid, gid, AT_SYMLINK_NOFOLLOW) == 0 else {
            throw UnionError.system("fchownat", path: parent.child(name))
        }
    }

    /// `touch`: gives the entry at `path` the layer's ``modificationTime`` (copying it up), or
    /// creates an empty regular file with `mode` when nothing is there.
    /// - Throws: as ``write(_:contents:mode:)``.
    public func touch(_ path: ArchivePath, mode: UInt32 = 0o644) throws {
        guard try quiet.lookup(Self.validate(path)) != nil else {
            try write(path, contents: [], mode: mode)
            return
        }
        try setModificationTime(path, modificationTime)
    }

    /// Sets the modification time of the entry at `path` (not following a symlink), copying it
    /// up first: what `cp -p` and `mv` keep.
    /// - Throws: as ``setMode(_:_:)``.
    public func setModificationTime(_ path: ArchivePath, _ time: TarTime) throws {
        let (parent, name, _) = try upperCopy(of: path)
        try parent.setTime(time, of: name)
    }

    /// `ln TARGET PATH`: a hard link at `path` to the non-directory at `target`. Both names end
    /// up in the upper folder (a lower file is copied up first, as overlayfs does on `link(2)`).
    /// - Throws: ``UnionError/Code/alreadyExists`` when `path` exists,
    ///   ``UnionError/Code/isADirectory`` for a directory `target`, and the errors of ``setMode(_:_:)``.
    public func hardLink(_ path: ArchivePath, to target: ArchivePath) throws {
        let clean = try Self.validate(path)
        guard try quiet.lookup(clean) == nil else {
            throw UnionError(.alreadyExists, "cannot create hard link \"/\(clean)\": File exists")
        }
        let (targetParent, targetName, entry) = try upperCopy(of: target)
        guard entry.kind != .directory else {
            throw UnionError(.isADirectory, "cannot hard link \"/\(entry.path)\": Is a directory")
        }
        let parent = try upperDirectory(of: clean)
        let name = clean.lastComponent ?? []
        try removeWhiteout(of: name, in: parent)
        guard linkat(targetParent.rawValue, cName(targetName), parent.rawValue, cName(name), 0) == 0 else {
            throw UnionError.system("linkat", path: parent.child(name))
        }
        try parent.setTime(modificationTime)
    }

    /// The upper folder's copy of the entry at `path`, copied up from its lower layer if needed.
    /// - Returns: the upper parent directory, the entry's name in it, and the entry as it was.
    func upperCopy(of path: ArchivePath) throws -> (parent: OpenFile, name: [UInt8], entry: MergedEntry) {
        let clean = try Self.validate(path)
        guard let entry = try quiet.lookup(clean) else {
            throw UnionError(.notFound, "\"/\(clean)\": No such file or directory")
        }
        let parent = try upperDirectory(of: clean)
        let name = clean.lastComponent ?? []
        guard entry.layer != upperIndex else { return (parent, name, entry) }
        switch entry.kind {
        case .regular: try copyUp(entry, into: parent, name: name)
        case .directory: _ = try copyUpDirectory(entry, into: parent, name: name)
        case .symlink: try copyUpSymlink(entry, into: parent, name: name)
        case .characterDevice, .blockDevice, .fifo, .socket:
            throw UnionError(.notARegularFile, "cannot copy up \"/\(clean)\": it is a \(entry.kind)")
        }
        return (parent, name, entry)
    }

    /// Recreates a lower layer's symlink in the upper folder with its owner and time.
    private func copyUpSymlink(_ entry: MergedEntry, into parent: OpenFile, name: [UInt8]) throws {
        let parentTime = try parent.modificationTime()
        guard let target = entry.linkTarget,
            symlinkat(cName(target.bytes), parent.rawValue, cName(name)) == 0
        else { throw UnionError.system("symlinkat", path: parent.child(name)) }
        if geteuid() == 0, let uid = uid_t(exactly: entry.uid), let gid = gid_t(exactly: entry.gid) {
            guard fchownat(parent.rawValue, cName(name), uid, gid, AT_SYMLINK_NOFOLLOW) == 0 else {
                throw UnionError.system("fchownat", path: parent.child(name))
            }
        }
        try parent.setTime(entry.modificationTime, of: name)
        trace?.emit(.copyUp(path: entry.path.description, fromLayer: entry.layer))
        try parent.setTime(parentTime)
    }
}
