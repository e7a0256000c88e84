import Archive
import Foundation
import OCI
import Trace

extension ImageStore {
    /// Registers a layer tar (plain or gzip) on top of `parent`, or finds the layer already stored.
    ///
    /// In one pass the tar is hashed (its diff ID), extracted into a staging `diff/` folder and
    /// compressed into the blob it will travel as. Nothing is visible until the layer record is
    /// renamed into `layerdb/` (R-S2); a refused tar leaves no folder and no record (R-X10).
    func registerLayer(
        from source: some ByteSource,
        parent: LayerRecord?,
        state: inout StoreState,
        op: TraceOperation
    ) throws(StoreError) -> LayerRecord {
        let staging = try FileSystem.makeStagingFolder(in: layout.temporary, prefix: "layer")
        defer { try? FileSystem.remove(staging) }
        let diffFolder = staging + "/diff"
        try FileSystem.makeFolder(diffFolder)

        let diffID: Digest
        let blobDigest: Digest
        let blobSize: Int64
        let size: Int64
        do {
            var raw = source
            let head = try raw.readPrefix(6)
            let compression = try Compression.detect(prefix: head)
            let input = PrefixedSource(prefix: head, base: raw)
            let blobSink = GzipCompressingSink(DigestingSink(try FileSink(path: staging + "/blob")))
            var result =
                switch compression {
                case .gzip: try Self.extract(GzipDecompressingSource(input), into: diffFolder, copyingTo: blobSink)
                case .none: try Self.extract(input, into: diffFolder, copyingTo: blobSink)
                }
            try result.blobSink.finish()
            try result.blobSink.base.base.sync()
            diffID = result.diffID
            size = result.size
            blobDigest = result.blobSink.base.digest
            blobSize = result.blobSink.base.count
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(.invalidInput, "invalid layer tar: \(error)", cause: error)
        }

        let chainID = parent.map { Digest.sha256(of: Array("\($0.chainID) \(diffID)".utf8)) } ?? diffID
        if let existing = state.layers[chainID] {
            op.emit(.layerReused(existing.info, sharedWith: state.users(of: chainID)))
            return existing
        }
        let cacheID = CacheID.random()
        try FileSystem.makeFolder(layout.layerData(cacheID))
        try FileSystem.move(diffFolder, to: layout.diff(cacheID))
        let blob = Descriptor(mediaType: .ociLayerGzip, digest: blobDigest, size: blobSize)
        let blobPresent = FileSystem.exists(layout.blob(blobDigest))
        if !blobPresent {
            chmod(staging + "/blob", 0o400)
            try FileSystem.move(staging + "/blob", to: layout.blob(blobDigest))
        }
        op.emit(.blobStored(BlobInfo(digest: blobDigest, size: blobSize, mediaType: blob.mediaType, alreadyPresent: blobPresent)))

        let layer = LayerRecord(
            chainID: chainID, diffID: diffID, parent: parent?.chainID, size: size, cacheID: cacheID, blob: blob)
        try writeLayerRecord(layer)
        state.layers[chainID] = layer
        op.emit(.layerRegistered(layer.info))
        return layer
    }

    private static func extract<Source: ByteSource, Sink: ByteSink>(
        _ source: Source,
        into folder: String,
        copyingTo sink: Sink
    ) throws -> (diffID: Digest, size: Int64, blobSink: Sink) {
        var reader = TarReader(TeeSource(base: DigestingSource(source), sink: sink))
        let summary = try LayerExtractor().extract(&reader, into: folder)
        var tee = reader.source
        try tee.drain()
        return (tee.base.digest, summary.bytes, tee.sink)
    }

    /// Writes `layerdb/sha256/<chain id>/` in a staging folder and renames it into place: the commit point.
    private func writeLayerRecord(_ layer: LayerRecord) throws(StoreError) {
        let staging = try FileSystem.makeStagingFolder(in: layout.layerDB, prefix: ".tmp-\(layer.chainID.shortID)")
        var files: [(String, String)] = [
            ("diff", layer.diffID.description),
            ("size", String(layer.size)),
            ("cache-id", layer.cacheID.value),
        ]
        if let parent = layer.parent { files.append(("parent", parent.description)) }
        if let blob = layer.blob, let json = try? Self.encode(blob) {
            files.append(("descriptor.json", String(decoding: json, as: UTF8.self)))
        }
        for (name, contents) in files {
            try FileSystem.writeAtomically(contents, to: staging + "/" + name)
        }
        try FileSystem.move(staging, to: layout.layer(layer.chainID))
    }

    /// JSON as layerlab writes it: sorted keys, so equal values give equal bytes and equal digests.
    static func encode(_ value: some Encodable) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Array(try encoder.encode(value))
    }
}
