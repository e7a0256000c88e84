/// The colours and styles every diagram shares. Fills differ in lightness as well as hue and
/// borders differ in style, so a diagram printed in grey still reads.
enum Palette {
    static let font = "Helvetica"
    static let tag = "#ffffff"
    static let image = "#cfe2f3"
    static let intermediateImage = "#eef4fa"
    static let layer = "#f3f3f3"
    static let sharedLayer = "#f6b26b"
    static let removed = "#d9d9d9"
    static let blocked = "#e06666"
    static let kept = "#b6d7a8"
    static let ink = "#333333"
    static let faint = "#999999"

    /// Defaults every diagram starts from.
    static func graph(_ name: String, title: String, rankdir: String = "TB") -> Graph {
        Graph(
            name: name,
            attributes: [
                "label": .text(title), "labelloc": "t", "fontname": .text(font), "fontsize": "18",
                "rankdir": .text(rankdir), "nodesep": "0.35", "ranksep": "0.5", "bgcolor": "white",
            ],
            nodeDefaults: [
                "fontname": .text(font), "fontsize": "11", "shape": "box", "style": "rounded,filled",
                "color": .text(ink), "fillcolor": .text(layer),
            ],
            edgeDefaults: ["fontname": .text(font), "fontsize": "9", "color": .text(ink), "arrowsize": "0.7"]
        )
    }

    /// A legend box from (label, node attributes) samples.
    static func legend(_ samples: [(String, Attributes)]) -> Cluster {
        var legend = Cluster(
            "legend",
            ["label": "Legend", "fontname": .text(font), "fontsize": "11", "style": "dashed", "color": .text(faint)])
        for (index, (label, attributes)) in samples.enumerated() {
            var attributes = attributes
            attributes["label"] = .text(label)
            legend.nodes.append(Node("legend\(index)", attributes))
        }
        return legend
    }
}
