import Foundation
import OCI

/// An image as the store holds it: its config, its classic parent, its layers and names.
public struct ImageRecord: Sendable, Equatable {
    /// The image ID: the digest of the config's bytes.
    public var id: Digest
    /// The decoded config.
    public var config: ImageConfig
    /// The classic parent (builds, commits), from `imagedb/metadata/…/parent`.
    public var parent: Digest?
    /// The image's layers, bottom first.
    public var layers: [LayerRecord]
    /// The names pointing to the image, sorted.
    public var references: [Reference]

    public init(id: Digest, config: ImageConfig, parent: Digest?, layers: [LayerRecord], references: [Reference]) {
        self.id = id
        self.config = config
        self.parent = parent
        self.layers = layers
        self.references = references
    }

    /// The sum of the layers' sizes, as `docker images` shows.
    public var size: Int64 { layers.reduce(0) { $0 + $1.size } }
    /// When the config says the image was created.
    public var created: Date? { config.created?.date }
    /// The chain ID of the top layer, which stands for the whole stack.
    public var topLayer: Digest? { layers.last?.chainID }
}

/// A layer in the layer store.
public struct LayerRecord: Sendable, Equatable, Hashable {
    /// Identity of this layer and all below it.
    public var chainID: Digest
    /// The digest of the uncompressed layer tar.
    public var diffID: Digest
    /// The layer below, if any.
    public var parent: Digest?
    /// The size of the layer's files.
    public var size: Int64
    /// The folder under `overlay2/` holding `diff/`.
    public var cacheID: CacheID
    /// The compressed blob the layer travels as, if the store keeps one.
    public var blob: Descriptor?
}

/// One line of `docker rmi` output.
public enum DeleteResult: Sendable, Equatable, CustomStringConvertible {
    case untagged(Reference)
    case deleted(Digest)

    public var description: String {
        switch self {
        case .untagged(let reference): "Untagged: \(reference.familiarString)"
        case .deleted(let digest): "Deleted: \(digest)"
        }
    }
}
