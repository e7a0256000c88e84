import Archive
import Foundation
import OCI
import Trace

/// How the compressed blob of a new layer comes to be.
enum LayerBlob {
    /// Compress the tar into a new gzip blob while it is extracted (import, uncompressed loads).
    case compress
    /// Keep the blob the layer arrived as, so a load or pull followed by a push keeps every digest.
    /// The blob file is hashed while it streams and refused unless it matches `descriptor` (R-S1).
    /// A file the operation `owns` (it downloaded or unpacked it) is linked into `blobs/`
    /// (``FileSystem/adopt(_:to:permissions:)``); any other (in a folder the user named) is copied.
    case keep(path: String, descriptor: Descriptor, owned: Bool = false)
}

extension ImageStore {
    /// Registers a layer tar (plain or gzip) on top of `parent`, or finds the layer already stored.
    ///
    /// In one pass the tar is hashed (its diff ID) and extracted into a staging `diff/` folder, and
    /// (for ``LayerBlob/compress``) compressed into the blob it will travel as. Nothing is visible
    /// until the layer record is renamed into `layerdb/` (R-S2); a refused tar leaves no folder and
    /// no record (R-X10).
    /// - Parameter expectedDiffID: the diff ID a config promises; a tar that hashes otherwise is refused (R-D4).
    func registerLayer(
        from source: some ByteSource,
        parent: LayerRecord?,
        blob: LayerBlob = .compress,
        expectedDiffID: Digest? = nil,
        state: inout StoreState,
        op: TraceOperation
    ) throws(StoreError) -> LayerRecord {
        if let parent, state.chain(from: parent.chainID).count >= Self.maximumLayerDepth {
            throw Self.tooDeep(state.chain(from: parent.chainID).count + 1)
        }
        let staging = try FileSystem.makeStagingFolder(in: layout.temporary, prefix: "layer")
        defer { try? FileSystem.remove(staging) }
        let diffFolder = staging + "/diff"
        try FileSystem.makeFolder(diffFolder)

        let extracted: Extracted
        do {
            extracted = try Self.extract(
                source, blob: blob, into: diffFolder, blobPath: staging + "/blob", limit: limits.expandedLayerBytes)
        } catch let error as StoreError {
            throw error
        } catch let error as ArchiveError where error.code == .limitExceeded {
            throw StoreError(
                .invalidInput,
                "invalid layer: it expands to more than \(limits.expandedLayerBytes) bytes, the limit set against "
                    + "decompression bombs; raise it with --max-layer-size SIZE if the layer is meant to be this large",
                cause: error)
        } catch {
            throw StoreError(.invalidInput, "invalid layer: \(error)", cause: error)
        }
        if let expectedDiffID, expectedDiffID != extracted.diffID {
            throw StoreError(
                .invalidInput,
                "layer content hashes to \(extracted.diffID), but the image config says its diff ID is \(expectedDiffID)"
            )
        }

        let chainID =
            parent.map { Digest.sha256(of: Array("\($0.chainID) \(extracted.diffID)".utf8)) } ?? extracted.diffID
        if let existing = state.layers[chainID] {
            op.emit(.layerReused(existing.info, sharedWith: state.users(of: chainID)))
            return existing
        }
        let cacheID = CacheID.random()
        try FileSystem.makeFolder(layout.layerData(cacheID))
        try FileSystem.move(diffFolder, to: layout.diff(cacheID))
        try storeBlob(extracted.blob, stagedAt: staging + "/blob", keeping: blob, op: op)

        let layer = LayerRecord(
            chainID: chainID, diffID: extracted.diffID, parent: parent?.chainID, size: extracted.size,
            cacheID: cacheID, blob: extracted.blob)
        try writeLayerRecord(layer)
        state.layers[chainID] = layer
        op.emit(.layerRegistered(layer.info))
        return layer
    }

    /// The most layers one image may stack: moby's layer store refuses a 126th (`maxLayerDepth`),
    /// since the kernel's overlayfs takes only so many lower folders (R-L2).
    public static let maximumLayerDepth = 125

    static func tooDeep(_ count: Int) -> StoreError {
        StoreError(
            .invalidInput,
            "max depth exceeded: the image would have \(count) layers, and Docker stacks at most \(maximumLayerDepth)")
    }

    /// The gzip level of the blobs the store makes itself (import, commit, build, loads of plain
    /// tars). zlib's fastest: `make bench` measured level 6 at 11 MB/s on half-random layers, so a
    /// 200 MiB `load` took 18 s, where level 1 runs at 50 MB/s for blobs 2% larger. Docker keeps no
    /// blob after a load and compresses when it pushes; the store compresses once, up front.
    static let layerCompressionLevel = 1

    struct Extracted {
        var diffID: Digest
        var size: Int64
        var blob: Descriptor
    }

    static func extract(
        _ source: some ByteSource,
        blob: LayerBlob,
        into folder: String,
        blobPath: String,
        limit: Int64
    ) throws -> Extracted {
        switch blob {
        case .compress:
            let sink = try GzipCompressingSink(
                DigestingSink(try FileSink(path: blobPath, permissions: 0o400)), level: layerCompressionLevel)
            var (diffID, size, compressed) = try extract(source, into: folder, copyingTo: sink, limit: limit)
            try compressed.finish()
            try compressed.base.base.sync()
            return Extracted(
                diffID: diffID, size: size,
                blob: Descriptor(mediaType: .ociLayerGzip, digest: compressed.base.digest, size: compressed.base.count))
        case .keep(_, let descriptor, _):
            var verified = SharedSource(DigestingSource(source, algorithm: descriptor.digest.algorithm))
            let (diffID, size, _) = try extract(verified, into: folder, copyingTo: DiscardingSink(), limit: limit)
            try verified.drain()
            guard verified.base.digest == descriptor.digest, verified.base.count == descriptor.size else {
                throw StoreError(
                    .invalidInput,
                    "blob \(descriptor.digest) has \(verified.base.count) bytes hashing to \(verified.base.digest); "
                        + "expected \(descriptor.size) bytes")
            }
            return Extracted(diffID: diffID, size: size, blob: descriptor)
        }
    }

    /// Sniffs the compression, then hashes and extracts the tar, copying the uncompressed bytes to `sink`.
    private static func extract<Sink: ByteSink>(
        _ source: some ByteSource,
        into folder: String,
        copyingTo sink: Sink,
        limit: Int64
    ) throws -> (diffID: Digest, size: Int64, sink: Sink) {
        var raw = source
        let head = try raw.readPrefix(Compression.sniffLength)
        let input = PrefixedSource(prefix: head, base: raw)
        switch try Compression.detect(prefix: head) {
        case .gzip:
            return try extractTar(
                GzipDecompressingSource(input, maxOutputBytes: limit), into: folder, copyingTo: sink)
        case .none:
            return try extractTar(input, into: folder, copyingTo: sink)
        }
    }

    private static func extractTar<Sink: ByteSink>(
        _ tar: some ByteSource,
        into folder: String,
        copyingTo sink: Sink
    ) throws -> (diffID: Digest, size: Int64, sink: Sink) {
        var reader = TarReader(DigestingSource(TeeSource(base: tar, sink: sink)))
        let summary = try LayerExtractor(root: folder).apply(&reader)
        try reader.drainTrailer()
        return (reader.source.digest, summary.bytes, reader.source.base.sink)
    }

    /// Moves a staged blob into `blobs/` unless the store already has it (R-S1: never overwritten).
    private func storeBlob(_ blob: Descriptor, stagedAt path: String, keeping: LayerBlob, op: TraceOperation)
        throws(StoreError)
    {
        let present = FileSystem.exists(layout.blob(blob.digest))
        if !present {
            switch keeping {
            case .compress: try FileSystem.move(path, to: layout.blob(blob.digest))
            case .keep(let original, _, let owned):
                if owned {
                    try FileSystem.adopt(original, to: layout.blob(blob.digest))
                } else {
                    try FileSystem.copy(original, to: layout.blob(blob.digest))
                }
            }
        }
        op.emit(
            .blobStored(
                BlobInfo(digest: blob.digest, size: blob.size, mediaType: blob.mediaType, alreadyPresent: present)))
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

    /// A blob's descriptor as `descriptor.json` holds it.
    static func encodeDescriptor(_ descriptor: Descriptor) throws(StoreError) -> [UInt8] {
        do {
            return try encode(descriptor)
        } catch {
            throw StoreError(.io, "cannot encode the descriptor of \(descriptor.digest): \(error)", cause: error)
        }
    }

    /// The diff ID a layer blob holds: the digest of its tar, decompressed as it is stored, with
    /// nothing extracted.
    static func diffID(ofBlob path: String, limit: Int64) throws -> Digest {
        var raw = try FileSource(path: path)
        let head = try raw.readPrefix(Compression.sniffLength)
        let input = PrefixedSource(prefix: head, base: raw)
        switch try Compression.detect(prefix: head) {
        case .gzip:
            var tar = DigestingSource(try GzipDecompressingSource(input, maxOutputBytes: limit))
            try tar.drain()
            return tar.digest
        case .none:
            var tar = DigestingSource(input)
            try tar.drain()
            return tar.digest
        }
    }

    /// JSON as layerlab writes it: sorted keys, so equal values give equal bytes and equal digests.
    static func encode(_ value: some Encodable) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Array(try encoder.encode(value))
    }
}
