import OCI
import Trace

/// Diagram 2, the union stack: an image as its layers, top layer first, each listing what it
/// adds (+), changes (~) and deletes with whiteouts (−), above them the merged view the union
/// filesystem shows and, for every file, the layer it comes from.
public struct UnionStackDiagram {
    public var stack: UnionStackReport
    /// How many paths a box lists before it says how many more there are.
    public var rowsPerBox: Int
    /// The language of its words.
    public var language: Language

    public init(stack: UnionStackReport, rowsPerBox: Int = 12, language: Language = .en) {
        self.stack = stack
        self.rowsPerBox = rowsPerBox
        self.language = language
    }

    private var words: any DiagramWords { language.diagramWords }

    public func graph() -> Graph {
        var graph = Palette.graph(
            "union", title: words.unionTitle(stack.name ?? stack.image.shortID, layers: stack.layers.count),
            key: [
                Palette.Swatch(label: words.unionKey.changes, fill: Palette.layer),
                Palette.Swatch(label: words.unionKey.merged, fill: Palette.image),
            ], words: words)
        graph.nodeDefaults["shape"] = "plain"
        graph.nodes.append(Node("merged", ["label": .html(mergedTable())]))
        var previous = "merged"
        for (index, layer) in stack.layers.enumerated().reversed() {
            let id = "layer\(index)"
            graph.nodes.append(
                Node(id, ["label": .html(layerTable(index, layer)), "tooltip": .text(layer.chainID.description)]))
            graph.edges.append(
                Edge(
                    previous, id,
                    ["label": .text(previous == "merged" ? words.topLayer : words.onTopOf), "arrowhead": "none"]))
            previous = id
        }
        return graph
    }

    private func layerTable(_ index: Int, _ layer: UnionStackReport.Layer) -> String {
        var rows = layer.added.map { ("+", $0) } + layer.changed.map { ("~", $0) } + layer.removed.map { ("−", $0) }
        let hidden = max(0, rows.count - rowsPerBox)
        rows = Array(rows.prefix(rowsPerBox))
        var html = table(
            header: words.unionLayerHeader(index + 1, layer.chainID, size: ByteCount.docker(layer.size)),
            fill: Palette.layer)
        for (sign, path) in rows {
            let colour = sign == "−" ? Palette.blocked : Palette.ink
            html += "<TR><TD ALIGN=\"LEFT\"><FONT COLOR=\"\(colour)\">\(sign) /\(DOTWriter.html(path))</FONT></TD></TR>"
        }
        if rows.isEmpty { html += "<TR><TD ALIGN=\"LEFT\"><I>\(DOTWriter.html(words.noFiles))</I></TD></TR>" }
        if hidden > 0 { html += "<TR><TD ALIGN=\"LEFT\"><I>\(DOTWriter.html(words.andMore(hidden)))</I></TD></TR>" }
        return html + "</TABLE>"
    }

    private func mergedTable() -> String {
        var html = table(header: words.mergedHeader(files: stack.merged.count), fill: Palette.image)
        for file in stack.merged.prefix(rowsPerBox * 2) {
            html +=
                "<TR><TD ALIGN=\"LEFT\">/\(DOTWriter.html(file.path))</TD>"
                + "<TD ALIGN=\"RIGHT\"><FONT COLOR=\"\(Palette.faint)\">\(words.fromLayer(file.layer + 1))</FONT></TD></TR>"
        }
        let hidden = stack.merged.count - min(stack.merged.count, rowsPerBox * 2)
        if hidden > 0 {
            html += "<TR><TD ALIGN=\"LEFT\" COLSPAN=\"2\"><I>\(DOTWriter.html(words.andMore(hidden)))</I></TD></TR>"
        }
        return html + "</TABLE>"
    }

    private func table(header: String, fill: String) -> String {
        "<TABLE BORDER=\"1\" CELLBORDER=\"0\" CELLSPACING=\"0\" CELLPADDING=\"3\" COLOR=\"\(Palette.ink)\">"
            + "<TR><TD COLSPAN=\"2\" BGCOLOR=\"\(fill)\"><B>\(DOTWriter.html(header))</B></TD></TR>"
    }
}
