import OCI
import Trace

/// Diagram 3, build: each Dockerfile line beside the image its step made and the layer (or
/// empty layer) that image added, one row a step, with cache hits marked. Steps that share an
/// image (a cache hit, a metadata step of the modern builder) show it each time, as Docker's
/// output does.
public struct BuildDiagram {
    public var records: [TraceRecord]
    /// The language of its words.
    public var language: Language

    public init(records: [TraceRecord], language: Language = .en) {
        self.records = records
        self.language = language
    }

    public func graph() -> Graph {
        let words = language.diagramWords
        let key = words.buildKey
        var graph = Palette.graph(
            "build", title: words.buildTitle,
            key: [
                Palette.Swatch(label: key.line, fill: Palette.tag),
                Palette.Swatch(label: key.made, fill: Palette.intermediateImage),
                Palette.Swatch(label: key.cached, fill: Palette.kept),
                Palette.Swatch(label: key.layer, fill: Palette.layer),
                Palette.Swatch(label: key.empty, fill: Palette.tag, dashed: true, ink: Palette.faint),
            ], words: words, rankdir: "LR")
        // A build's own events carry its operation number; the store operations it runs (create,
        // commit, rm) come between them with numbers of their own.
        var builds: [(builder: BuilderKind, dockerfile: String, events: [TraceEvent])] = []
        var operation: Int?
        for record in records {
            if case .buildStarted(let builder, let dockerfile, _) = record.event {
                builds.append((builder, dockerfile, []))
                operation = record.operation
            } else if record.operation == operation, !builds.isEmpty {
                builds[builds.count - 1].events.append(record.event)
            }
        }
        for (index, build) in builds.enumerated() {
            graph.clusters.append(
                cluster(
                    index + 1, builder: build.builder, dockerfile: build.dockerfile, events: build.events,
                    words: words))
        }
        return graph
    }

    private func cluster(
        _ number: Int, builder: BuilderKind, dockerfile: String, events: [TraceEvent], words: any DiagramWords
    ) -> Cluster {
        let prefix = "build\(number)"
        var cluster = Cluster(
            prefix, ["label": .text(words.buildOf(dockerfile, builder: builder)), "style": "rounded"])
        var steps: [BuildStepInfo] = []
        var results: [Int: BuildStepResult] = [:]
        var finished: (Digest, [Reference])?
        for event in events {
            switch event {
            case .buildStepStarted(let step): steps.append(step)
            case .buildStepFinished(let result): results[result.number] = result
            case .buildFinished(let image, let references): finished = (image, references)
            default: break
            }
        }
        var previous: String?
        for step in steps {
            let row = "\(prefix):step\(step.number)"
            var stepCluster = Cluster(row, ["label": "", "style": "invis"])
            let line = "\(row):line"
            stepCluster.nodes.append(
                Node(
                    line,
                    [
                        "label": .text("\(step.line): \(Self.shortened(step.instruction))"), "shape": "note",
                        "fillcolor": .text(Palette.tag), "tooltip": .text(step.instruction),
                    ]))
            if let result = results[step.number] {
                let image = "\(row):image"
                let cached = result.cache == .hit
                let note =
                    switch result.cache {
                    case .hit: "\n" + words.usingCache
                    case .notApplicable: "\n" + words.baseImage
                    case .miss, .disabled: ""
                    }
                stepCluster.nodes.append(
                    Node(
                        image,
                        [
                            "label": .text(words.image(result.image) + note),
                            "fillcolor": .text(cached ? Palette.kept : Palette.intermediateImage),
                            "tooltip": .text(
                                result.reason.map(words.cacheMiss) ?? result.image.description),
                        ]))
                stepCluster.edges.append(Edge(line, image))
                let layer = "\(row):layer"
                if let diffID = result.layer, let shown = result.shownLayer {
                    stepCluster.nodes.append(
                        Node(
                            layer,
                            [
                                "label": .text(words.layer(shown)), "shape": "box3d",
                                "fillcolor": .text(Palette.layer),
                                "tooltip": .text(
                                    shown == diffID ? diffID.description : "chain ID \(shown)\ndiff ID \(diffID)"),
                            ]))
                } else if result.cache != .notApplicable {
                    stepCluster.nodes.append(
                        Node(
                            layer,
                            [
                                "label": .text(words.emptyLayer), "shape": "box3d", "style": "dashed",
                                "color": .text(Palette.faint), "fontcolor": .text(Palette.faint),
                            ]))
                }
                if result.layer != nil || result.cache != .notApplicable {
                    stepCluster.edges.append(Edge(image, layer))
                }
                if let previous {
                    cluster.edges.append(Edge(previous, image, ["style": "dashed", "constraint": "false"]))
                }
                previous = image
            }
            cluster.clusters.append(stepCluster)
        }
        if let (image, references) = finished, let previous {
            let end = "\(prefix):final"
            let names = references.map(\.familiarString).joined(separator: "\n")
            cluster.nodes.append(
                Node(
                    end,
                    [
                        "label": .text(words.successfullyBuilt(image) + (names.isEmpty ? "" : "\n" + names)),
                        "fillcolor": .text(Palette.image),
                    ]))
            cluster.edges.append(Edge(previous, end, ["constraint": "false"]))
        }
        return cluster
    }

    /// A Dockerfile line short enough for a box; the whole line is the tooltip.
    static func shortened(_ instruction: String) -> String {
        instruction.count <= 48 ? instruction : String(instruction.prefix(47)) + "…"
    }
}
