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

    /// A container: its read-write layer stands on its image's layers, so it keeps that image
    /// (and blocks `rmi`) until it is removed.
    public struct Container: Codable, Sendable, Equatable {
        /// The full 64-hex container ID.
        public var id: String
        public var name: String
        public var image: Digest
        /// The exit status once it ran; `nil` while it has not finished (created, or running).
        public var exitCode: Int32?
        /// The top layer of its image, which its read-write layer stands on: it keeps that layer
        /// and the ones below after an `rmi -f` deleted the image. Absent in older traces.
        public var layer: Digest?
        /// Whether its command runs (in the background, `run -d`): a conflict `rmi -f` cannot force.
        /// Absent in older traces.
        public var running: Bool?
        /// The bytes its read-write layer holds: what its command changed (`ps -s`'s SIZE). Absent
        /// in older traces.
        public var size: Int64?

        public init(
            id: String, name: String, image: Digest, exitCode: Int32? = nil, layer: Digest? = nil,
            running: Bool? = nil, size: Int64? = nil
        ) {
            self.id = id
            self.name = name
            self.image = image
            self.exitCode = exitCode
            self.layer = layer
            self.running = running
            self.size = size
        }
    }

    public var images: [Image]
    public var layers: [LayerInfo]
    /// Absent in traces written before containers were part of the snapshot.
    public var containers: [Container]

    public init(images: [Image], layers: [LayerInfo], containers: [Container] = []) {
        self.images = images
        self.layers = layers
        self.containers = containers
    }

    private enum CodingKeys: String, CodingKey { case images, layers, containers }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        images = try container.decode([Image].self, forKey: .images)
        layers = try container.decode([LayerInfo].self, forKey: .layers)
        containers = try container.decodeIfPresent([Container].self, forKey: .containers) ?? []
    }

    /// The images whose stacks contain the layer `chainID`.
    public func users(of chainID: Digest) -> [Digest] {
        images.filter { $0.layers.contains(chainID) }.map(\.id)
    }

    /// Images other images are built on (classic parents).
    public var parents: Set<Digest> { Set(images.compactMap(\.parent)) }
}
