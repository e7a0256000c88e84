import Archive
import UnionFS

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writes entries of a ``FileTree`` into a container's read-write layer, as COPY and ADD do:
/// owner 0:0 unless `--chown`, the source's mode unless `--chmod`, and the source's time unless
/// builds are reproducible (SOURCE_DATE_EPOCH), when every entry gets that time. Existing entries
/// of the image are replaced through the union file system (copy-up, whiteouts).
struct LayerCopier {
    let layer: ContainerLayer
    let tree: any FileTree
    var owner: (uid: Int, gid: Int) = (0, 0)
    var chmod: UInt32?
    /// The time of every copied entry; `nil` keeps the source's.
    var time: TarTime?

    /// Copies `entry` to `destination`. A folder's contents go into `destination`, not the folder
    /// itself (Docker's rule for `COPY dir /dest`).
    func copy(_ entry: SourceEntry, to destination: ArchivePath) throws {
        var pending: [(SourceEntry, ArchivePath)] = [(entry, destination)]
        var folders: [(SourceEntry, ArchivePath)] = []
        while let (next, target) = pending.popLast() {
            switch next.kind {
            case .directory:
                try layer.makeFolders(target)
                folders.append((next, target))
                for child in try tree.children(of: next).reversed() {
                    pending.append((child, target.appending(Array(child.name.utf8))))
                }
            case .regular:
                try layer.makeFolders(target.parent)
                try replaceNonFile(at: target)
                try layer.write(target, contents: try tree.contents(of: next), mode: chmod ?? next.mode)
                try finish(next, at: target)
            case .symlink:
                try layer.makeFolders(target.parent)
                if try layer.merged.lookup(target) != nil { try layer.removeTree(target) }
                try layer.symlink(target, to: ArchivePath(next.linkTarget ?? ""))
                try finish(next, at: target)
            }
        }
        // Folder metadata last: copying their entries changed their times.
        for (folder, target) in folders.reversed() where !target.isRoot { try finish(folder, at: target) }
    }

    private func replaceNonFile(at target: ArchivePath) throws {
        guard let existing = try layer.merged.lookup(target), existing.kind != .regular else { return }
        try layer.removeTree(target)
    }

    private func finish(_ entry: SourceEntry, at target: ArchivePath) throws {
        if entry.kind != .symlink { try layer.setMode(target, chmod ?? entry.mode) }
        if geteuid() == 0 { try layer.setOwner(target, uid: owner.uid, gid: owner.gid) }
        try layer.setModificationTime(target, time ?? entry.modificationTime)
    }
}

extension ContainerLayer {
    /// `mkdir -p` as COPY, ADD and WORKDIR make folders: each missing one with mode 0755, owned by
    /// root; a non-folder in the way is replaced.
    func makeFolders(_ path: ArchivePath) throws {
        var walked = ArchivePath("")
        for component in path.components {
            walked = walked.appending(component)
            let existing = try merged.lookup(walked)
            if existing?.kind == .directory { continue }
            if existing != nil { try removeTree(walked) }
            try mkdir(walked, mode: 0o755)
        }
    }
}
