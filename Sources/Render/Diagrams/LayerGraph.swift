import OCI
import Trace

/// Diagram 1, the layer graph: tags → images → layers, each layer pointing to the one below.
///
/// A layer several images use is drawn once, highlighted, and says how many images share it:
/// the course's point that images share layers. Classic parent links (builds, commits) and
/// intermediate images are drawn when `all` is set, as `images -a` lists them.
public struct LayerGraph {
    public var snapshot: StoreSnapshot
    /// Only these images (and the layers they use); all images when empty.
    public var selected: Set<Digest>
    /// Whether to show intermediate images and classic parent links.
    public var all: Bool
    /// The language of its words.
    public var language: Language

    /// Whether the title and key are drawn inside the picture; without, `heading()` gives them to the
    /// page that shows it.
    public var headed: Bool

    public init(
        snapshot: StoreSnapshot, selected: Set<Digest> = [], all: Bool = false, language: Language = .en,
        headed: Bool = true
    ) {
        self.snapshot = snapshot
        self.selected = selected
        self.all = all
        self.language = language
        self.headed = headed
    }

    /// What the picture draws: the images, the layers they (and containers whose image is gone)
    /// stand on, and the containers.
    private struct Contents {
        var images: [StoreSnapshot.Image]
        var shownIDs: Set<Digest>
        var usersByLayer: [Digest: Int]
        var usedLayers: Set<Digest>
        var layers: [LayerInfo]
        var containers: [StoreSnapshot.Container]
    }

    private func contents() -> Contents {
        let images = Self.visibleImages(of: snapshot, selected: selected, all: all)
        let shownIDs = Set(images.map(\.id))
        let usersByLayer = Self.userCounts(images)
        // A container whose image `rmi -f` deleted still stands on that image's layers: drawn on them.
        let imageIDs = Set(snapshot.images.map(\.id))
        let withoutImage =
            selected.isEmpty ? snapshot.containers.filter { !imageIDs.contains($0.image) && $0.layer != nil } : []
        let usedLayers = Set(usersByLayer.keys).union(withoutImage.flatMap { Self.chain(from: $0.layer, in: snapshot) })
        return Contents(
            images: images, shownIDs: shownIDs, usersByLayer: usersByLayer, usedLayers: usedLayers,
            layers: snapshot.layers.filter { usedLayers.contains($0.chainID) },
            containers: snapshot.containers.filter { shownIDs.contains($0.image) } + withoutImage)
    }

    /// The picture's title and key: drawn in it when `headed`, else for the page to set.
    public func heading() -> DiagramHeading { heading(of: contents()) }

    private func heading(of contents: Contents) -> DiagramHeading {
        let words = language.diagramWords
        let key = words.layerGraphKey
        let images = contents.images
        return DiagramHeading(
            title: words.layerGraphTitle(images: images.count, layers: contents.layers.count),
            key: [
                Palette.Swatch(label: key.tag, fill: Palette.tag),
                Palette.Swatch(label: key.image, fill: Palette.image),
                Palette.Swatch(label: key.layer, fill: Palette.layer),
            ]
                // Only when one is drawn: a trial learner looked in vain for the orange of the key.
                + (contents.usersByLayer.values.contains { $0 > 1 }
                    ? [Palette.Swatch(label: key.shared, fill: Palette.sharedLayer)] : [])
                + Self.namelessSwatches(images, parents: snapshot.parents, words: words)
                + (images.contains { $0.references.contains { $0.digest != nil } }
                    ? [Palette.Swatch(label: words.digestNameKey, fill: Palette.tag)] : [])
                + (all && images.contains { $0.parent.map(contents.shownIDs.contains) == true }
                    ? [Palette.Swatch(label: words.parentArrowKey, fill: nil)] : [])
                + (contents.containers.isEmpty
                    ? [] : [Palette.Swatch(label: words.containerKey, fill: Palette.container)]))
    }

    public func graph() -> Graph {
        let parents = snapshot.parents
        let contents = contents()
        let images = contents.images
        let shownIDs = contents.shownIDs
        let usersByLayer = contents.usersByLayer
        let usedLayers = contents.usedLayers
        let words = language.diagramWords
        let heading = heading(of: contents)
        var graph = Palette.graph("layers", title: heading.title, key: heading.key, words: words, headed: headed)

        var tags = Cluster("tags", ["label": "Tags", "style": "invis"])
        var imageBox = Cluster("images", ["label": "Images", "style": "invis"])
        for image in images {
            for reference in image.references.sorted(by: { $0.description < $1.description }) {
                let id = "tag:\(reference)"
                var attributes: Attributes = [
                    "label": .text(Self.label(of: reference)), "shape": "note", "fillcolor": .text(Palette.tag),
                ]
                if reference.digest != nil { attributes["tooltip"] = .text(reference.familiarString) }
                tags.nodes.append(Node(id, attributes))
                graph.edges.append(Edge(id, Self.imageID(image.id)))
            }
            let intermediate = image.references.isEmpty && parents.contains(image.id)
            let dangling = image.references.isEmpty && !intermediate
            let node =
                Node(
                    Self.imageID(image.id),
                    [
                        "label": .text("\(words.image(image.id))\n\(words.imageSize(ByteCount.docker(image.size)))"),
                        "tooltip": .text(image.id.description),
                        "fillcolor": .text(
                            intermediate ? Palette.intermediateImage : dangling ? Palette.danglingImage : Palette.image),
                        "style": .text(image.references.isEmpty ? "rounded,filled,dashed" : "rounded,filled"),
                    ])
            // A named image stands in the row under its names. One without a name is left free, so it
            // sits beside the layer it tops: a build's intermediate images go down the chain of
            // layers one step each, and the picture is half as wide as with all of them in a row.
            if image.references.isEmpty { graph.nodes.append(node) } else { imageBox.nodes.append(node) }
            if let top = image.layers.last {
                graph.edges.append(Edge(Self.imageID(image.id), Self.layerID(top), ["label": .text(words.topLayer)]))
            }
            if all, let parent = image.parent, shownIDs.contains(parent) {
                graph.edges.append(
                    Edge(
                        Self.imageID(image.id), Self.imageID(parent),
                        // Unlabelled, the key says what it is: side by side, the labels ran into each other.
                        // (A labelled edge between images of one rank makes Graphviz 2.42's dot free a
                        // pointer it did not allocate.)
                        ["style": "dashed", "color": .text(Palette.ink), "constraint": "false"]))
            }
        }
        for container in contents.containers {
            let id = "container:\(container.id)"
            let state = words.container(
                String(container.id.prefix(12)), running: container.running ?? container.exitCode.map { _ in false })
            let orphaned = !shownIDs.contains(container.image)
            tags.nodes.append(
                Node(
                    id,
                    [
                        "label": .text(
                            "\(state)\n\(container.name)"
                                + (container.size.map { "\n" + words.containerLayer(ByteCount.docker($0)) } ?? "")
                                + (orphaned ? "\n" + words.containersImageDeleted(container.image) : "")
                        ),
                        // The component shape's tabs sit inside its box: room for them beside the words.
                        "shape": "component", "margin": "0.3,0.06", "fillcolor": .text(Palette.container),
                        "tooltip": .text(container.id),
                    ]))
            let target =
                orphaned
                ? container.layer.map(Self.layerID) ?? Self.imageID(container.image) : Self.imageID(container.image)
            // Dotted, not dashed: a dashed arrow is an image's to its parent, and a trial learner took
            // the two for one kind.
            graph.edges.append(Edge(id, target, ["label": .text(words.uses), "style": "dotted"]))
        }
        graph.clusters = [tags, imageBox]

        var layerBox = Cluster("layers", ["label": "Layers (overlay2 diff folders)", "style": "invis"])
        for layer in contents.layers {
            let users = usersByLayer[layer.chainID, default: 0]
            let shared = users > 1
            layerBox.nodes.append(
                Node(
                    Self.layerID(layer.chainID),
                    [
                        "label": .text(
                            "\(words.layer(layer.chainID))\n\(ByteCount.docker(layer.size))"
                                + (shared ? "\n" + words.sharedBy(users) : "")),
                        "tooltip": .text("chain ID \(layer.chainID)\ndiff ID \(layer.diffID)"),
                        // Room for the box's top face above the words.
                        "shape": "box3d", "style": "filled", "margin": "0.15,0.12",
                        "fillcolor": .text(shared ? Palette.sharedLayer : Palette.layer),
                        "penwidth": .text(shared ? "2" : "1"),
                    ]))
            if let parent = layer.parent, usedLayers.contains(parent) {
                graph.edges.append(
                    Edge(Self.layerID(layer.chainID), Self.layerID(parent), ["label": .text(words.onTopOf)]))
            }
        }
        graph.clusters.append(layerBox)
        return graph
    }

    /// `top` and the layers under it, top first.
    static func chain(from top: Digest?, in snapshot: StoreSnapshot) -> [Digest] {
        let parents = Dictionary(
            snapshot.layers.map { ($0.chainID, $0.parent) }, uniquingKeysWith: { first, _ in first })
        var chain: [Digest] = []
        var next = top
        while let layer = next, parents[layer] != nil, !chain.contains(layer) {
            chain.append(layer)
            next = parents[layer] ?? nil
        }
        return chain
    }

    /// The images drawn: the selection (all by default), without intermediate images unless `all`.
    public static func visibleImages(
        of snapshot: StoreSnapshot, selected: Set<Digest>, all: Bool
    ) -> [StoreSnapshot.Image] {
        let parents = snapshot.parents
        return snapshot.images.filter { image in
            (selected.isEmpty || selected.contains(image.id))
                && (all || !image.references.isEmpty || !parents.contains(image.id))
        }.sorted { $0.id < $1.id }
    }

    /// How many of `images` use each layer, counted once for all of them rather than by scanning
    /// every image for every layer (a store of 1,000 images has thousands of layers).
    static func userCounts(_ images: [StoreSnapshot.Image]) -> [Digest: Int] {
        var counts: [Digest: Int] = [:]
        for image in images {
            for layer in Set(image.layers) { counts[layer, default: 0] += 1 }
        }
        return counts
    }

    /// The key's samples for images without a name, when the picture has any: an intermediate
    /// image (another is built on it) and a dangling one (nothing is), drawn as their nodes are.
    private static func namelessSwatches(
        _ images: [StoreSnapshot.Image], parents: Set<Digest>, words: any DiagramWords
    ) -> [Palette.Swatch] {
        let nameless = images.filter(\.references.isEmpty)
        var swatches: [Palette.Swatch] = []
        if nameless.contains(where: { parents.contains($0.id) }) {
            swatches.append(
                Palette.Swatch(label: words.namelessKey.intermediate, fill: Palette.intermediateImage, dashed: true))
        }
        if nameless.contains(where: { !parents.contains($0.id) }) {
            swatches.append(
                Palette.Swatch(label: words.namelessKey.dangling, fill: Palette.danglingImage, dashed: true))
        }
        return swatches
    }

    /// A name as its tag node reads, on narrow lines: several names stand side by side, and one long
    /// one shrinks the whole picture. A registry's address has a line of its own, and a digest name
    /// (a RepoDigest) is cut to its first 12 hex digits, as image and layer IDs are, on a line of its
    /// own; the node's tooltip has it whole.
    static func label(of reference: Reference) -> String {
        let familiar = reference.familiarName
        let registry = reference.domain == Reference.defaultDomain ? "" : reference.domain + "/"
        let path = familiar.hasPrefix(registry) ? String(familiar.dropFirst(registry.count)) : familiar
        let lines = [registry, path + (reference.tag.map { ":" + $0 } ?? "")].filter { !$0.isEmpty }
        guard let digest = reference.digest else { return lines.joined(separator: "\n") }
        return (lines + ["@\(digest.algorithm.rawValue):\(digest.shortID)…"]).joined(separator: "\n")
    }

    /// The node of image `id`: its name in the graph, and its SVG `<title>`.
    public static func imageID(_ id: Digest) -> String { "image:\(id.encoded)" }
    /// The node of layer `id` (a chain ID).
    public static func layerID(_ id: Digest) -> String { "layer:\(id.encoded)" }
}
