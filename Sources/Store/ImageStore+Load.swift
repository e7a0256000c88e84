import Archive
import Foundation
import OCI
import Trace

/// One image `load` brought in.
public struct LoadedImage: Sendable, Equatable {
    public var id: Digest
    public var references: [Reference]
    /// The images the load took a name from, by that name (Docker says it renamed them).
    public var untaggedFrom: [Reference: Digest] = [:]
}

extension ImageStore {
    /// The largest manifest, index or config `load` reads (R-L2).
    static let documentLimit = 4 << 20

    /// `docker load`: reads an OCI image layout or a Docker archive (folder, tar, or gzip'd tar).
    ///
    /// Every blob is hashed before it is believed (R-S1), each layer must hash to the diff ID its config
    /// promises (R-D4), and nothing is tagged until every image of the archive is in.
    public func load(from path: String) throws(StoreError) -> [LoadedImage] {
        try operation(.load, arguments: ["-i", path]) { (op) throws(StoreError) in
            var state = try readState()
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
                throw StoreError(.invalidInput, "open \(path): no such file or directory")
            }
            var folder = path
            var unpacked: String?
            defer { unpacked.map { try? FileSystem.remove($0) } }
            if !isFolder.boolValue {
                let staging = try FileSystem.makeStagingFolder(in: layout.temporary, prefix: "load")
                unpacked = staging
                try Self.unpack(archive: path, into: staging)
                folder = staging
            }
            let plans = try ArchiveReader(folder: folder).images()
            let loaded = try undoingOnFailure(&state) { (state) throws(StoreError) in
                try plans.map { (plan) throws(StoreError) in
                    LoadedImage(
                        id: try load(plan, ownsFiles: unpacked != nil, state: &state, op: op),
                        references: plan.references)
                }
            }
            var named: [LoadedImage] = []
            for var image in loaded {
                for reference in image.references {
                    if let previous = state.tags.image(for: reference), previous != image.id {
                        image.untaggedFrom[reference] = previous
                    }
                    try addTag(reference, to: image.id, state: &state, op: op)
                }
                op.emit(.imageLoaded(id: image.id, references: image.references))
                named.append(image)
            }
            return named
        }
    }

    /// - Parameter ownsFiles: whether the plan's files are the load's own (an archive it unpacked),
    ///   which the store may link to rather than copy.
    private func load(_ plan: ArchiveReader.ImagePlan, ownsFiles: Bool, state: inout StoreState, op: TraceOperation)
        throws(StoreError) -> Digest
    {
        let config = try Self.decodeConfig(plan.configBytes, source: plan.source, layerCount: plan.layers.count)
        var parent: LayerRecord?
        for (index, layer) in plan.layers.enumerated() {
            do {
                let source = try FileSource(path: layer.path)
                let blob: LayerBlob =
                    layer.descriptor.flatMap { $0.mediaType.layerCompression == .gzip ? $0 : nil }
                    .map { .keep(path: layer.path, descriptor: $0, owned: ownsFiles) } ?? .compress
                if case .compress = blob, let descriptor = layer.descriptor {
                    try Self.verify(file: layer.path, against: descriptor)
                }
                parent = try registerLayer(
                    from: source, parent: parent, blob: blob, expectedDiffID: config.rootfs.diffIDs[index],
                    state: &state, op: op)
            } catch let error as StoreError {
                throw StoreError(error.code, "\(plan.source), layer \(index + 1): \(error.message)", cause: error)
            } catch {
                throw StoreError(.invalidInput, "\(plan.source), layer \(index + 1): \(error)", cause: error)
            }
        }
        return try storeImage(configBytes: plan.configBytes, config: config, parent: nil, state: &state, op: op)
    }

    /// Hashes a whole file and refuses it unless it is exactly what `descriptor` says (R-S1).
    static func verify(file path: String, against descriptor: Descriptor) throws(StoreError) {
        do {
            var source = DigestingSource(try FileSource(path: path), algorithm: descriptor.digest.algorithm)
            try source.drain()
            guard source.digest == descriptor.digest, source.count == descriptor.size else {
                throw StoreError(
                    .invalidInput,
                    "blob \(descriptor.digest): content has \(source.count) bytes hashing to \(source.digest), "
                        + "expected \(descriptor.size) bytes")
            }
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(.io, "cannot read \(path): \(error)", cause: error)
        }
    }

    /// Unpacks a (possibly gzip'd) tar archive into a folder, safely (nothing lands outside it).
    static func unpack(archive path: String, into folder: String) throws(StoreError) {
        do {
            var raw = try FileSource(path: path)
            let head = try raw.readPrefix(Compression.sniffLength)
            let input = PrefixedSource(prefix: head, base: raw)
            var extractor = LayerExtractor(root: folder)
            extractor.refusesSpecialFiles = true
            switch try Compression.detect(prefix: head) {
            case .gzip:
                var reader = TarReader(try GzipDecompressingSource(input))
                _ = try extractor.apply(&reader)
            case .none:
                var reader = TarReader(input)
                _ = try extractor.apply(&reader)
            }
        } catch {
            throw StoreError(.invalidInput, "\(path) is not a valid image archive: \(error)", cause: error)
        }
    }
}
