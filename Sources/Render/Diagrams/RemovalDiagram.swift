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
            // The name asked for: the first argument that is not a flag (older traces put the flags last).
            let requested = arguments.first { !$0.hasPrefix("-") } ?? "?"
            graph.clusters.append(cluster(operation: index + 1, requested: requested, events: events))
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
        // An ID asked for is not a name: it is not drawn as a tag is.
        let byID = Self.isID(requested)
        cluster.nodes.append(
            Node(
                asked,
                [
                    // Solid: dashed means deleted in this diagram.
                    "label": .text(byID ? words.imageIDAsked(requested) : requested), "shape": byID ? "box" : "note",
                    "style": byID ? "rounded,filled" : "filled", "fillcolor": .text(Palette.tag),
                ]))
        var drawn: Set<String> = [asked]
        var edges: [Edge] = []
        func add(_ id: String, _ attributes: Attributes) {
            guard drawn.insert(id).inserted else { return }
            cluster.nodes.append(Node(id, attributes))
        }
        /// A node drawn again in its later state: a layer kept for a moment, then deleted with the parent.
        func update(_ id: String, _ attributes: Attributes) {
            guard drawn.contains(id) else { return add(id, attributes) }
            cluster.nodes = cluster.nodes.map { $0.id == id ? Node(id, attributes) : $0 }
        }
        func connect(_ edge: Edge) {
            guard !edges.contains(where: { $0.from == edge.from && $0.to == edge.to }) else { return }
            edges.append(edge)
        }
        // The image being deleted: the layer events that follow are its layers.
        var current: String?
        // Images reached another way than straight from the request: through a name, or as a parent.
        var reached: Set<String> = []
        // The images that keep each layer the operation left (drawn last: a layer kept for a
        // moment may go with a parent deleted after it).
        var keepers: [String: [Digest]] = [:]
        /// A layer in its latest state, used by the image being deleted.
        func showLayer(_ chainID: Digest, _ attributes: Attributes) {
            let id = "\(prefix):layer:\(chainID.encoded)"
            update(id, attributes)
            if let current { connect(Edge(current, id, ["label": .text(words.used), "style": "dashed"])) }
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
                connect(Edge(asked, id, ["label": .text(words.untag)]))
                connect(Edge(id, imageNode(prefix, image), ["style": "dashed"]))
                reached.insert(imageNode(prefix, image))
            case .parentPruned(let image, let child):
                let id = imageNode(prefix, image)
                add(id, imageAttributes(image, state: .kept))
                connect(Edge(imageNode(prefix, child), id, ["label": .text(words.unusedParent), "style": "dashed"]))
                reached.insert(id)
            case .imageDeleted(let image):
                let id = imageNode(prefix, image)
                update(id, imageAttributes(image, state: .deleted))
                if !reached.contains(id) { connect(Edge(asked, id, ["label": .text(words.deleted)])) }
                current = id
            case .layerDeleted(let layer):
                showLayer(layer.chainID, layerAttributes(layer.chainID, words.deleted, Palette.removed, dashed: true))
                keepers["\(prefix):layer:\(layer.chainID.encoded)"] = nil
            case .layerReleased(let chainID, let remaining, let usedBy):
                let kept = words.keptFor(
                    images: usedBy?.count, containers: usedBy.map { remaining - $0.count }, users: remaining)
                showLayer(chainID, layerAttributes(chainID, kept, Palette.kept, dashed: false))
                keepers["\(prefix):layer:\(chainID.encoded)"] = usedBy
            case .rmiConflict(let conflict):
                add(imageNode(prefix, conflict.image), imageAttributes(conflict.image, state: .blocked))
                connect(
                    Edge(
                        asked, imageNode(prefix, conflict.image),
                        ["label": .text(words.refused), "color": .text(Palette.blocked)]))
                edges += holders(of: conflict.image, conflict.cause, blocking: true, prefix: prefix, add: add)
            case .imageKept(let kept):
                let id = imageNode(prefix, kept.image)
                add(id, imageAttributes(kept.image, state: .kept))
                if let child = kept.child {
                    connect(Edge(imageNode(prefix, child), id, ["label": .text(words.parentImage), "style": "dashed"]))
                } else if !reached.contains(id) {
                    connect(Edge(asked, id, ["label": .text(words.kept)]))
                }
                reached.insert(id)
                holders(of: kept.image, kept.cause, blocking: false, prefix: prefix, add: add).forEach(connect)
            default:
                break
            }
        }
        // Each kept layer hangs from the images that keep it, not only from the deleted one that used it.
        for (layer, images) in keepers.sorted(by: { $0.key < $1.key }) {
            for image in images {
                add(imageNode(prefix, image), imageAttributes(image, state: .kept))
                connect(Edge(imageNode(prefix, image), layer, ["label": .text(words.uses), "penwidth": "2"]))
            }
        }
        cluster.edges = edges
        return cluster
    }

    /// What keeps `held` in the store, drawn as the cause of a refusal (`blocking`) or of an image
    /// quietly kept.
    private func holders(
        of held: Digest, _ cause: RmiConflict.Cause, blocking: Bool, prefix: String,
        add: (String, Attributes) -> Void
    ) -> [Edge] {
        let image = imageNode(prefix, held)
        let fill = blocking ? Palette.blocked : Palette.kept
        let holding: Attributes = ["color": .text(blocking ? Palette.blocked : Palette.ink), "penwidth": "2"]
        switch cause {
        case .dependentChildren(let children):
            return children.map { child in
                let id = imageNode(prefix, child)
                add(
                    id,
                    [
                        "label": .text(words.childImage(child)), "fillcolor": .text(fill),
                        "penwidth": "2", "tooltip": .text(child.description),
                    ])
                var attributes = holding
                attributes["label"] = .text(words.builtOn)
                return Edge(id, image, attributes)
            }
        case .referencedInRepositories(let references):
            return references.map { reference in
                let id = "\(prefix):name:\(reference)"
                add(
                    id,
                    [
                        "label": .text(reference.familiarString), "shape": "note", "fillcolor": .text(fill),
                        "penwidth": "2",
                    ])
                return Edge(id, image, holding)
            }
        case .usedByContainer(let container, let running):
            let id = "\(prefix):container:\(container)"
            add(
                id,
                [
                    "label": .text(words.container(container, running: running)),
                    "shape": "component", "fillcolor": .text(fill),
                ])
            var attributes = holding
            attributes["label"] = .text(words.uses)
            return [Edge(id, image, attributes)]
        case .containerUsesReference(let reference, let container):
            let id = "\(prefix):container:\(container)"
            add(
                id,
                [
                    "label": .text(
                        "\(words.container(container, running: nil))\n\(words.uses) \(reference.familiarString)"),
                    "shape": "component", "fillcolor": .text(fill),
                ])
            return [Edge(id, image, holding)]
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

    private func layerAttributes(_ chainID: Digest, _ note: String, _ fill: String, dashed: Bool) -> Attributes {
        [
            "label": .text("\(words.layer(chainID))\n\(note)"), "shape": "box3d",
            "style": .text(dashed ? "filled,dashed" : "filled"), "fillcolor": .text(fill),
            "tooltip": .text(chainID.description),
        ]
    }
}

extension RemovalDiagram {
    /// Whether `rmi` was given an image ID (`89e1cbeec42d`, `sha256:…`) rather than a name: 12 to
    /// 64 lowercase hex digits, as Docker takes a short ID.
    static func isID(_ argument: String) -> Bool {
        let hex = argument.hasPrefix("sha256:") ? argument.dropFirst(7) : Substring(argument)
        return (12...64).contains(hex.count) && hex.allSatisfy { $0.isHexDigit && !$0.isUppercase }
    }

    /// Whether `rmi` was given -f (the trace keeps its flags as typed, first).
    static func isForced(_ arguments: [String]) -> Bool {
        arguments.contains("-f") || arguments.contains("--force")
    }
}
