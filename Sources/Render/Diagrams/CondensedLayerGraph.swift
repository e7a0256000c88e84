import OCI
import Trace

/// The layer graph of a large store, drawn so it can still be read: every run of layers that no
/// image branches from or ends in is one box, and the images standing on the same run are one
/// table beside it, a row each, their own (unshared) layers folded into that row.
///
/// A thousand images on fifty bases become fifty boxes and fifty tables, where ``LayerGraph``
/// draws thousands of nodes. What the course wants seen stays: which layers are shared, by how
/// many images, and what each image adds on top.
public struct CondensedLayerGraph {
    public var snapshot: StoreSnapshot
    /// Only these images (and the layers they use); all images when empty.
    public var selected: Set<Digest>
    /// Whether to count intermediate images too.
    public var all: Bool
    public var language: Language
    /// Rows a table lists before it says how many more there are.
    public var rowsPerTable: Int

    public init(
        snapshot: StoreSnapshot, selected: Set<Digest> = [], all: Bool = false, language: Language = .en,
        rowsPerTable: Int = 12
    ) {
        self.snapshot = snapshot
        self.selected = selected
        self.all = all
        self.language = language
        self.rowsPerTable = rowsPerTable
    }

    /// A run of layers: each but the first stands on the one before and has the same users.
    struct Run {
        var layers: [LayerInfo]
        var users: Int
        /// The first layer's chain ID names the run.
        var id: Digest { layers[0].chainID }
        var size: Int64 { layers.reduce(0) { $0 + $1.size } }
    }

    /// One image as a table row: the shared run it stands on, and the layers only it has.
    struct Placement {
        var image: StoreSnapshot.Image
        var base: Run?
        var sharedRuns: [Run]
        var ownLayers: [LayerInfo]
    }

    public func graph() -> Graph {
        let images = LayerGraph.visibleImages(of: snapshot, selected: selected, all: all)
        let placements = Self.place(images, layers: snapshot.layers)
        let words = language.diagramWords
        let key = words.layerGraphKey
        var graph = Palette.graph(
            "layers",
            title: words.condensedLayerGraphTitle(
                images: images.count, layers: Set(images.flatMap(\.layers)).count,
                runs: Set(placements.flatMap { $0.sharedRuns.map(\.id) }).count),
            key: [
                Palette.Swatch(label: key.image, fill: Palette.image),
                Palette.Swatch(label: key.shared, fill: Palette.sharedLayer),
            ], words: words,
            // Tables on the left, their layers to the right: fifty bases stack down the page, as a
            // reader scrolls, instead of running fifty tables wide.
            rankdir: "LR")

        var drawnRuns: Set<Digest> = []
        for placement in placements {
            var below: Run?
            for run in placement.sharedRuns {
                if drawnRuns.insert(run.id).inserted {
                    graph.nodes.append(runNode(run, words: words))
                    if let below { graph.edges.append(Edge(Self.runID(run.id), Self.runID(below.id))) }
                }
                below = run
            }
        }
        let groups = Dictionary(grouping: placements) { $0.base?.id }
        for (base, members) in groups.sorted(by: { ($0.key?.description ?? "") < ($1.key?.description ?? "") }) {
            let id = "images:\(base?.encoded ?? "unshared")"
            graph.nodes.append(
                Node(id, ["label": .html(table(members, words: words)), "shape": "plain", "style": "solid"]))
            if let base { graph.edges.append(Edge(id, Self.runID(base))) }
        }
        return graph
    }

    private func runNode(_ run: Run, words: any DiagramWords) -> Node {
        let first = run.layers[0]
        let heading =
            run.layers.count == 1
            ? words.layer(first.chainID) : words.layerRun(run.layers.count, from: first.chainID)
        return Node(
            Self.runID(run.id),
            [
                "label": .text("\(heading)\n\(ByteCount.docker(run.size))\n\(words.sharedBy(run.users))"),
                "tooltip": .text(run.layers.map { "chain ID \($0.chainID)" }.joined(separator: "\n")),
                "shape": "box3d", "style": "filled", "fillcolor": .text(Palette.sharedLayer), "penwidth": "2",
            ])
    }

    /// A table of the images on one base: name, ID and what each adds.
    private func table(_ members: [Placement], words: any DiagramWords) -> String {
        let rows = members.sorted { Self.name(of: $0.image) < Self.name(of: $1.image) }
        let cell = "<TD ALIGN=\"LEFT\">"
        var html =
            "<TABLE BORDER=\"1\" CELLBORDER=\"0\" CELLSPACING=\"0\" CELLPADDING=\"3\" BGCOLOR=\"\(Palette.image)\" "
            + "COLOR=\"\(Palette.ink)\" STYLE=\"rounded\">"
            + "<TR><TD COLSPAN=\"3\"><B>\(DOTWriter.html(words.imagesOnBase(rows.count, shared: rows[0].base != nil)))"
            + "</B></TD></TR>"
        for placement in rows.prefix(rowsPerTable) {
            let own = placement.ownLayers
            let adds =
                own.isEmpty
                ? words.noOwnLayers : words.ownLayers(own.count, size: ByteCount.docker(own.reduce(0) { $0 + $1.size }))
            html +=
                "<TR>\(cell)\(DOTWriter.html(Self.name(of: placement.image)))</TD>"
                + "\(cell)<FONT COLOR=\"#555555\">\(placement.image.id.shortID)</FONT></TD>"
                + "\(cell)\(DOTWriter.html(adds))</TD></TR>"
        }
        if rows.count > rowsPerTable {
            html += "<TR><TD COLSPAN=\"3\">\(DOTWriter.html(words.andMore(rows.count - rowsPerTable)))</TD></TR>"
        }
        return html + "</TABLE>"
    }

    /// Cuts every image's chain into runs and sorts its layers into shared runs and its own.
    static func place(_ images: [StoreSnapshot.Image], layers: [LayerInfo]) -> [Placement] {
        let users = LayerGraph.userCounts(images)
        let byID = Dictionary(layers.map { ($0.chainID, $0) }, uniquingKeysWith: { first, _ in first })
        // A layer opens a run unless it stands on a layer with as many users: then no image ends
        // at that layer below it and no other chain branches off it.
        func opensRun(_ layer: LayerInfo) -> Bool {
            guard let parent = layer.parent else { return true }
            return users[parent] != users[layer.chainID]
        }
        var placements: [Placement] = []
        for image in images {
            var chain: [Run] = []
            for chainID in image.layers {
                guard let layer = byID[chainID] else { continue }
                if chain.isEmpty || opensRun(layer) {
                    chain.append(Run(layers: [layer], users: users[chainID, default: 1]))
                } else {
                    chain[chain.count - 1].layers.append(layer)
                }
            }
            let shared = chain.filter { $0.users > 1 }
            let own = chain.filter { $0.users <= 1 }.flatMap(\.layers)
            placements.append(Placement(image: image, base: shared.last, sharedRuns: shared, ownLayers: own))
        }
        return placements
    }

    private static func name(of image: StoreSnapshot.Image) -> String {
        image.references.map(\.familiarString).sorted().first ?? "<none>"
    }

    static func runID(_ id: Digest) -> String { "run:\(id.encoded)" }
}
