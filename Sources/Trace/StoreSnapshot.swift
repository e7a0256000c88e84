import OCI

/// The store's images and layers at one moment, as an event: what `layerlab graph` draws, so a
/// renderer never reads the store itself and a snapshot from another machine draws the same.
public struct StoreSnapshot: Codable, Sendable, Equatable {
    /// An image with its names and layers.
    public struct Image: Codable, Sendable, Equatable {
        public var id: Digest
        public var parent: Digest?
        /// Chain IDs of its layers, bottom first.
        public var layers: [Digest]
        public var references: [Reference]
        public var created: Timestamp?
        public var createdBy: String?
        public var size: Int64

        public init(
            id: Digest, parent: Digest?, layers: [Digest], references: [Reference], created: Timestamp?,
            createdBy: String?, size: Int64
        ) {
            self.id = id
            self.parent = parent
            self.layers = layers
            self.references = references
            self.created = created
            self.createdBy = createdBy
            self.size = size
        }
    }

    public var images: [Image]
    public var layers: [LayerInfo]

    public init(images: [Image], layers: [LayerInfo]) {
        self.images = images
        self.layers = layers
    }

    /// The images whose stacks contain the layer `chainID`.
    public func users(of chainID: Digest) -> [Digest] {
        images.filter { $0.layers.contains(chainID) }.map(\.id)
    }

    /// Images other images are built on (classic parents).
    public var parents: Set<Digest> { Set(images.compactMap(\.parent)) }
}
