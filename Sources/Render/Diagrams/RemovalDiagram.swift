import OCI
import Trace

/// Diagram 5, `rmi`: what was asked for, what blocks it (child images, names in other
/// repositories, containers) highlighted, and what was untagged, deleted or kept.
public struct RemovalDiagram {
    /// The records of one or more `rmi` operations.
    public var records: [TraceRecord]

    public init(records: [TraceRecord]) {
        self.records = records
    }

    public func graph() -> Graph {
        var graph = Palette.graph("rmi", title: "docker rmi: what was removed, what was kept, and what blocked it")
        for (index, operation) in records.operations.enumerated() {
            let events = operation.map(\.event)
            guard case .operationStarted(.rmi, let arguments)? = events.first else { continue }
            graph.clusters.append(cluster(operation: index + 1, requested: arguments.first ?? "?", events: events))
        }
        graph.clusters.append(
            Palette.legend([
                ("asked for", ["shape": "note", "fillcolor": .text(Palette.tag)]),
                ("deleted", ["fillcolor": .text(Palette.removed), "style": "rounded,filled,dashed"]),
                ("kept", ["fillcolor": .text(Palette.kept)]),
                ("blocks removal", ["fillcolor": .text(Palette.blocked), "penwidth": "2"]),
            ]))
        return graph
    }

    private func cluster(operation: Int, requested: String, events: [TraceEvent]) -> Cluster {
        let prefix = "op\(operation)"
        let failed = events.contains { if case .operationFinished(let error?) = $0 { !error.isEmpty } else { false } }
        var cluster = Cluster(
            prefix,
            [
                "label": .text("rmi \(requested) — \(failed ? "refused" : "done")"), "style": "rounded",
                "color": .text(failed ? Palette.blocked : Palette.ink), "fontname": .text(Palette.font),
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
                        "label": .text("untagged\n\(reference.familiarString)"), "shape": "note",
                        "style": "filled,dashed", "fillcolor": .text(Palette.removed),
                    ])
                add(imageNode(prefix, image), imageAttributes(image, state: .kept))
                edges.append(Edge(asked, id, ["label": "untag"]))
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
                edges.append(Edge(asked, id, ["label": "deleted"]))
            case .layerDeleted(let layer):
                add(
                    "\(prefix):layer:\(layer.chainID.encoded)",
                    layerAttributes(layer.chainID, "deleted", Palette.removed))
            case .layerReleased(let chainID, let remaining):
                add(
                    "\(prefix):layer:\(chainID.encoded)",
                    layerAttributes(chainID, "kept: used by \(remaining) image(s)", Palette.kept))
            case .rmiConflict(let conflict):
                add(imageNode(prefix, conflict.image), imageAttributes(conflict.image, state: .blocked))
                edges.append(
                    Edge(
                        asked, imageNode(prefix, conflict.image), ["label": "refused", "color": .text(Palette.blocked)])
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
                        "label": .text("child image \(child.shortID)"), "fillcolor": .text(Palette.blocked),
                        "penwidth": "2", "tooltip": .text(child.description),
                    ])
                var attributes = blocked
                attributes["label"] = "built on"
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
                    "label": .text("\(running ? "running" : "stopped") container \(container.prefix(12))"),
                    "shape": "component", "fillcolor": .text(Palette.blocked),
                ])
            var attributes = blocked
            attributes["label"] = "uses"
            return [Edge(id, image, attributes)]
        case .containerUsesReference(let reference, let container):
            let id = "\(prefix):container:\(container)"
            add(
                id,
                [
                    "label": .text("container \(container.prefix(12))\nuses \(reference.familiarString)"),
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
                "label": .text("image \(id.shortID)\nkept"), "fillcolor": .text(Palette.kept),
                "tooltip": .text(id.description),
            ]
        case .deleted:
            [
                "label": .text("image \(id.shortID)\ndeleted"), "fillcolor": .text(Palette.removed),
                "style": "rounded,filled,dashed", "tooltip": .text(id.description),
            ]
        case .blocked:
            [
                "label": .text("image \(id.shortID)\nnot removed"), "fillcolor": .text(Palette.image), "penwidth": "2",
                "tooltip": .text(id.description),
            ]
        }
    }

    private func layerAttributes(_ chainID: Digest, _ note: String, _ fill: String) -> Attributes {
        [
            "label": .text("layer \(chainID.shortID)\n\(note)"), "shape": "box3d", "style": "filled",
            "fillcolor": .text(fill), "tooltip": .text(chainID.description),
        ]
    }
}
