import OCI

/// What `docker history` shows: the steps an image was made in, newest first, each with the
/// image it produced while that image is in the store, and the size of the layer it added.
public struct HistoryListing: Codable, Sendable, Equatable {
    public struct Step: Codable, Sendable, Equatable {
        /// The image the step produced; `nil` (`<missing>`) when it was never in this store.
        public var image: Digest?
        public var created: Timestamp?
        public var createdBy: String
        public var comment: String
        /// Whether the step added a layer; a step that only changed the config did not (`0B`).
        public var addsLayer: Bool
        /// The size of the layer it added, 0 when it added none.
        public var size: Int64
        /// The names of ``image``.
        public var tags: [Reference]
        /// The chain ID of the layer it added (what the layer graph names a layer by), so that a view
        /// can say which step made which layer; `nil` when it added none, and in older traces.
        public var layer: Digest?

        public init(
            image: Digest?, created: Timestamp?, createdBy: String, comment: String, addsLayer: Bool, size: Int64,
            tags: [Reference], layer: Digest? = nil
        ) {
            self.image = image
            self.created = created
            self.createdBy = createdBy
            self.comment = comment
            self.addsLayer = addsLayer
            self.size = size
            self.tags = tags
            self.layer = layer
        }
    }

    /// The image listed.
    public var image: Digest
    /// The name or ID it was asked by.
    public var requested: String
    /// Newest first.
    public var steps: [Step]

    public init(image: Digest, requested: String, steps: [Step]) {
        self.image = image
        self.requested = requested
        self.steps = steps
    }

    /// The steps that come from the nearest image below with a name of its own, counted from the
    /// bottom, with that name: what the image shares with the image it was built FROM.
    public var base: (name: Reference, steps: Int)? {
        for (index, step) in steps.enumerated().dropFirst() where step.image != image {
            if let name = step.tags.first { return (name, steps.count - index) }
        }
        return nil
    }

    /// The steps that added a layer, bottom first, with their layer: what the layer graph draws.
    public var layersFromTheBottom: [(layer: Digest, step: Step)] {
        steps.reversed().compactMap { step in step.layer.map { ($0, step) } }
    }
}
