import OCI

/// The formats `save` writes and `load` reads.
public enum ImageArchiveFormat: String, Sendable, CaseIterable {
    /// What `docker save` writes since Docker 25: an OCI image layout with uncompressed layers plus
    /// Docker's `manifest.json`, so both Docker and OCI tools read it.
    case docker
    /// A plain OCI image layout whose layers are the compressed blobs from the blob store,
    /// so their digests are kept.
    case oci
}

/// `manifest.json` of a Docker archive: one entry per image.
struct DockerArchiveManifestEntry: Codable {
    var Config: String
    var RepoTags: [String]?
    var Layers: [String]
}

/// `oci-layout`: marks a folder as an OCI image layout.
struct OCILayoutMarker: Codable {
    var imageLayoutVersion = "1.0.0"
}
