import OCI
import Render
import Trace

/// Which node of the layer graph each ID the terminal may print stands for, by its first 12 hex
/// digits. One layer goes by three IDs: `pull` prints its blob, `push` its diff ID, and the
/// picture and `rmi` its chain ID; pointing at any of them in the page lights up the one node.
enum NodeAliases {
    static func of(_ snapshot: StoreSnapshot, records: [TraceRecord]) -> [String: String] {
        var aliases: [String: String] = [:]
        func add(_ digest: Digest?, _ node: String) {
            guard let digest else { return }
            let short = String(digest.encoded.prefix(12))
            if aliases[short] == nil { aliases[short] = node }
        }
        for image in snapshot.images { add(image.id, LayerGraph.imageID(image.id)) }
        for layer in snapshot.layers {
            add(layer.chainID, LayerGraph.layerID(layer.chainID))
            add(layer.diffID, LayerGraph.layerID(layer.chainID))
        }
        for container in snapshot.containers {
            aliases[String(container.id.prefix(12))] = "container:\(container.id)"
        }
        let kept = Set(snapshot.layers.map(\.chainID))
        for record in records {
            switch record.event {
            case .pullLayer(let blob, _, let layer?) where kept.contains(layer):
                add(blob, LayerGraph.layerID(layer))
            case .pushLayer(let blob, _, let diffID, let layer?) where kept.contains(layer):
                add(blob, LayerGraph.layerID(layer))
                add(diffID, LayerGraph.layerID(layer))
            default:
                break
            }
        }
        return aliases
    }
}
