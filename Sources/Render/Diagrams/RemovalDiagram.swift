import OCI
import Trace

/// Diagram 5, `rmi`: what was asked for, what blocks it (child images, names in other
/// repositories, containers) highlighted, and what was untagged, deleted or kept.
public struct RemovalDiagram {
    /// The records of one or more `rmi` operations.
    public var records: [TraceRecord]
    /// The language of its words.
    public var language: Language

    public init(records: [TraceRecord], language: Language = .en) {
        self.records = records
        self.language = language
    }

    private var words: any DiagramWords { language.diagramWords }

    public func graph() -> Graph {
        let key = words.removalKey
        var graph = Palette.graph(
            "rmi", title: words.removalTitle,
            key: [
                Palette.Swatch(label: key.asked, fill: Palette.tag),
                Palette.Swatch(label: key.deleted, fill: Palette.removed, dashed: true),
                Palette.Swatch(label: key.kept, fill: Palette.kept),
                Palette.Swatch(label: key.blocks, fill: Palette.blocked),
            ], words: words)
        for (index, operation) in records.operations.enumerated() {
            let events = operation.map(\.event)
            guard case .operationStarted(.rmi, let arguments)? = events.first else { continue }
            graph.clusters.append(cluster(operation: index + 1, requested: arguments.first ?? "?", events: events))
        }
        return graph
    }

    private func cluster(operation: Int, requested: String, events: [TraceEvent]) -> Cluster {
        let prefix = "op\(operation)"
        let failed = events.contains { if case .operationFinished(let error?) = $0 { !error.isEmpty } else { false } }
        var cluster = Cluster(
            prefix,
            [
                "label": .text(words.removal(requested, refused: failed)), "style": "rounded",
                "color": .text(failed ? Palette.blocked : Palette.ink),
            ])
        let asked = "\(prefix):asked"
        cluster.nodes.append(
            Node(asked, ["label": .text(requested), "shape": "note", "fillcolor": .text(Palette.tag)]))
        var drawn: Set<String> = [asked]
        var edges: [Edge] = []
        func add(_ id: String, _ attributes: Attributes) {
            guard drawn.insert(id).inserted else { return }
            cluster.nodes.append(Node(id, attributes))
        }
        for event in events {
            switch event {
            case .tagRemoved(let reference, let image):
                let id = "\(prefix):tag:\(reference)"
                add(
                    id,
                    [
                        "label": .text("\(words.untagged)\n\(reference.familiarString)"), "shape": "note",
                        "style": "filled,dashed", "fillcolor": .text(Palette.removed),
                    ])
                add(imageNode(prefix, image), imageAttributes(image, state: .kept))
                edges.append(Edge(asked, id, ["label": .text(words.untag)]))
                edges.append(Edge(id, imageNode(prefix, image), ["style": "dashed"]))
            case .imageDeleted(let image):
                let id = imageNode(prefix, image)
                if drawn.contains(id) {
                    cluster.nodes = cluster.nodes.map {
                        $0.id == id ? Node(id, imageAttributes(image, state: .deleted)) : $0
                    }
                } else {
                    add(id, imageAttributes(image, state: .deleted))
                }
                edges.append(Edge(asked, id, ["label": .text(words.deleted)]))
            case .layerDeleted(let layer):
                add(
                    "\(prefix):layer:\(layer.chainID.encoded)",
                    layerAttributes(layer.chainID, words.deleted, Palette.removed))
            case .layerReleased(let chainID, let remaining):
                add(
                    "\(prefix):layer:\(chainID.encoded)",
                    layerAttributes(chainID, words.keptFor(remaining), Palette.kept))
            case .rmiConflict(let conflict):
                add(imageNode(prefix, conflict.image), imageAttributes(conflict.image, state: .blocked))
                edges.append(
                    Edge(
                        asked, imageNode(prefix, conflict.image),
                        ["label": .text(words.refused), "color": .text(Palette.blocked)])
                )
                edges += blockers(conflict, prefix: prefix, add: add)
            default:
                break
            }
        }
        cluster.edges = edges
        return cluster
    }

    private func blockers(_ conflict: RmiConflict, prefix: String, add: (String, Attributes) -> Void) -> [Edge] {
        let image = imageNode(prefix, conflict.image)
        let blocked: Attributes = ["color": .text(Palette.blocked), "penwidth": "2"]
        switch conflict.cause {
        case .dependentChildren(let children):
            return children.map { child in
                let id = imageNode(prefix, child)
                add(
                    id,
                    [
                        "label": .text(words.childImage(child)), "fillcolor": .text(Palette.blocked),
                        "penwidth": "2", "tooltip": .text(child.description),
                    ])
                var attributes = blocked
                attributes["label"] = .text(words.builtOn)
                return Edge(id, image, attributes)
            }
        case .referencedInRepositories(let references):
            return references.map { reference in
                let id = "\(prefix):name:\(reference)"
                add(
                    id,
                    [
                        "label": .text(reference.familiarString), "shape": "note", "fillcolor": .text(Palette.blocked),
                        "penwidth": "2",
                    ])
                return Edge(id, image, blocked)
            }
        case .usedByContainer(let container, let running):
            let id = "\(prefix):container:\(container)"
            add(
                id,
                [
                    "label": .text(words.container(container, running: running)),
                    "shape": "component", "fillcolor": .text(Palette.blocked),
                ])
            var attributes = blocked
            attributes["label"] = .text(words.uses)
            return [Edge(id, image, attributes)]
        case .containerUsesReference(let reference, let container):
            let id = "\(prefix):container:\(container)"
            add(
                id,
                [
                    "label": .text(
                        "\(words.container(container, running: nil))\n\(words.uses) \(reference.familiarString)"),
                    "shape": "component", "fillcolor": .text(Palette.blocked),
                ])
            return [Edge(id, image, blocked)]
        }
    }

    private enum ImageState { case kept, deleted, blocked }

    private func imageNode(_ prefix: String, _ id: Digest) -> String { "\(prefix):image:\(id.encoded)" }

    private func imageAttributes(_ id: Digest, state: ImageState) -> Attributes {
        switch state {
        case .kept:
            [
                "label": .text("\(words.image(id))\n\(words.kept)"), "fillcolor": .text(Palette.kept),
                "tooltip": .text(id.description),
            ]
        case .deleted:
            [
                "label": .text("\(words.image(id))\n\(words.deleted)"), "fillcolor": .text(Palette.removed),
                "style": "rounded,filled,dashed", "tooltip": .text(id.description),
            ]
        case .blocked:
            [
                "label": .text("\(words.image(id))\n\(words.notRemoved)"), "fillcolor": .text(Palette.image),
                "penwidth": "2",
                "tooltip": .text(id.description),
            ]
        }
    }

    private func layerAttributes(_ chainID: Digest, _ note: String, _ fill: String) -> Attributes {
        [
            "label": .text("\(words.layer(chainID))\n\(note)"), "shape": "box3d", "style": "filled",
            "fillcolor": .text(fill), "tooltip": .text(chainID.description),
        ]
    }
}
