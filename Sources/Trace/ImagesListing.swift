import OCI

/// What `docker images` listed: each image once, newest first, with its layers, so a view can
/// say what the SIZE column does not (shared layers are counted in every image that has them).
public struct ImagesListing: Codable, Sendable, Equatable {
    public struct Image: Codable, Sendable, Equatable {
        public var id: Digest
        public var references: [Reference]
        /// Chain IDs, bottom first, with their sizes.
        public var layers: [Digest]
        public var layerSizes: [Int64]
        /// The rows it takes in the table: one per repository and tag.
        public var rows: Int

        public init(id: Digest, references: [Reference], layers: [Digest], layerSizes: [Int64], rows: Int = 1) {
            self.id = id
            self.references = references
            self.layers = layers
            self.layerSizes = layerSizes
            self.rows = rows
        }

        /// What SIZE shows: every layer's size, shared or not.
        public var size: Int64 { layerSizes.reduce(0, +) }
    }

    public var images: [Image]
    /// `-a`: intermediate images are listed too.
    public var all: Bool
    /// Without `-a`: how many intermediate images were left out.
    public var hiddenIntermediates: Int
    /// `-q`: only the IMAGE ID column was printed, so there was no SIZE or REPOSITORY to tell of.
    /// Absent in older traces.
    public var quiet: Bool?

    public init(images: [Image], all: Bool, hiddenIntermediates: Int, quiet: Bool? = nil) {
        self.images = images
        self.all = all
        self.hiddenIntermediates = hiddenIntermediates
        self.quiet = quiet
    }

    /// The table's rows.
    public var rows: Int { images.map(\.rows).reduce(0, +) }

    /// The sizes SIZE shows, added up row by row.
    public var listedSize: Int64 { images.map { $0.size * Int64($0.rows) }.reduce(0, +) }

    /// What the listed images' layers take, each layer once.
    public var storedSize: Int64 {
        var sizes: [Digest: Int64] = [:]
        for image in images { for (layer, size) in zip(image.layers, image.layerSizes) { sizes[layer] = size } }
        return sizes.values.reduce(0, +)
    }

    /// The first two listed images that share a layer, if any.
    public var sharingPair: (Image, Image)? {
        for (index, first) in images.enumerated() {
            if let second = images[(index + 1)...].first(where: { !Set($0.layers).isDisjoint(with: first.layers) }) {
                return (first, second)
            }
        }
        return nil
    }
}
