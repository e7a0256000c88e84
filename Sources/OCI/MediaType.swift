// Source: https://github.com/opencontainers/image-spec/blob/main/media-types.md
// and Docker's https://github.com/distribution/distribution/blob/main/docs/content/spec/manifest-v2-2.md
/// The media type of a document or blob, as written in descriptors and `Content-Type` headers.
public struct MediaType: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }

    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    // MARK: OCI
    public static let ociManifest = MediaType("application/vnd.oci.image.manifest.v1+json")
    public static let ociIndex = MediaType("application/vnd.oci.image.index.v1+json")
    public static let ociConfig = MediaType("application/vnd.oci.image.config.v1+json")
    public static let ociLayer = MediaType("application/vnd.oci.image.layer.v1.tar")
    public static let ociLayerGzip = MediaType("application/vnd.oci.image.layer.v1.tar+gzip")
    public static let ociLayerZstd = MediaType("application/vnd.oci.image.layer.v1.tar+zstd")
    public static let ociLayerNonDistributable = MediaType("application/vnd.oci.image.layer.nondistributable.v1.tar")
    public static let ociLayerNonDistributableGzip = MediaType(
        "application/vnd.oci.image.layer.nondistributable.v1.tar+gzip"
    )

    // MARK: Docker schema 2
    public static let dockerManifest = MediaType("application/vnd.docker.distribution.manifest.v2+json")
    public static let dockerManifestList = MediaType("application/vnd.docker.distribution.manifest.list.v2+json")
    public static let dockerConfig = MediaType("application/vnd.docker.container.image.v1+json")
    public static let dockerLayer = MediaType("application/vnd.docker.image.rootfs.diff.tar")
    public static let dockerLayerGzip = MediaType("application/vnd.docker.image.rootfs.diff.tar.gzip")
    public static let dockerForeignLayerGzip = MediaType("application/vnd.docker.image.rootfs.foreign.diff.tar.gzip")
    /// Schema 1 is deprecated and refused (RELIABILITY R-D2); named only to recognise it.
    public static let dockerManifestSchema1 = MediaType("application/vnd.docker.distribution.manifest.v1+json")
    public static let dockerManifestSchema1Signed = MediaType(
        "application/vnd.docker.distribution.manifest.v1+prettyjws")

    /// Whether this names an image manifest (OCI or Docker schema 2).
    public var isManifest: Bool { self == .ociManifest || self == .dockerManifest }
    /// Whether this names an index or manifest list.
    public var isIndex: Bool { self == .ociIndex || self == .dockerManifestList }
    /// Whether this names an image config.
    public var isConfig: Bool { self == .ociConfig || self == .dockerConfig }

    /// How a layer blob of this media type is compressed, or `nil` if it is not a layer type.
    public var layerCompression: LayerCompression? {
        switch self {
        case .ociLayer, .ociLayerNonDistributable, .dockerLayer: .uncompressed
        case .ociLayerGzip, .ociLayerNonDistributableGzip, .dockerLayerGzip, .dockerForeignLayerGzip: .gzip
        case .ociLayerZstd: .zstd
        default: nil
        }
    }
}

/// How a layer tar is compressed inside its blob.
public enum LayerCompression: String, Sendable, Codable {
    case uncompressed
    case gzip
    case zstd
}
