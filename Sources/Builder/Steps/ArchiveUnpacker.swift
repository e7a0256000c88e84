import Archive
import Dockerfile
import UnionFS

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// ADD's unpacking of a local tar archive (plain or gzip) into the destination folder, through
/// the container's layer. Entries keep the archive's modes and owners; paths that climb out of
/// the destination are refused (R-X1).
struct ArchiveUnpacker {
    let layer: ContainerLayer
    let time: TarTime?

    /// The tar bytes of `bytes` when they are a tar archive, plain or gzip-compressed (the
    /// formats layerlab reads); `nil` for any other file, which ADD copies as it is.
    static func tarBytes(_ bytes: [UInt8]) throws -> [UInt8]? {
        var tar = bytes
        if bytes.starts(with: [0x1f, 0x8b]) {
            guard var gunzip = try? GzipDecompressingSource(BufferSource(bytes), maxOutputBytes: 1 << 30),
                let inflated = try? gunzip.readAll(limit: 1 << 30)
            else { return nil }
            tar = inflated
        }
        guard tar.count >= 512, Array(tar[257..<262]) == Array("ustar".utf8) else { return nil }
        return tar
    }

    func unpack(_ tar: [UInt8], into destination: ArchivePath, at location: SourceLocation) throws {
        var reader = TarReader(BufferSource(tar))
        var folders: [(ArchivePath, TarEntry)] = []
        do {
            while let entry = try reader.next() {
                let relative = try entry.path.normalized()
                guard !relative.isRoot else { continue }
                let target = destination.appending(path: relative)
                if try layer.merged.lookup(target) != nil, entry.kind != .directory { try layer.removeTree(target) }
                switch entry.kind {
                case .directory:
                    if try layer.merged.lookup(target)?.kind != .directory {
                        try layer.mkdir(target, mode: entry.mode)
                    }
                    folders.append((target, entry))
                    continue
                case .regular:
                    var sink = BufferSink()
                    try reader.readContent(into: &sink)
                    try layer.write(target, contents: sink.bytes, mode: entry.mode)
                case .symlink:
                    try layer.symlink(target, to: entry.linkTarget ?? ArchivePath(""))
                case .hardlink:
                    let linked = destination.appending(path: try (entry.linkTarget ?? ArchivePath("")).normalized())
                    try layer.hardLink(target, to: linked)
                default:
                    continue  // devices and fifos need privileges an ADD does not assume
                }
                try finish(target, entry)
            }
        } catch let error as BuildError {
            throw error
        } catch {
            throw BuildError(
                .invalidContext, "ADD failed: cannot unpack the archive: \(error)", at: location, cause: error)
        }
        for (target, entry) in folders.reversed() { try finish(target, entry) }
    }

    private func finish(_ target: ArchivePath, _ entry: TarEntry) throws {
        if entry.kind != .symlink { try layer.setMode(target, entry.mode) }
        if geteuid() == 0 { try layer.setOwner(target, uid: entry.uid, gid: entry.gid) }
        try layer.setModificationTime(target, time ?? entry.modificationTime)
    }
}

extension ArchivePath {
    /// This path with every component of `path` added.
    func appending(path: ArchivePath) -> ArchivePath {
        path.components.reduce(self) { $0.appending($1) }
    }
}
