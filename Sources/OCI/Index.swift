// Source: https://github.com/opencontainers/image-spec/blob/main/image-index.md
/// An image index (Docker: manifest list): manifests for several platforms, or the entry point of an OCI layout.
public struct Index: Codable, Hashable, Sendable {
    /// Always 2.
    public var schemaVersion: Int
    /// The index's own media type.
    public var mediaType: MediaType?
    /// The type of an artifact, when the index describes one.
    public var artifactType: String?
    /// The manifests (or nested indexes) this index lists.
    public var manifests: [Descriptor]
    /// A manifest this one refers to (the referrers API).
    public var subject: Descriptor?
    /// Arbitrary metadata.
    public var annotations: [String: String]?

    public init(mediaType: MediaType? = .ociIndex, manifests: [Descriptor], annotations: [String: String]? = nil) {
        self.schemaVersion = 2
        self.mediaType = mediaType
        self.manifests = manifests
        self.annotations = annotations
    }
}
