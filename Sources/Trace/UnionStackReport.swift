import OCI

/// An image (or container) seen as its stack of layers: what each layer adds, changes and
/// deletes, and where each file of the merged view comes from. What the union diagram draws.
public struct UnionStackReport: Codable, Sendable, Equatable {
    /// One layer's changes to the view below it.
    public struct Layer: Codable, Sendable, Equatable {
        public var chainID: Digest
        public var size: Int64
        public var added: [String]
        public var changed: [String]
        /// Paths this layer's whiteouts hide (`dir/*` for an opaque folder).
        public var removed: [String]

        public init(chainID: Digest, size: Int64, added: [String], changed: [String], removed: [String]) {
            self.chainID = chainID
            self.size = size
            self.added = added
            self.changed = changed
            self.removed = removed
        }
    }

    /// A file of the merged view and the layer (0 = bottom) it is read from.
    public struct MergedFile: Codable, Sendable, Equatable {
        public var path: String
        public var layer: Int

        public init(path: String, layer: Int) {
            self.path = path
            self.layer = layer
        }
    }

    public var image: Digest
    public var name: String?
    public var layers: [Layer]
    public var merged: [MergedFile]

    public init(image: Digest, name: String?, layers: [Layer], merged: [MergedFile]) {
        self.image = image
        self.name = name
        self.layers = layers
        self.merged = merged
    }
}
