import Archive
import Foundation
import OCI
import Trace

extension ImageStore {
    /// `docker save`: writes images, their layers and names to a folder or a tar archive.
    /// - Parameters:
    ///   - names: images by name or ID; the names given are the names the archive carries.
    ///   - destination: a tar file, or a folder when `asFolder` is true.
    /// - Returns: the IDs of the saved images.
    @discardableResult
    public func save(
        _ names: [String],
        to destination: String,
        format: ImageArchiveFormat = .docker,
        asFolder: Bool = false
    ) throws(StoreError) -> [Digest] {
        try operation(.save, arguments: names + ["-o", destination], mode: .shared) { (op) throws(StoreError) in
            let state = try readState()
            var images: [(record: ImageRecord, references: [Reference])] = []
            for name in names {
                let id = try Self.resolve(name, in: state)
                let named = Self.isImageIDPrefix(id, name) ? nil : try? Reference.parseDocker(name)
                if let index = images.firstIndex(where: { $0.record.id == id }) {
                    if let named { images[index].references.append(named) }
                } else {
                    images.append((try state.record(id), named.map { [$0] } ?? []))
                }
            }
            let parent = (destination as NSString).deletingLastPathComponent
            let staging = try FileSystem.makeStagingFolder(
                in: parent.isEmpty ? "." : parent, prefix: ".layerlab-save")
            defer { try? FileSystem.remove(staging) }
            let layoutFolder = asFolder ? staging : staging + "/layout"
            try writeLayout(images, format: format, into: layoutFolder)
            if asFolder {
                try FileSystem.remove(destination)
                try FileSystem.move(layoutFolder, to: destination)
            } else {
                try Self.archive(folder: layoutFolder, to: staging + "/archive.tar")
                try FileSystem.move(staging + "/archive.tar", to: destination)
            }
            let ids = images.map(\.record.id)
            op.emit(.imagesSaved(format: format.rawValue, destination: destination, images: ids))
            return ids
        }
    }

    private func writeLayout(
        _ images: [(record: ImageRecord, references: [Reference])],
        format: ImageArchiveFormat,
        into folder: String
    ) throws(StoreError) {
        let blobs = folder + "/blobs/sha256"
        try FileSystem.makeFolder(blobs)
        var index = Index(manifests: [])
        var dockerManifest: [DockerArchiveManifestEntry] = []
        // Docker 25+ still writes the legacy `repositories` file: familiar name → tag → top layer's diff ID.
        var repositories: [String: [String: String]] = [:]
        for (record, references) in images {
            let configBytes = try FileSystem.read(layout.config(record.id))
            try writeBlob(configBytes, digest: record.id, into: blobs)
            var layers: [Descriptor] = []
            for layer in record.layers {
                layers.append(try exportLayer(layer, format: format, into: blobs))
            }
            let manifest = Manifest(
                config: Descriptor(mediaType: .ociConfig, digest: record.id, size: Int64(configBytes.count)),
                layers: layers)
            let manifestBytes = try Self.encodeDocument(manifest)
            let manifestDigest = Digest.sha256(of: manifestBytes)
            try writeBlob(manifestBytes, digest: manifestDigest, into: blobs)
            let descriptor = Descriptor(
                mediaType: .ociManifest, digest: manifestDigest, size: Int64(manifestBytes.count))
            if references.isEmpty {
                index.manifests.append(descriptor)
            }
            for reference in references {
                var named = descriptor
                named.annotations = [
                    Descriptor.imageNameAnnotation: reference.description,
                    Descriptor.refNameAnnotation: reference.tag ?? reference.description,
                ]
                index.manifests.append(named)
            }
            for reference in references {
                if let tag = reference.tag, let top = record.layers.last {
                    repositories[reference.familiarName, default: [:]][tag] = top.diffID.encoded
                }
            }
            dockerManifest.append(
                DockerArchiveManifestEntry(
                    Config: "blobs/sha256/\(record.id.encoded)",
                    RepoTags: references.isEmpty ? nil : references.map(\.familiarString),
                    Layers: layers.map { "blobs/sha256/\($0.digest.encoded)" }))
        }
        try FileSystem.writeAtomically(
            try Self.encodeDocument(OCILayoutMarker()), to: folder + "/oci-layout", permissions: 0o644)
        try FileSystem.writeAtomically(try Self.encodeDocument(index), to: folder + "/index.json", permissions: 0o644)
        if format == .docker {
            try FileSystem.writeAtomically(
                try Self.encodeDocument(dockerManifest), to: folder + "/manifest.json", permissions: 0o644)
            if !repositories.isEmpty {
                try FileSystem.writeAtomically(
                    try Self.encodeDocument(repositories) + [0x0A], to: folder + "/repositories", permissions: 0o644)
            }
        }
        for shared in [folder, folder + "/blobs", blobs] { chmod(shared, 0o755) }
    }

    /// Writes a layer's blob into the layout: the stored compressed blob (OCI), or the uncompressed
    /// tar (Docker), checked against the layer's diff ID as it is written.
    private func exportLayer(_ layer: LayerRecord, format: ImageArchiveFormat, into blobs: String) throws(StoreError)
        -> Descriptor
    {
        guard let blob = layer.blob else {
            throw StoreError(.corrupt, "layer \(layer.chainID) has no blob in the store; it cannot be saved")
        }
        switch format {
        case .oci:
            let target = blobs + "/" + blob.digest.encoded
            if !FileSystem.exists(target) {
                try FileSystem.copy(layout.blob(blob.digest), to: target, permissions: 0o644)
            }
            return blob
        case .docker:
            let target = blobs + "/" + layer.diffID.encoded
            do {
                var source = try GzipDecompressingSource(try FileSource(path: layout.blob(blob.digest)))
                var sink = DigestingSink(try FileSink(path: target, permissions: 0o644))
                _ = try source.copy(to: &sink)
                guard sink.digest == layer.diffID else {
                    throw StoreError(
                        .corrupt, "blob \(blob.digest) of layer \(layer.chainID) no longer matches its diff ID")
                }
                return Descriptor(mediaType: .ociLayer, digest: layer.diffID, size: sink.count)
            } catch let error as StoreError {
                throw error
            } catch {
                throw StoreError(.io, "cannot export layer \(layer.chainID): \(error)", cause: error)
            }
        }
    }

    private func writeBlob(_ bytes: [UInt8], digest: Digest, into blobs: String) throws(StoreError) {
        try FileSystem.writeAtomically(bytes, to: blobs + "/" + digest.encoded, permissions: 0o644)
    }

    static func encodeDocument(_ value: some Encodable) throws(StoreError) -> [UInt8] {
        do {
            return try encode(value)
        } catch {
            throw StoreError(.invalidInput, "cannot encode a document", cause: error)
        }
    }

    /// Writes a folder as a tar archive with fixed owners and times, so saving twice gives the same bytes.
    static func archive(folder: String, to path: String) throws(StoreError) {
        do {
            var writer = TarWriter(try FileSink(path: path, permissions: 0o644))
            let archiver = DirectoryArchiver(
                root: folder, modificationTime: TarTime(seconds: 0), owner: .init(uid: 0, gid: 0))
            _ = try archiver.write(to: &writer)
            try writer.finish()
            try writer.sink.sync()
            try writer.sink.close()
        } catch {
            throw StoreError(.io, "cannot write archive \(path): \(error)", cause: error)
        }
    }
}
