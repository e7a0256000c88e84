import Foundation

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
    /// The content itself, embedded (base64 in JSON); a decoded descriptor's data always hashes to
    /// its digest and has its size (R-D6).
    public var data: [UInt8]?

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
        case mediaType, digest, size, urls, annotations, platform, artifactType, data
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
        if let text = try values.decodeIfPresent(String.self, forKey: .data) {
            data = try Self.verifiedData(text, digest: digest, size: size, in: values)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var values = encoder.container(keyedBy: CodingKeys.self)
        try values.encode(mediaType, forKey: .mediaType)
        try values.encode(digest, forKey: .digest)
        try values.encode(size, forKey: .size)
        try values.encodeIfPresent(urls, forKey: .urls)
        try values.encodeIfPresent(annotations, forKey: .annotations)
        try values.encodeIfPresent(platform, forKey: .platform)
        try values.encodeIfPresent(artifactType, forKey: .artifactType)
        try values.encodeIfPresent(data.map { Data($0).base64EncodedString() }, forKey: .data)
    }

    /// Embedded content is believed only when it is what the descriptor says: valid base64 that
    /// hashes to `digest` and has `size` bytes.
    private static func verifiedData(
        _ text: String, digest: Digest, size: Int64, in values: KeyedDecodingContainer<CodingKeys>
    ) throws -> [UInt8] {
        guard let decoded = Data(base64Encoded: text) else {
            throw DecodingError.dataCorruptedError(
                forKey: .data, in: values, debugDescription: "descriptor \(digest) has data that is not base64")
        }
        var digester = Digester(digest.algorithm)
        digester.update(Array(decoded))
        guard Int64(decoded.count) == size, digester.finalize() == digest else {
            throw DecodingError.dataCorruptedError(
                forKey: .data, in: values,
                debugDescription: "descriptor \(digest) embeds \(decoded.count) bytes hashing to "
                    + "\(digester.finalize()), not its own digest and size (\(size))")
        }
        return Array(decoded)
    }
}

extension Descriptor {
    /// The annotation key an OCI layout's index uses for a tag.
    public static let refNameAnnotation = "org.opencontainers.image.ref.name"
    /// The annotation key containerd and Docker use for the full image name in an OCI layout.
    public static let imageNameAnnotation = "io.containerd.image.name"
}
