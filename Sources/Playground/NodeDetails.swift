import OCI
import Render
import Trace

/// What hovering over a node of the layer graph shows, in the page's language: a layer's digests,
/// size and the images and containers that use it; an image's ID, size and names; a container's
/// name, ID, image and state. Keyed by the node's name, which is its SVG `<title>`.
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
        let parents = Dictionary(uniqueKeysWithValues: snapshot.layers.map { ($0.chainID, $0.parent) })
        let tops = Dictionary(uniqueKeysWithValues: snapshot.images.map { ($0.id, $0.layers.last) })
        let standing = snapshot.containers.map { container in
            (container.name, chain(from: container.layer ?? tops[container.image] ?? nil, parents: parents))
        }
        for layer in snapshot.layers {
            let users = snapshot.users(of: layer.chainID).compactMap { names[$0] }.sorted()
            let containers = standing.filter { $0.1.contains(layer.chainID) }.map(\.0).sorted()
            // A bottom layer's chain ID is its diff ID: one line says both, and why.
            let ids =
                layer.chainID == layer.diffID
                ? [
                    (zh
                        ? "链 ID = diff ID（最底下一层，两者相同；图里用它称呼这一层）"
                        : "chain ID = diff ID (a bottom layer's are the same; the picture names the layer by it) ")
                        + layer.chainID.description
                ]
                : [
                    (zh
                        ? "链 ID（这一层连同下面各层；图里用它称呼这一层）"
                        : "chain ID (this layer and those below; the picture names the layer by it) ")
                        + layer.chainID.description,
                    (zh ? "diff ID（这一层本身的内容）" : "diff ID (this layer's own content) ") + layer.diffID.description,
                ]
            details["layer:\(layer.chainID.encoded)"] =
                (ids + [
                    ByteCount.docker(layer.size),
                    // The folder's name is not any of the layer's IDs: Docker's is random too.
                    (zh
                        ? "文件在 overlay2/\(layer.cacheID.prefix(12))…/diff（文件夹名是随机的，和 Docker 一样）"
                        : "files in overlay2/\(layer.cacheID.prefix(12))…/diff (a random folder name, as Docker's)"),
                    users.isEmpty
                        ? (zh ? "没有镜像使用它" : "used by no image")
                        : (zh ? "被 \(users.count) 个镜像使用：" : "used by \(users.count) image(s): ")
                            + users.joined(separator: ", "),
                ]
                + (containers.isEmpty
                    ? []
                    : [
                        (zh ? "容器建在它上面：" : "containers standing on it: ") + containers.joined(separator: ", ")
                    ]))
                .joined(separator: "\n")
        }
        for container in snapshot.containers {
            let image =
                names[container.image].map { (zh ? "镜像 " : "image ") + $0 }
                ?? (zh
                    ? "镜像 \(container.image.shortID)（已被 rmi -f 删除）"
                    : "image \(container.image.shortID) (deleted by rmi -f)")
            details["container:\(container.id)"] = [
                (zh ? "容器 " : "container ") + container.name, (zh ? "容器 ID " : "container ID ") + container.id, image,
                container.running == true
                    ? (zh ? "正在后台运行（stop 或 kill 结束它）" : "running in the background (stop or kill ends it)")
                    : container.exitCode.map { zh ? "已退出（\($0)）" : "exited (\($0))" }
                        ?? (zh ? "已创建，没有运行过" : "created, never started"),
            ].joined(separator: "\n")
        }
        return details
    }

    /// The layers a container stands on: its image's top layer and every one below.
    static func chain(from top: Digest?, parents: [Digest: Digest?]) -> Set<Digest> {
        var chain: Set<Digest> = []
        var current = top
        while let layer = current, chain.insert(layer).inserted { current = parents[layer] ?? nil }
        return chain
    }
}
