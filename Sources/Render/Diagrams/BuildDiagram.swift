import OCI
import Trace

/// Diagram 3, build: each Dockerfile line beside the image its step made and the layer (or
/// empty layer) that image added, one row a step, with cache hits marked. Steps that share an
/// image (a cache hit, a metadata step of the modern builder) show it each time, as Docker's
/// output does.
public struct BuildDiagram {
    public var records: [TraceRecord]

    public init(records: [TraceRecord]) {
        self.records = records
    }

    public func graph() -> Graph {
        var graph = Palette.graph(
            "build", title: "docker build: one Dockerfile line, one step, one image, at most one layer",
            rankdir: "LR")
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
                cluster(index + 1, builder: build.builder, dockerfile: build.dockerfile, events: build.events))
        }
        graph.clusters.append(
            Palette.legend([
                ("Dockerfile line", ["shape": "note", "fillcolor": .text(Palette.tag)]),
                ("image the step made", ["fillcolor": .text(Palette.intermediateImage)]),
                ("image from the cache", ["fillcolor": .text(Palette.kept)]),
                ("layer the step added", ["shape": "box3d", "fillcolor": .text(Palette.layer)]),
                ("empty layer: config only", ["shape": "box3d", "style": "dashed", "color": .text(Palette.faint)]),
            ]))
        return graph
    }

    private func cluster(_ number: Int, builder: BuilderKind, dockerfile: String, events: [TraceEvent]) -> Cluster {
        let prefix = "build\(number)"
        var cluster = Cluster(
            prefix,
            [
                "label": .text("\(builder) build of \(dockerfile)"), "style": "rounded",
                "fontname": .text(Palette.font),
            ])
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
                    case .hit: "\nUsing cache"
                    case .notApplicable: "\nbase image"
                    case .miss, .disabled: ""
                    }
                stepCluster.nodes.append(
                    Node(
                        image,
                        [
                            "label": .text("image \(result.image.shortID)\(note)"),
                            "fillcolor": .text(cached ? Palette.kept : Palette.intermediateImage),
                            "tooltip": .text(
                                result.reason.map { "cache miss: \($0.rawValue)" } ?? result.image.description),
                        ]))
                stepCluster.edges.append(Edge(line, image))
                let layer = "\(row):layer"
                if let diffID = result.layer {
                    stepCluster.nodes.append(
                        Node(
                            layer,
                            [
                                "label": .text("layer \(diffID.shortID)"), "shape": "box3d",
                                "fillcolor": .text(Palette.layer), "tooltip": .text(diffID.description),
                            ]))
                } else if result.cache != .notApplicable {
                    stepCluster.nodes.append(
                        Node(
                            layer,
                            [
                                "label": "empty layer", "shape": "box3d", "style": "dashed",
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
                        "label": .text("Successfully built \(image.shortID)" + (names.isEmpty ? "" : "\n" + names)),
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
