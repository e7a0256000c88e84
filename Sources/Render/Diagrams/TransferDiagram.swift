import OCI
import Trace

/// Diagram 4, pull and push: for each transfer, what happened to every layer in Docker's words,
/// with the layers that did not travel (already in the store, already in the registry, mounted
/// from another repository) set apart from those that did.
public struct TransferDiagram {
    public var records: [TraceRecord]
    /// The language of its words.
    public var language: Language

    public init(records: [TraceRecord], language: Language = .en) {
        self.records = records
        self.language = language
    }

    public func graph() -> Graph {
        let words = language.diagramWords
        var graph = Palette.graph(
            "transfer", title: words.transferTitle,
            key: [
                Palette.Swatch(label: words.transferKey.sent, fill: Palette.image),
                Palette.Swatch(label: words.transferKey.shared, fill: Palette.kept),
            ], words: words, rankdir: "LR")
        for (index, operation) in records.operations.enumerated() {
            let events = operation.map(\.event)
            guard case .operationStarted(let kind, let arguments)? = events.first, kind == .pull || kind == .push
            else { continue }
            graph.clusters.append(
                cluster(index + 1, command: kind.rawValue, target: arguments.first ?? "?", events: events, words: words)
            )
        }
        return graph
    }

    private func cluster(
        _ number: Int, command: String, target: String, events: [TraceEvent], words: any DiagramWords
    ) -> Cluster {
        let prefix = "op\(number)"
        var cluster = Cluster(
            prefix, ["label": .text("\(command) \(target)"), "style": "rounded"])
        let start = "\(prefix):start"
        cluster.nodes.append(Node(start, ["label": .text(target), "shape": "note", "fillcolor": .text(Palette.tag)]))
        // The last status of each layer is what happened to it; the order is the order layers first
        // appear. A layer is labelled as Docker's progress lines name it: a pull by its blob, a push by
        // its diff ID (it may go as another blob than it was prepared as).
        var order: [Digest] = []
        var last: [Digest: (digest: Digest, step: LayerTransferStep)] = [:]
        // The layer's chain ID, once a step names it: the ID the layer graph labels it with.
        var layers: [Digest: Digest] = [:]
        var summary: String?
        for event in events {
            switch event {
            case .pullLayer(let digest, let step, let layer), .pushLayer(let digest, let step, nil, let layer):
                if last[digest] == nil { order.append(digest) }
                last[digest] = (digest, step)
                layers[digest] = layer ?? layers[digest]
            case .pushLayer(let digest, let step, let diffID?, let layer):
                if last[diffID] == nil { order.append(diffID) }
                last[diffID] = (digest, step)
                layers[diffID] = layer ?? layers[diffID]
            case .imagePulled(_, let manifest, let image, let upToDate):
                summary = words.pullSummary(manifest: manifest, image: image, upToDate: upToDate)
            case .imagePushed(_, let manifest, let size):
                summary = words.pushSummary(manifest: manifest, size: size)
            case .operationFinished(let error?):
                summary = words.transferFailed(String(error.prefix(60)))
            default:
                break
            }
        }
        let end = "\(prefix):end"
        cluster.nodes.append(Node(end, ["label": .text(summary ?? "…"), "fillcolor": .text(Palette.image)]))
        for key in order {
            guard let (digest, step) = last[key] else { continue }
            let shared = step.isShared
            let id = "\(prefix):blob:\(digest.encoded)"
            let note = words.transferStatus(step)
            let layer = layers[key]
            cluster.nodes.append(
                Node(
                    id,
                    [
                        "label": .text(
                            "\(key.shortID)\n\(note)" + (layer.map { "\n" + words.inTheStoreAs($0) } ?? "")),
                        "shape": "box3d", "style": "filled",
                        "fillcolor": .text(shared ? Palette.kept : Palette.image),
                        "tooltip": .text(
                            (["blob \(digest)"] + (key == digest ? [] : ["diff ID \(key)"])
                                + (layer.map { ["chain ID \($0)"] } ?? [])).joined(separator: "\n")),
                    ]))
            cluster.edges.append(Edge(start, id, shared ? ["style": "dashed"] : [:]))
            cluster.edges.append(Edge(id, end))
        }
        if order.isEmpty { cluster.edges.append(Edge(start, end)) }
        return cluster
    }
}
