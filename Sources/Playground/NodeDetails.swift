import OCI
import Render
import Trace

/// What hovering over a node of the layer graph shows: a layer's digests, size and the images that
/// share it; an image's ID, size and names. Keyed by the node's name, which is its SVG `<title>`.
enum NodeDetails {
    static func of(_ snapshot: StoreSnapshot) -> [String: String] {
        var details: [String: String] = [:]
        let names = Dictionary(
            uniqueKeysWithValues: snapshot.images.map { image in
                (image.id, image.references.map(\.familiarString).sorted().first ?? String(image.id.encoded.prefix(12)))
            })
        for image in snapshot.images {
            let references = image.references.map(\.familiarString).sorted()
            details["image:\(image.id.encoded)"] = [
                "image \(image.id)", ByteCount.docker(image.size),
                references.isEmpty ? "<none>:<none>" : references.joined(separator: ", "),
            ].joined(separator: "\n")
        }
        for layer in snapshot.layers {
            let users = snapshot.users(of: layer.chainID).compactMap { names[$0] }.sorted()
            details["layer:\(layer.chainID.encoded)"] = [
                "chain ID \(layer.chainID)", "diff ID \(layer.diffID)", ByteCount.docker(layer.size),
                "used by \(users.count): " + users.joined(separator: ", "),
            ].joined(separator: "\n")
        }
        return details
    }
}
