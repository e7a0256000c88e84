import Foundation
import OCI

/// A compressed blob a layer's diff is known to travel as, and the repository it was pulled from
/// or pushed to: moby's `V2Metadata`, kept as moby keeps it, a JSON list per diff ID under
/// `image/overlay2/distribution/v2metadata-by-diffid/sha256/<diff ID>`.
///
/// One diff can be many blobs: each tool compresses differently, so the same files pulled from two
/// registries arrive as two blobs. Knowing them all, a pull says `Already exists` for either, and a
/// push sends a repository the blob it already has (or mounts it from where it came), so the
/// manifest's digest does not change with whichever blob came last.
///
/// moby records the digest, the repository and an HMAC of the credentials; layerlab adds the media
/// type and size so a push can name the blob without reading it, and writes no HMAC (it keeps no
/// credentials that would need hiding).
public struct KnownBlob: Codable, Sendable, Hashable {
    public var digest: Digest
    /// The repository's full name (`127.0.0.1:5000/demo/bb`, `docker.io/library/busybox`).
    public var sourceRepository: String
    public var hmac: String
    public var mediaType: MediaType
    public var size: Int64

    public init(_ descriptor: Descriptor, in repository: String) {
        digest = descriptor.digest
        sourceRepository = repository
        hmac = ""
        mediaType = descriptor.mediaType
        size = descriptor.size
    }

    public var descriptor: Descriptor { Descriptor(mediaType: mediaType, digest: digest, size: size) }

    /// Whether `repository` (a full name) is on the same registry as the blob's source: only there
    /// can a push mount it.
    public func isOnRegistry(of repository: String) -> Bool {
        Self.registry(of: sourceRepository) == Self.registry(of: repository)
    }

    private static func registry(of repository: String) -> Substring {
        repository.split(separator: "/", maxSplits: 1).first ?? ""
    }

    enum CodingKeys: String, CodingKey {
        case digest = "Digest"
        case sourceRepository = "SourceRepository"
        case hmac = "HMAC"
        case mediaType = "MediaType"
        case size = "Size"
    }
}

extension ImageStore {
    /// moby's cap on the entries it remembers for one diff is none; a bound keeps the file small
    /// when a layer has been pushed to many repositories (the newest are kept).
    static let knownBlobsPerDiff = 50

    /// Remembers that the layer with `diffID` travels as `blob` in its repository (moby's
    /// `V2MetadataService.Add`): an entry for the same blob and repository moves to the end, the newest.
    /// Only a blob whose file is in `blobs/` is remembered, so no entry names a missing blob (a pull
    /// of an image the store has fetches no layer, and may name blobs it never got).
    func remember(_ blob: KnownBlob, diffID: Digest, state: inout StoreState) throws(StoreError) {
        guard FileSystem.exists(layout.blob(blob.digest)) else { return }
        var entries = state.knownBlobs[diffID] ?? []
        guard entries.last != blob else { return }
        entries.removeAll { $0.digest == blob.digest && $0.sourceRepository == blob.sourceRepository }
        entries.append(blob)
        if entries.count > Self.knownBlobsPerDiff { entries.removeFirst(entries.count - Self.knownBlobsPerDiff) }
        try writeKnownBlobs(entries, diffID: diffID)
        state.knownBlobs[diffID] = entries
    }

    /// Forgets every blob of `diffID` once no layer has that diff, and removes their files unless
    /// something else names them. The list goes first, so a crash leaves at worst unnamed blobs,
    /// which recovery removes.
    func forgetBlobs(ofDiff diffID: Digest, state: inout StoreState) throws(StoreError) {
        guard !state.layers.values.contains(where: { $0.diffID == diffID }),
            let entries = state.knownBlobs.removeValue(forKey: diffID)
        else { return }
        try FileSystem.remove(layout.knownBlobs(diffID))
        let named = state.layerBlobs
        for entry in entries where !named.contains(entry.digest) {
            try FileSystem.remove(layout.blob(entry.digest))
        }
    }

    /// Writes the list for `diffID` (or removes it when empty), replacing the old one whole.
    func writeKnownBlobs(_ entries: [KnownBlob], diffID: Digest) throws(StoreError) {
        guard !entries.isEmpty else { return try FileSystem.remove(layout.knownBlobs(diffID)) }
        let bytes: [UInt8]
        do {
            bytes = try Self.encode(entries)
        } catch {
            throw StoreError(.io, "cannot encode the blobs known for \(diffID): \(error)", cause: error)
        }
        try FileSystem.makeFolder(layout.distribution)
        try FileSystem.writeAtomically(bytes, to: layout.knownBlobs(diffID), permissions: 0o644)
    }
}

extension StoreState {
    /// Every list under `distribution/v2metadata-by-diffid/`, by diff ID. A list that cannot be read
    /// is left out, as moby treats this cache: the layer is then known by its own blob only.
    static func readKnownBlobs(layout: StoreLayout) -> [Digest: [KnownBlob]] {
        var known: [Digest: [KnownBlob]] = [:]
        for name in FileSystem.list(layout.distribution) {
            guard let diffID = try? Digest(algorithm: .sha256, encoded: name),
                let bytes = try? FileSystem.read(layout.knownBlobs(diffID)),
                let entries = try? JSONDecoder().decode([KnownBlob].self, from: Data(bytes))
            else { continue }
            known[diffID] = entries
        }
        return known
    }

    /// The blobs the layer `layer` is known as: its own, then each remembered one (oldest first).
    func blobs(of layer: LayerRecord) -> [Digest] {
        (layer.blob.map { [$0.digest] } ?? []) + (knownBlobs[layer.diffID] ?? []).map(\.digest)
    }

    /// Every blob some layer in the store is known as.
    var layerBlobs: Set<Digest> { Set(layers.values.flatMap { blobs(of: $0) }) }
}
