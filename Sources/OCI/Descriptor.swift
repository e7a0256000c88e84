// Source: https://github.com/opencontainers/image-spec/blob/main/descriptor.md
/// A typed reference to content: what it is, its digest and its size.
public struct Descriptor: Codable, Hashable, Sendable {
    /// The media type of the referenced content.
    public var mediaType: MediaType
    /// The digest of the targeted content.
    public var digest: Digest
    /// The size in bytes of the raw content; it must match what the digest covers.
    public var size: Int64
    /// URLs the object may be downloaded from (non-distributable layers only).
    public var urls: [String]?
    /// Arbitrary metadata, such as `org.opencontainers.image.ref.name` in an index.
    public var annotations: [String: String]?
    /// The platform an index entry is for.
    public var platform: Platform?
    /// The type of an artifact, when the descriptor points to one.
    public var artifactType: String?

    public init(
        mediaType: MediaType,
        digest: Digest,
        size: Int64,
        annotations: [String: String]? = nil,
        platform: Platform? = nil
    ) {
        self.mediaType = mediaType
        self.digest = digest
        self.size = size
        self.annotations = annotations
        self.platform = platform
    }

    private enum CodingKeys: String, CodingKey {
        case mediaType, digest, size, urls, annotations, platform, artifactType
    }

    /// Decodes a descriptor, refusing a negative size (R-D3): no size check may be passed by a
    /// length that cannot be.
    public init(from decoder: any Decoder) throws {
        let values = try decoder.container(keyedBy: CodingKeys.self)
        mediaType = try values.decode(MediaType.self, forKey: .mediaType)
        digest = try values.decode(Digest.self, forKey: .digest)
        size = try values.decode(Int64.self, forKey: .size)
        guard size >= 0 else {
            throw DecodingError.dataCorruptedError(
                forKey: .size, in: values, debugDescription: "descriptor \(digest) has a negative size, \(size)")
        }
        urls = try values.decodeIfPresent([String].self, forKey: .urls)
        annotations = try values.decodeIfPresent([String: String].self, forKey: .annotations)
        platform = try values.decodeIfPresent(Platform.self, forKey: .platform)
        artifactType = try values.decodeIfPresent(String.self, forKey: .artifactType)
    }
}

extension Descriptor {
    /// The annotation key an OCI layout's index uses for a tag.
    public static let refNameAnnotation = "org.opencontainers.image.ref.name"
    /// The annotation key containerd and Docker use for the full image name in an OCI layout.
    public static let imageNameAnnotation = "io.containerd.image.name"
}
