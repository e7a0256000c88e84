import Archive
import Foundation
import OCI
import Store
import Trace

extension ContainerFilesystem {
    /// The container's read-write layer over its image's merged layers.
    /// - Parameters:
    ///   - modificationTime: the time for new and changed entries.
    ///   - trace: where copy-ups and whiteouts are reported.
    public func layer(modificationTime: TarTime = TarTime(seconds: 0), trace: TraceOperation? = nil) -> ContainerLayer {
        ContainerLayer(
            lower: UnionView(layers: lowerFolders, trace: trace), upper: upperFolder,
            modificationTime: modificationTime, trace: trace)
    }
}

extension ContainerStore {
    /// `docker diff`: what the container added, changed and deleted, sorted by path.
    /// - Throws: ``StoreError`` for an unknown container, ``UnionError`` for failed system calls.
    public func changes(of nameOrID: String) throws -> [Change] {
        try withFilesystem(nameOrID) { try $0.layer().changes() }
    }

    /// `docker commit`: the container's read-write layer, as an OCI layer tar, becomes the top
    /// layer of a new image whose classic parent is the container's image.
    /// - Returns: the new image's ID.
    /// - Throws: ``StoreError`` (an unknown container or image, a bad `-c` change or name).
    public func commit(_ nameOrID: String, options: CommitOptions = CommitOptions()) throws(StoreError)
        -> Digest
    {
        try commit(nameOrID, options: options) { filesystem, path in
            var writer = TarWriter(try FileSink(path: path, permissions: 0o600))
            try filesystem.layer().writeLayerTar(to: &writer)
            try writer.sink.sync()
            try writer.sink.close()
        }
    }

    /// `docker export`: the container's merged root file system as a tar written to `writer`
    /// (finished). Symlinks are written as links and never followed (R-X8); files that are hard
    /// links of each other in one layer become one file and hard link entries.
    /// - Throws: ``StoreError`` for an unknown container, ``UnionError`` or ``ArchiveError``.
    public func export(_ nameOrID: String, to writer: inout TarWriter<some ByteSink>) throws {
        try withFilesystem(nameOrID) { filesystem in
            try filesystem.layer().merged.writeTar(to: &writer)
        }
    }
}

extension UnionView {
    /// Writes the merged tree as a tar, in ``walk(_:)`` order, and finishes it.
    /// - Throws: ``UnionError`` for failed system calls, ``ArchiveError`` from the writer.
    public func writeTar(to writer: inout TarWriter<some ByteSink>) throws {
        var firstPaths: [LinkKey: ArchivePath] = [:]
        try walk { (entry: MergedEntry) throws in
            var tar = TarEntry(
                path: entry.path, kind: .regular, mode: entry.mode, uid: entry.uid, gid: entry.gid,
                modificationTime: entry.modificationTime.truncatedToSeconds, deviceMajor: entry.deviceMajor,
                deviceMinor: entry.deviceMinor)
            switch entry.kind {
            case .regular:
                let key = LinkKey(layer: entry.layer, inode: entry.inode)
                if entry.linkCount > 1, let first = firstPaths[key] {
                    tar.kind = .hardlink
                    tar.linkTarget = first
                    try writer.append(tar)
                    return
                }
                if entry.linkCount > 1 { firstPaths[key] = entry.path }
                tar.size = entry.size
                try writer.append(tar)
                let file = try open(entry)
                try withExtendedLifetime(file) {
                    var source = FileSource(fileDescriptor: file.rawValue, owned: false, path: file.display)
                    try writer.writeContent(from: &source)
                }
                return
            case .directory: tar.kind = .directory
            case .symlink:
                tar.kind = .symlink
                tar.linkTarget = entry.linkTarget
            case .characterDevice: tar.kind = .characterDevice
            case .blockDevice: tar.kind = .blockDevice
            case .fifo: tar.kind = .fifo
            case .socket: return  // tar has no sockets; moby's archive skips them too
            }
            try writer.append(tar)
        }
        try writer.finish()
    }
}

/// A file in one layer's folder: what makes two merged entries hard links of each other.
private struct LinkKey: Hashable {
    var layer: Int
    var inode: UInt64
}
