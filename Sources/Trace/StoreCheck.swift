/// Something the store's recovery cleaned when it opened: what an interrupted command left behind.
///
/// Every command opens the store this way (RELIABILITY.md R-S5), so a learner who killed a pull
/// sees, in `layerlab fsck` or under `--explain`, what the next command found and why it went.
public struct RecoveredEntry: Codable, Sendable, Equatable {
    public enum Reason: String, Codable, Sendable, CaseIterable {
        /// A staging folder under `tmp/` that no running command holds.
        case staging
        /// A layer record renamed `-removing` by a removal that did not finish.
        case unfinishedRemoval
        /// A record written in a staging name (`.tmp-…`) and never renamed into place.
        case unfinishedRecord
        /// A layer no image and no container uses: an import or pull stopped before its image was written.
        case unusedLayer
        /// Metadata (a parent link, a kept manifest, the blobs a diff travels as) whose image or layer is gone.
        case orphanMetadata
        /// A container folder or mount record without the other half.
        case unfinishedContainer
        /// A container that was running when its command was killed: marked exited (255), as Docker does.
        case exitedContainer
        /// An `overlay2/` folder no layer or container names.
        case orphanFolder
        /// A blob no layer and no kept manifest names.
        case unreferencedBlob
    }

    /// The entry, relative to the store's root (`tmp/pull-3k2…`, `blobs/sha256/…`).
    public var path: String
    public var reason: Reason

    public init(path: String, reason: Reason) {
        self.path = path
        self.reason = reason
    }
}

/// One thing `layerlab fsck` found wrong in the store, and whether `--repair` removed it.
public struct StoreProblem: Codable, Sendable, Equatable {
    public enum Kind: String, Codable, Sendable, CaseIterable {
        /// A blob whose bytes do not hash to its name, or whose name is not a digest (R-S1).
        case blobCorrupt
        /// A layer record that cannot be read, or whose chain ID its parent and diff ID do not give.
        case layerDamaged
        /// A layer whose parent layer is missing.
        case layerMissingParent
        /// A layer whose `overlay2/<cache id>/diff` folder is gone.
        case layerDataMissing
        /// A layer whose blob is missing or damaged, so its content cannot be verified or pushed.
        case layerBlobMissing
        /// A layer whose files differ from what its blob says, or whose blob's tar hashes to
        /// another diff ID (R-S7).
        case layerContentChanged
        /// An image config whose bytes do not hash to the image ID, or that does not decode.
        case imageDamaged
        /// An image one of whose layers is missing or damaged.
        case imageMissingLayer
        /// An image whose classic parent image is gone.
        case imageMissingParent
        /// An image whose kept manifest blob is gone.
        case imageManifestMissing
        /// A tag pointing to an image that is not in the store.
        case tagDangling
        /// A container whose record, image, read-write layer or base layers are missing or damaged.
        case containerDamaged
        /// A layer no image and no container uses.
        case unreachableLayer
        /// A blob no layer and no image names.
        case unreachableBlob
        /// An `overlay2/` folder, or an entry of the store's folders, that nothing names.
        case unreachableEntry
    }

    public var kind: Kind
    /// What is wrong, named as the store names it: a digest, a tag, a container ID, or a path
    /// relative to the store's root.
    public var subject: String
    /// What was found, in English; other languages phrase it from `kind`.
    public var detail: String
    /// Whether `fsck --repair` removed it.
    public var repaired: Bool

    public init(kind: Kind, subject: String, detail: String, repaired: Bool = false) {
        self.kind = kind
        self.subject = subject
        self.detail = detail
        self.repaired = repaired
    }
}

/// What `layerlab fsck` checked, and how much was wrong.
public struct StoreCheckSummary: Codable, Sendable, Equatable {
    public var blobs: Int
    public var layers: Int
    public var images: Int
    public var tags: Int
    public var containers: Int
    /// The bytes of layer content re-extracted and compared with the stored files.
    public var verifiedBytes: Int64
    public var problems: Int
    public var repaired: Int

    public init(
        blobs: Int = 0, layers: Int = 0, images: Int = 0, tags: Int = 0, containers: Int = 0,
        verifiedBytes: Int64 = 0, problems: Int = 0, repaired: Int = 0
    ) {
        self.blobs = blobs
        self.layers = layers
        self.images = images
        self.tags = tags
        self.containers = containers
        self.verifiedBytes = verifiedBytes
        self.problems = problems
        self.repaired = repaired
    }

    /// Whether the store was found sound, or every problem found was repaired.
    public var isClean: Bool { problems == repaired }
}
