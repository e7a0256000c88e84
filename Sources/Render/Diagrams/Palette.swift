/// The colours and styles every diagram shares. Fills differ in lightness as well as hue and
/// borders differ in style, so a diagram printed in grey still reads.
enum Palette {
    static let tag = "#ffffff"
    static let image = "#cfe2f3"
    static let intermediateImage = "#eef4fa"
    /// White: a dangling image has no name and nothing built on it, unlike an intermediate one.
    static let danglingImage = "#ffffff"
    static let layer = "#f3f3f3"
    static let sharedLayer = "#f6b26b"
    static let removed = "#d9d9d9"
    static let blocked = "#e06666"
    static let kept = "#b6d7a8"
    static let container = "#fff2cc"
    static let ink = "#333333"
    static let faint = "#999999"

    /// The smallest font size (points) any diagram uses. Graphviz's SVG is sized in points, and a
    /// point is 4/3 of a CSS pixel, so at its own size the smallest text is 12 pixels high; the
    /// book never shows a diagram smaller than 11 pixels' worth of that.
    static let smallestFontSize = 9.0

    /// Defaults every diagram starts from: the title with its key under it (one line of samples,
    /// not a legend box as large as the picture), set in the language's font. Without `headed`, the
    /// picture leaves both to the page that shows it.
    static func graph(
        _ name: String, title: String, key: [Swatch], words: any DiagramWords, rankdir: String = "TB",
        headed: Bool = true
    ) -> Graph {
        var attributes: Attributes = [
            "fontname": .text(words.font), "fontsize": "13", "rankdir": .text(rankdir), "nodesep": "0.35",
            "ranksep": "0.5", "bgcolor": "white",
        ]
        if headed {
            attributes["label"] = .html(heading(title, key: key))
            attributes["labelloc"] = "t"
        }
        return Graph(
            name: name,
            attributes: attributes,
            nodeDefaults: [
                "fontname": .text(words.font), "fontsize": "11", "shape": "box", "style": "rounded,filled",
                "color": .text(ink), "fillcolor": .text(layer),
            ],
            edgeDefaults: [
                "fontname": .text(words.font), "fontsize": .text("\(Int(smallestFontSize))"), "color": .text(ink),
                "arrowsize": "0.7",
            ]
        )
    }

    typealias Swatch = KeySwatch

    /// The title, and under it the key as one row of samples.
    static func heading(_ title: String, key: [Swatch]) -> String {
        var html =
            "<TABLE BORDER=\"0\" CELLBORDER=\"0\" CELLSPACING=\"0\" CELLPADDING=\"2\">"
            + "<TR><TD><FONT POINT-SIZE=\"18\">\(DOTWriter.html(title))</FONT></TD></TR>"
        guard !key.isEmpty else { return html + "</TABLE>" }
        html += "<TR><TD><TABLE BORDER=\"0\" CELLSPACING=\"6\" CELLPADDING=\"3\"><TR>"
        for swatch in key {
            let box =
                swatch.fill.map {
                    " BGCOLOR=\"\($0)\" BORDER=\"1\" COLOR=\"\(ink)\" STYLE=\"\(swatch.dashed ? "dashed" : "rounded")\""
                } ?? " BORDER=\"0\""
            html +=
                "<TD\(box)><FONT POINT-SIZE=\"11\" COLOR=\"\(swatch.ink)\">\(DOTWriter.html(swatch.label))</FONT></TD>"
        }
        return html + "</TR></TABLE></TD></TR></TABLE>"
    }
}
