import Archive
import Foundation
import OCI

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reads what an image archive folder holds: an OCI image layout (`index.json`), or a Docker
/// archive (`manifest.json`, legacy or Docker 25's), as plans of images to load.
struct ArchiveReader {
    struct LayerFile {
        var path: String
        /// What the layout says the blob is; `nil` for a legacy Docker archive, whose layer files
        /// are checked only against the config's diff IDs.
        var descriptor: Descriptor?
    }

    struct ImagePlan {
        var source: String
        var configBytes: [UInt8]
        var layers: [LayerFile]
        var references: [Reference]
    }

    let folder: String
    /// How deep nested indexes may go before the layout is refused (R-L2).
    static let maxIndexDepth = 4

    func images() throws(StoreError) -> [ImagePlan] {
        if FileSystem.exists(folder + "/index.json") { return try ociImages() }
        if FileSystem.exists(folder + "/manifest.json") { return try dockerImages() }
        throw StoreError(
            .invalidInput,
            "\(folder) holds neither index.json (an OCI image layout) nor manifest.json (a Docker archive)")
    }

    // MARK: OCI image layout

    private func ociImages() throws(StoreError) -> [ImagePlan] {
        let index: Index = try decode(
            try FileSystem.read(try member("index.json"), limit: ImageStore.documentLimit), "index.json")
        var plans: [ImagePlan] = []
        for descriptor in index.manifests {
            guard let plan = try manifestPlan(descriptor, depth: 0) else { continue }
            let names = Self.references(of: descriptor)
            if let existing = plans.firstIndex(where: { $0.configBytes == plan.configBytes }) {
                plans[existing].references += names
            } else {
                var named = plan
                named.references = names
                plans.append(named)
            }
        }
        guard !plans.isEmpty else {
            throw StoreError(.invalidInput, "\(folder)/index.json lists no image for this platform")
        }
        return plans
    }

    /// The image a manifest or index descriptor leads to; an index picks the host's platform.
    private func manifestPlan(_ descriptor: Descriptor, depth: Int) throws(StoreError) -> ImagePlan? {
        guard depth <= Self.maxIndexDepth else {
            throw StoreError(.invalidInput, "\(folder): indexes nested deeper than \(Self.maxIndexDepth)")
        }
        let bytes = try blob(descriptor, limit: ImageStore.documentLimit)
        if descriptor.mediaType.isIndex {
            let index: Index = try decode(bytes, "blob \(descriptor.digest)")
            let host = Platform.host
            let chosen =
                index.manifests.first {
                    $0.platform.map { $0.os == host.os && $0.architecture == host.architecture } ?? false
                }
                ?? index.manifests.first { $0.platform == nil }
            guard let chosen else { return nil }
            return try manifestPlan(chosen, depth: depth + 1)
        }
        guard descriptor.mediaType.isManifest else {
            throw StoreError(.invalidInput, "\(folder): unsupported manifest media type \(descriptor.mediaType)")
        }
        let manifest: Manifest = try decode(bytes, "manifest \(descriptor.digest)")
        try Self.checkUnambiguous(bytes, descriptor: descriptor, manifest: manifest)
        let config = try blob(manifest.config, limit: ImageStore.documentLimit)
        let layers = try manifest.layers.map { (layer) throws(StoreError) -> LayerFile in
            guard layer.mediaType.layerCompression != nil else {
                throw StoreError(
                    .invalidInput, "manifest \(descriptor.digest): \(layer.mediaType) is not a layer media type")
            }
            guard layer.mediaType.layerCompression != .zstd else {
                throw StoreError(
                    .invalidInput, "layer \(layer.digest) is zstd-compressed, which layerlab does not read yet")
            }
            return LayerFile(path: try blobPath(layer.digest), descriptor: layer)
        }
        return ImagePlan(
            source: "manifest \(descriptor.digest.shortID)", configBytes: config, layers: layers, references: [])
    }

    /// R-D2: a manifest's own `mediaType` must agree with its descriptor, and it must not also carry `manifests`.
    private static func checkUnambiguous(_ bytes: [UInt8], descriptor: Descriptor, manifest: Manifest)
        throws(StoreError)
    {
        if let own = manifest.mediaType, own != descriptor.mediaType {
            throw StoreError(
                .invalidInput,
                "manifest \(descriptor.digest) says it is \(own) but its descriptor says \(descriptor.mediaType)")
        }
        if let object = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any],
            object["manifests"] != nil
        {
            throw StoreError(
                .invalidInput, "manifest \(descriptor.digest) also has \"manifests\": ambiguous document refused")
        }
    }

    /// The names an index entry carries: the full name containerd and Docker write, else a
    /// `ref.name` that is itself a full reference (a bare tag names no repository).
    private static func references(of descriptor: Descriptor) -> [Reference] {
        let annotations = descriptor.annotations ?? [:]
        for key in [Descriptor.imageNameAnnotation, Descriptor.refNameAnnotation] {
            if let name = annotations[key], name.contains("/") || name.contains(":"),
                let reference = try? Reference.parseDocker(name), reference.digest == nil
            {
                return [reference]
            }
        }
        return []
    }

    // MARK: Docker archive

    private func dockerImages() throws(StoreError) -> [ImagePlan] {
        let entries: [DockerArchiveManifestEntry] = try decode(
            try FileSystem.read(try member("manifest.json"), limit: ImageStore.documentLimit), "manifest.json")
        return try entries.map { (entry) throws(StoreError) -> ImagePlan in
            let configBytes = try FileSystem.read(try inside(entry.Config), limit: ImageStore.documentLimit)
            let references = try (entry.RepoTags ?? []).map { (tag) throws(StoreError) -> Reference in
                do {
                    return try Reference.parseDocker(tag)
                } catch {
                    throw StoreError(.invalidInput, "manifest.json: invalid RepoTag \"\(tag)\": \(error)")
                }
            }
            let layers = try entry.Layers.map { (path) throws(StoreError) in
                LayerFile(path: try inside(path), descriptor: nil)
            }
            return ImagePlan(source: entry.Config, configBytes: configBytes, layers: layers, references: references)
        }
    }

    // MARK: Files

    /// A verified blob of the layout: read with a size limit and hashed before it is used (R-S1).
    private func blob(_ descriptor: Descriptor, limit: Int) throws(StoreError) -> [UInt8] {
        guard descriptor.size >= 0, descriptor.size <= limit else {
            throw StoreError(
                .invalidInput, "blob \(descriptor.digest) declares \(descriptor.size) bytes; the limit is \(limit)")
        }
        let bytes = try FileSystem.read(try blobPath(descriptor.digest), limit: limit)
        var digester = Digester(descriptor.digest.algorithm)
        digester.update(bytes)
        guard digester.finalize() == descriptor.digest, bytes.count == descriptor.size else {
            throw StoreError(.invalidInput, "blob \(descriptor.digest) does not match its digest or size")
        }
        return bytes
    }

    private func blobPath(_ digest: Digest) throws(StoreError) -> String {
        try member("blobs/\(digest.algorithm.rawValue)/\(digest.encoded)", what: "blob \(digest)")
    }

    /// A path named inside `manifest.json`, refused if it leaves the archive.
    private func inside(_ relative: String) throws(StoreError) -> String {
        let components = relative.split(separator: "/")
        guard !relative.hasPrefix("/"), !components.contains(".."), !components.isEmpty else {
            throw StoreError(.invalidInput, "manifest.json names a path outside the archive: \(relative)")
        }
        return try member(relative)
    }

    /// The regular file `relative` names, found with the archive's folder as `/` (``ScopedPath``):
    /// a link in the archive (`docker save` shares a layer file between images with one) is
    /// followed, but never out of the archive (R-X8); and only a regular file is read, never a
    /// FIFO that would hang `load` or a device that would feed it endless bytes.
    private func member(_ relative: String, what: String? = nil) throws(StoreError) -> String {
        let name = what ?? relative
        let resolved: String?
        do {
            resolved = try ScopedPath.resolve(relative) { candidate in
                let path = folder + "/" + candidate
                var info = stat()
                guard lstat(path, &info) == 0 else { return .missing }
                guard info.st_mode & S_IFMT == S_IFLNK else { return .entry }
                return .symlink(target: try FileManager.default.destinationOfSymbolicLink(atPath: path))
            }
        } catch {
            throw StoreError(.invalidInput, "\(folder): \(name): \(error)", cause: error)
        }
        guard let resolved, !resolved.isEmpty else {
            throw StoreError(.invalidInput, "\(name) is missing from \(folder)")
        }
        let path = folder + "/" + resolved
        var info = stat()
        guard lstat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG else {
            throw StoreError(.invalidInput, "\(name) in \(folder) is not a regular file")
        }
        return path
    }

    private func decode<T: Decodable>(_ bytes: [UInt8], _ what: String) throws(StoreError) -> T {
        do {
            try DuplicateKeys.check(bytes)
            return try JSONDecoder().decode(T.self, from: Data(bytes))
        } catch {
            throw StoreError(.invalidInput, "\(folder): \(what) is not valid: \(error)", cause: error)
        }
    }
}
