import Archive

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

extension ContainerLayer {
    /// What `docker diff` prints for this container: added, changed and deleted paths, sorted.
    ///
    /// Decided as moby's `archive.OverlayChanges` (pkg/archive/changes.go) decides on overlay2,
    /// walking the upper folder only:
    /// - a whiteout `.wh.NAME` is `D NAME`;
    /// - an opaque directory that the lower layers also have is `D` (it was removed and made
    ///   again; its new entries follow as `A`);
    /// - an entry the lower layers show is `C`, except a directory whose mode and modification
    ///   time are unchanged (it is only there because something below it changed); else `A`;
    /// - the parents of an `A` or `D` are `C` when not listed yet (moby PR #13590).
    /// Lower layers are asked through the merged ``lower`` view, so a name a lower whiteout hid
    /// is new (moby checks each lower folder and its whiteouts, which gives the same answer).
    /// - Throws: ``UnionError`` for failed system calls.
    public func changes() throws -> [Change] {
        var changes: [Change] = []
        var changedDirectories = Set<ArchivePath>()
        var current = try OpenFile.directory(atPath: upper)
        var frames: [(path: ArchivePath, names: [[UInt8]], index: Int)] = [(ArchivePath(""), try current.names(), 0)]
        while let top = frames.last {
            try Task.checkCancellation()
            guard top.index < top.names.count else {
                frames.removeLast()
                if frames.isEmpty { break }
                current = try current.openParent()
                continue
            }
            frames[frames.count - 1].index += 1
            let name = top.names[top.index]
            guard name != NameResolution.opaqueMarker, let info = try current.status(name) else { continue }
            let path = top.path.appending(name)
            let isDirectory = info.st_mode & S_IFMT == S_IFDIR
            let change = try decide(
                name, path: path, isDirectory: isDirectory, info: info, in: current, parent: top.path)
            if let change {
                if isDirectory { changedDirectories.insert(path) }
                if change.kind != .changed {
                    var missing: [ArchivePath] = []
                    var ancestor = top.path
                    while !ancestor.isRoot {
                        if !changedDirectories.contains(ancestor) { missing.append(ancestor) }
                        ancestor = ancestor.parent
                    }
                    for directory in missing.reversed() {
                        changes.append(Change(.changed, directory))
                        changedDirectories.insert(directory)
                    }
                }
                changes.append(change)
            }
            if isDirectory {
                current = try current.openDirectory(name)
                frames.append((path, try current.names(), 0))
            }
        }
        return changes.sorted()
    }

    private func decide(
        _ name: [UInt8], path: ArchivePath, isDirectory: Bool, info: stat, in directory: OpenFile, parent: ArchivePath
    ) throws -> Change? {
        if NameResolution.isWhiteoutName(name) {
            return Change(.deleted, parent.appending(Array(name.dropFirst(NameResolution.whiteoutPrefix.count))))
        }
        // Untraced: listing changes is not a lookup a learner made.
        let before = try UnionView(layers: lower.layers).lookup(path)
        if isDirectory, before != nil, try directory.openDirectory(name).contains(NameResolution.opaqueMarker) {
            return Change(.deleted, path)
        }
        guard let before else { return Change(.added, path) }
        if isDirectory && before.kind == .directory {
            let mode = UInt32(info.st_mode) & 0o7777
            let time = TarTime(seconds: Int64(info.st_mtim.tv_sec), nanoseconds: Int32(info.st_mtim.tv_nsec))
            if mode == before.mode && Self.sameTime(time, before.modificationTime) { return nil }
        }
        return Change(.changed, path)
    }

    /// moby's `sameFsTime`: equal seconds, and equal nanoseconds unless one side has none
    /// (tar keeps whole seconds).
    private static func sameTime(_ a: TarTime, _ b: TarTime) -> Bool {
        a.seconds == b.seconds && (a.nanoseconds == b.nanoseconds || a.nanoseconds == 0 || b.nanoseconds == 0)
    }

    /// Writes the container's changes as an OCI layer tar and finishes the archive: the upper
    /// folder's entries depth first in byte order (parents first), whiteouts as `.wh.NAME`
    /// entries and opaque directories as a `.wh..wh..opq` entry, as image-spec layer.md
    /// describes. The same changes at the same ``modificationTime`` give the same bytes.
    /// - Throws: ``ArchiveError`` from the archiver or the sink.
    public func writeLayerTar(to writer: inout TarWriter<some ByteSink>) throws {
        var archiver = DirectoryArchiver(root: upper)
        archiver.headerStyle = .moby
        try archiver.write(to: &writer)
        try writer.finish()
    }
}
