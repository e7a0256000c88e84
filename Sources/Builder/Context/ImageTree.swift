import Archive
import UnionFS

/// An image's or a finished stage's files, for `COPY --from`: its merged layers.
struct ImageTree: FileTree {
    let view: UnionView

    func entry(_ path: String) throws -> SourceEntry? {
        try view.lookup(path).flatMap(Self.sourceEntry)
    }

    func children(of directory: SourceEntry) throws -> [SourceEntry] {
        try view.list(ArchivePath(directory.path)).compactMap(Self.sourceEntry)
    }

    func contents(of file: SourceEntry) throws -> [UInt8] {
        guard let entry = try view.lookup(file.path) else { return [] }
        return try view.contents(of: entry)
    }

    /// Regular files, folders and symlinks; devices and fifos are left out, as a copy skips them.
    private static func sourceEntry(_ entry: MergedEntry) -> SourceEntry? {
        let kind: SourceEntry.Kind
        switch entry.kind {
        case .regular: kind = .regular
        case .directory: kind = .directory
        case .symlink: kind = .symlink
        default: return nil
        }
        return SourceEntry(
            path: entry.path.description, kind: kind, mode: entry.mode, uid: entry.uid, gid: entry.gid,
            size: entry.size, modificationTime: entry.modificationTime, linkTarget: entry.linkTarget?.description)
    }
}
