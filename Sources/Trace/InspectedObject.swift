import OCI

/// What `inspect` showed of one image or container: enough for the narration to say what its
/// JSON holds and how it names what the picture draws.
public struct InspectedObject: Codable, Sendable, Equatable {
    public enum Kind: String, Codable, Sendable {
        case image
        case container
    }

    public var kind: Kind
    /// The image's digest (`sha256:…`), or the container's 64-hex ID.
    public var id: String
    /// What the learner named it by.
    public var requested: String
    /// An image's layers by diff ID, bottom first, as `RootFS.Layers` lists them.
    public var layers: [Digest]?
    /// The image a container was made on.
    public var image: Digest?

    public init(kind: Kind, id: String, requested: String, layers: [Digest]? = nil, image: Digest? = nil) {
        self.kind = kind
        self.id = id
        self.requested = requested
        self.layers = layers
        self.image = image
    }
}
