import OCI
import Trace

/// What a registry holds, as far as a trace saw it: the tags each repository has, the manifest
/// each names, and the blobs (layers) each manifest lists. A blob the registry keeps once for
/// several repositories is drawn once and says so, as a shared layer does in the layer graph.
/// Only pushes and pulls of names on `registry` count; what the registry got from elsewhere is
/// not in the trace and not drawn.
public struct RegistryDiagram {
    public var records: [TraceRecord]
    /// The registry's address, as names start with it: `127.0.0.1:5000`.
    public var registry: String
    public var language: Language

    public init(records: [TraceRecord], registry: String, language: Language = .en) {
        self.records = records
        self.registry = registry
        self.language = language
    }

    /// The registry's content, in the order the trace met it.
    struct Content {
        /// Each tag of each repository, with the manifest it names.
        var tags: [(repository: String, tag: String, manifest: Digest)] = []
        /// Each manifest's layer blobs, bottom first.
        var blobs: [Digest: [Digest]] = [:]
        /// A blob's layer in the store (its chain ID), when a step named it and the store still has it.
        var layers: [Digest: Digest] = [:]
    }

    func content() -> Content {
        var content = Content()
        for operation in records.operations {
            let events = operation.map(\.event)
            guard case .operationStarted(let kind, _)? = events.first, kind == .pull || kind == .push else { continue }
            var blobs: [Digest] = []
            for event in events {
                switch event {
                case .pullLayer(let blob, _, let layer), .pushLayer(let blob, _, _, let layer):
                    if !blobs.contains(blob) { blobs.append(blob) }
                    if let layer { content.layers[blob] = layer }
                case .imagePushed(let reference, let manifest, _), .imagePulled(let reference, let manifest, _, _):
                    guard reference.domain == registry, let tag = reference.tag else { continue }
                    let repository = reference.path
                    // A tag pushed again keeps its place: the picture does not shuffle between commands.
                    if let index = content.tags.firstIndex(where: { $0.repository == repository && $0.tag == tag }) {
                        content.tags[index].manifest = manifest
                    } else {
                        content.tags.append((repository, tag, manifest))
                    }
                    if !blobs.isEmpty { content.blobs[manifest] = blobs }
                default:
                    break
                }
            }
        }
        // A layer rmi deleted is in the store no longer: the blob in the registry stays.
        let stored = Set(TraceReplay(records).snapshot.layers.map(\.chainID))
        content.layers = content.layers.filter { stored.contains($0.value) }
        return content
    }

    public func graph() -> Graph {
        let words = language.diagramWords
        let content = content()
        let repositories = content.tags.reduce(into: [String]()) {
            if !$0.contains($1.repository) { $0.append($1.repository) }
        }
        // In how many repositories each blob is: the registry stores it once, and links it to each.
        var holders: [Digest: Set<String>] = [:]
        for entry in content.tags {
            for blob in content.blobs[entry.manifest] ?? [] { holders[blob, default: []].insert(entry.repository) }
        }
        var graph = Palette.graph(
            "registry", title: words.registryTitle(registry, repositories: repositories.count),
            key: [
                Palette.Swatch(label: words.registryKey.tag, fill: Palette.tag),
                Palette.Swatch(label: words.registryKey.manifest, fill: Palette.image),
                Palette.Swatch(label: words.registryKey.blob, fill: Palette.layer),
                Palette.Swatch(label: words.registryKey.shared, fill: Palette.sharedLayer),
            ], words: words)
        for repository in repositories {
            var cluster = Cluster(
                "repo:\(repository)",
                ["label": .text(repository), "style": "rounded,dashed", "color": .text(Palette.faint)])
            for entry in content.tags where entry.repository == repository {
                let tag = "tag:\(repository):\(entry.tag)"
                cluster.nodes.append(
                    Node(
                        tag,
                        [
                            "label": .text("\(repository):\(entry.tag)"), "shape": "note",
                            "fillcolor": .text(Palette.tag),
                        ]))
                let manifest = "manifest:\(entry.manifest.encoded)"
                if !cluster.nodes.contains(where: { $0.id == manifest }) {
                    cluster.nodes.append(
                        Node(
                            manifest,
                            [
                                "label": .text(words.manifest(entry.manifest)), "fillcolor": .text(Palette.image),
                                "tooltip": .text(entry.manifest.description),
                            ]))
                }
                graph.edges.append(Edge(tag, manifest))
            }
            graph.clusters.append(cluster)
        }
        var drawn: Set<Digest> = []
        var linked: Set<String> = []
        for entry in content.tags {
            let blobs = content.blobs[entry.manifest] ?? []
            for blob in blobs where drawn.insert(blob).inserted {
                let shared = (holders[blob]?.count ?? 0) > 1
                let layer = content.layers[blob].map { "\n" + words.inTheStoreAs($0) } ?? ""
                graph.nodes.append(
                    Node(
                        "blob:\(blob.encoded)",
                        [
                            "label": .text(
                                words.blob(blob) + layer
                                    + (shared ? "\n" + words.inRepositories(holders[blob]?.count ?? 0) : "")),
                            "shape": "box3d", "style": "filled", "tooltip": .text(blob.description),
                            "fillcolor": .text(shared ? Palette.sharedLayer : Palette.layer),
                            "penwidth": .text(shared ? "2" : "1"),
                        ]))
            }
            let manifest = "manifest:\(entry.manifest.encoded)"
            for blob in blobs where linked.insert("\(manifest) \(blob)").inserted {
                graph.edges.append(Edge(manifest, "blob:\(blob.encoded)", ["color": .text(Palette.faint)]))
            }
        }
        return graph
    }
}
