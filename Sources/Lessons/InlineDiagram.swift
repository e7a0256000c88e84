import Foundation

/// A Graphviz SVG as the HTML book shows it inline: as wide as the page allows, but never so
/// narrow that its smallest text falls under ``smallestReadablePixels``; a diagram wider than
/// that scrolls sideways in its figure instead of shrinking out of reach.
///
/// Graphviz sizes its SVG in points (`width="540pt"`) with one user unit per point, and a point
/// is 4/3 of a CSS pixel: text of `font-size="9"` is 12 pixels high at the diagram's own width.
struct InlineDiagram {
    static let smallestReadablePixels = 11.0
    static let pixelsPerPoint = 4.0 / 3.0

    /// The file's `<svg>` element and what follows it: the XML declaration, doctype and comments
    /// before it have no place inside HTML.
    let svg: Substring

    init?(file: String) {
        guard let start = file.range(of: "<svg") else { return nil }
        svg = file[start.lowerBound...]
    }

    /// The diagram's own width in CSS pixels, from the root's `width="…pt"`.
    var naturalWidth: Double? {
        guard let tag = svg.range(of: ">").map({ svg[..<$0.lowerBound] }) else { return nil }
        return Self.number(after: " width=\"", in: tag, unit: "pt").map { $0 * Self.pixelsPerPoint }
    }

    /// The smallest `font-size` of any text, in user units (points).
    var smallestFontSize: Double? {
        var smallest: Double?
        var rest = svg[...]
        while let found = rest.range(of: "font-size=\"") {
            rest = rest[found.upperBound...]
            guard let end = rest.firstIndex(of: "\""), let size = Double(rest[..<end]) else { continue }
            smallest = min(smallest ?? size, size)
        }
        return smallest
    }

    /// A hundredth more than the bare minimum: the browser lays text out through the viewBox,
    /// whose two-decimal numbers can shave a few thousandths of a pixel off an exact minimum.
    static let layoutMargin = 1.01

    /// The narrowest width at which the smallest text is still readable.
    var narrowestReadableWidth: Double? {
        guard let width = naturalWidth, let font = smallestFontSize, font > 0 else { return nil }
        return min(width, width * Self.smallestReadablePixels * Self.layoutMargin / (font * Self.pixelsPerPoint))
    }

    /// The `<svg>` element with a style that keeps it between those two widths.
    var html: String {
        guard let natural = naturalWidth, let narrowest = narrowestReadableWidth else { return String(svg) }
        let style =
            " style=\"width: 100%; height: auto; min-width: \(Int(narrowest.rounded(.up)))px; "
            + "max-width: \(Int(natural.rounded(.up)))px\""
        return "<svg" + style + svg.dropFirst(4)
    }

    private static func number(after prefix: String, in text: Substring, unit: String) -> Double? {
        guard let start = text.range(of: prefix)?.upperBound,
            let end = text[start...].firstIndex(of: "\"")
        else { return nil }
        let value = text[start..<end]
        return Double(value.hasSuffix(unit) ? value.dropLast(unit.count) : value)
    }
}
