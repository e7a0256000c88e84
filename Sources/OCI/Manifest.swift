// Source: https://github.com/opencontainers/image-spec/blob/main/manifest.md
/// An image manifest: the config and the layers of one image for one platform.
public struct Manifest: Codable, Hashable, Sendable {
    /// Always 2, for compatibility with Docker's schema 2.
    public var schemaVersion: Int
    /// The manifest's own media type (OCI or Docker schema 2).
    public var mediaType: MediaType?
    /// The type of an artifact, when the manifest describes one.
    public var artifactType: String?
    /// The image config blob.
    public var config: Descriptor
    /// The layer blobs, bottom first.
    public var layers: [Descriptor]
    /// A manifest this one refers to (the referrers API).
    public var subject: Descriptor?
    /// Arbitrary metadata.
    public var annotations: [String: String]?

    public init(
        mediaType: MediaType = .ociManifest,
        config: Descriptor,
        layers: [Descriptor],
        annotations: [String: String]? = nil
    ) {
        self.schemaVersion = 2
        self.mediaType = mediaType
        self.config = config
        self.layers = layers
        self.annotations = annotations
    }
}
