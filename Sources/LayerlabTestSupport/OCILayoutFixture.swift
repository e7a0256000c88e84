import Foundation
import OCI

/// Writes an OCI image layout (image-spec image-layout.md) from layer tars, so that peers such as
/// `umoci unpack` can read a stack of layers a test made.
public enum OCILayoutFixture {
    /// Writes `layers` (uncompressed tars, bottom first) as one image tagged `tag` in `folder`:
    /// blobs under `blobs/sha256/`, a config with their diffIDs, a manifest, `index.json` with
    /// the tag as `org.opencontainers.image.ref.name`, and `oci-layout`.
    /// - Returns: the manifest's digest.
    @discardableResult
    public static func write(layers: [[UInt8]], tag: String, to folder: String) throws -> Digest {
        let blobs = folder + "/blobs/sha256"
        try FileManager.default.createDirectory(atPath: blobs, withIntermediateDirectories: true)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        func store(_ bytes: [UInt8], _ mediaType: MediaType) throws -> Descriptor {
            let digest = Digest.sha256(of: bytes)
            try Data(bytes).write(to: URL(fileURLWithPath: blobs + "/" + digest.encoded))
            return Descriptor(mediaType: mediaType, digest: digest, size: Int64(bytes.count))
        }
        let layerDescriptors = try layers.map { try store($0, .ociLayer) }
        let config = ImageConfig(
            created: nil, platform: Platform(architecture: "amd64", os: "linux"),
            diffIDs: layerDescriptors.map(\.digest), history: [])
        let configDescriptor = try store(Array(try encoder.encode(config)), .ociConfig)
        let manifest = Manifest(config: configDescriptor, layers: layerDescriptors)
        var manifestDescriptor = try store(Array(try encoder.encode(manifest)), .ociManifest)
        manifestDescriptor.annotations = [Descriptor.refNameAnnotation: tag]
        let index = Index(manifests: [manifestDescriptor])
        try encoder.encode(index).write(to: URL(fileURLWithPath: folder + "/index.json"))
        try Data(#"{"imageLayoutVersion":"1.0.0"}"#.utf8).write(to: URL(fileURLWithPath: folder + "/oci-layout"))
        return manifestDescriptor.digest
    }
}
