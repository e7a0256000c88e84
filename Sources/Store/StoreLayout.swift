import OCI

/// Where each thing lives under a store's root, laid out like Docker's overlay2 graph driver
/// under `/var/lib/docker`, so `tree` on a layerlab store shows what the course describes.
///
/// Every name that becomes a path component is a validated type (``Digest``) or a cache ID this
/// store generated and checks (R-S3).
public struct StoreLayout: Sendable {
    /// The store's root folder.
    public let root: String

    public init(root: String) {
        self.root = root
    }

    var imageRoot: String { root + "/image/overlay2" }
    /// `image/overlay2/imagedb/content/sha256/<id>`: image configs, named by their digest.
    var imageContent: String { imageRoot + "/imagedb/content/sha256" }
    /// `image/overlay2/imagedb/metadata/sha256/<id>/`: classic parent links and tag times.
    var imageMetadata: String { imageRoot + "/imagedb/metadata/sha256" }
    /// `image/overlay2/layerdb/sha256/<chain id>/`: one folder a layer.
    var layerDB: String { imageRoot + "/layerdb/sha256" }
    /// `image/overlay2/repositories.json`: the tags.
    var repositories: String { imageRoot + "/repositories.json" }
    /// `image/overlay2/distribution/v2metadata-by-diffid/sha256/<diff ID>`: the blobs each diff
    /// is known to travel as, and where (``KnownBlob``).
    var distribution: String { imageRoot + "/distribution/v2metadata-by-diffid/sha256" }
    /// `overlay2/<cache id>/diff/`: each layer's files.
    var overlay: String { root + "/overlay2" }
    /// `blobs/sha256/<digest>`: compressed layers, configs and manifests as they travel.
    var blobs: String { root + "/blobs/sha256" }
    /// `containers/<id>/`.
    var containers: String { root + "/containers" }
    /// Staging on the same filesystem, so a rename can publish what was written.
    var temporary: String { root + "/tmp" }
    /// The lock file that serializes writers (R-S6).
    var lockFile: String { root + "/lock" }

    func config(_ id: Digest) -> String { "\(imageContent)/\(id.encoded)" }
    func metadata(_ id: Digest) -> String { "\(imageMetadata)/\(id.encoded)" }
    func layer(_ chainID: Digest) -> String { "\(layerDB)/\(chainID.encoded)" }
    func blob(_ digest: Digest) -> String { "\(blobs)/\(digest.encoded)" }
    func knownBlobs(_ diffID: Digest) -> String { "\(distribution)/\(diffID.encoded)" }
    func layerData(_ cacheID: CacheID) -> String { "\(overlay)/\(cacheID.value)" }
    func diff(_ cacheID: CacheID) -> String { "\(overlay)/\(cacheID.value)/diff" }

    /// `path` relative to the store's root, as reports name entries.
    func relative(_ path: String) -> String {
        path.hasPrefix(root + "/") ? String(path.dropFirst(root.count + 1)) : path
    }

    /// Every folder a fresh store needs.
    var folders: [String] {
        [imageContent, imageMetadata, layerDB, distribution, mounts, overlay, blobs, containers, temporary]
    }
}

/// The name of a layer's folder under `overlay2/`: 64 random hex characters, as Docker's.
public struct CacheID: Hashable, Sendable, CustomStringConvertible {
    public let value: String

    /// A new random cache ID.
    static func random() -> CacheID {
        var generator = SystemRandomNumberGenerator()
        let hex = (0..<32).map { _ in
            let byte = UInt8.random(in: 0...255, using: &generator)
            return (byte < 16 ? "0" : "") + String(byte, radix: 16)
        }.joined()
        return CacheID(value: hex)
    }

    /// A cache ID read back from disk, refused unless it has the generated form (R-S3).
    init?(validating value: String) {
        guard value.utf8.count == 64,
            value.utf8.allSatisfy({ (0x30...0x39).contains($0) || (0x61...0x66).contains($0) })
        else { return nil }
        self.value = value
    }

    private init(value: String) { self.value = value }

    public var description: String { value }
}

extension StoreLayout {
    /// The `diff/` folder holding what `layer` changed.
    public func diffFolder(of layer: LayerRecord) -> String { diff(layer.cacheID) }
}
