import OCI
import Render
import Trace

/// What hovering over a node of the layer graph shows, in the page's language: a layer's digests,
/// size and the images that share it; an image's ID, size and names. Keyed by the node's name,
/// which is its SVG `<title>`.
enum NodeDetails {
    static func of(_ snapshot: StoreSnapshot, language: Language) -> [String: String] {
        let zh = language == .zh
        var details: [String: String] = [:]
        let names = Dictionary(
            uniqueKeysWithValues: snapshot.images.map { image in
                (image.id, image.references.map(\.familiarString).sorted().first ?? String(image.id.encoded.prefix(12)))
            })
        for image in snapshot.images {
            let references = image.references.map(\.familiarString).sorted()
            details["image:\(image.id.encoded)"] = [
                (zh ? "镜像 ID " : "image ID ") + image.id.description, ByteCount.docker(image.size),
                references.isEmpty
                    ? (zh ? "<none>:<none>（没有名字）" : "<none>:<none> (no name)") : references.joined(separator: ", "),
            ].joined(separator: "\n")
        }
        for layer in snapshot.layers {
            let users = snapshot.users(of: layer.chainID).compactMap { names[$0] }.sorted()
            details["layer:\(layer.chainID.encoded)"] = [
                (zh ? "链 ID（这一层连同下面各层）" : "chain ID (this layer and those below) ") + layer.chainID.description,
                (zh ? "diff ID（这一层本身的内容）" : "diff ID (this layer's own content) ") + layer.diffID.description,
                ByteCount.docker(layer.size),
                (zh ? "被 \(users.count) 个镜像使用：" : "used by \(users.count) image(s): ") + users.joined(separator: ", "),
            ].joined(separator: "\n")
        }
        return details
    }
}
