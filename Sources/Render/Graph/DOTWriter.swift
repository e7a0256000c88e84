/// Writes a ``Graph`` as DOT text: the product golden tests compare, and what libgvc lays out.
///
/// It writes UTF-8 bytes, not `Character`s: a store's layer graph is megabytes of DOT, and walking
/// it by grapheme cluster cost more than laying it out's parse (`make bench`).
public enum DOTWriter {
    public static func write(_ graph: Graph) -> String {
        var out = DOTBytes()
        out.append("digraph ")
        out.appendQuoted(graph.name)
        out.append(" {\n")
        for (kind, attributes) in [
            ("graph", graph.attributes), ("node", graph.nodeDefaults), ("edge", graph.edgeDefaults),
        ]
        where !attributes.isEmpty {
            out.append("  \(kind) ")
            out.appendList(attributes)
            out.append(";\n")
        }
        for cluster in graph.clusters { write(cluster, indent: "  ", into: &out) }
        for node in graph.nodes { write(node, indent: "  ", into: &out) }
        for edge in graph.edges { write(edge, indent: "  ", into: &out) }
        for group in graph.sameRank {
            out.append("  {rank=same;")
            for id in group {
                out.append(" ")
                out.appendQuoted(id)
                out.append(";")
            }
            out.append("}\n")
        }
        out.append("}\n")
        return out.string
    }

    private static func write(_ cluster: Cluster, indent: String, into out: inout DOTBytes) {
        out.append(indent)
        out.append("subgraph ")
        out.appendQuoted("cluster_" + cluster.id)
        out.append(" {\n")
        for (key, value) in cluster.attributes.sorted {
            out.append(indent)
            out.append("  \(key)=")
            out.append(value)
            out.append(";\n")
        }
        let inner = indent + "  "
        for child in cluster.clusters { write(child, indent: inner, into: &out) }
        for node in cluster.nodes { write(node, indent: inner, into: &out) }
        for edge in cluster.edges { write(edge, indent: inner, into: &out) }
        out.append(indent)
        out.append("}\n")
    }

    private static func write(_ node: Node, indent: String, into out: inout DOTBytes) {
        out.append(indent)
        out.appendQuoted(node.id)
        if !node.attributes.isEmpty {
            out.append(" ")
            out.appendList(node.attributes)
        }
        out.append(";\n")
    }

    private static func write(_ edge: Edge, indent: String, into out: inout DOTBytes) {
        out.append(indent)
        out.appendQuoted(edge.from)
        out.append(" -> ")
        out.appendQuoted(edge.to)
        if !edge.attributes.isEmpty {
            out.append(" ")
            out.appendList(edge.attributes)
        }
        out.append(";\n")
    }

    /// A DOT quoted string: `"` and `\` escaped, newlines as `\n` (centred lines in labels).
    static func quote(_ text: String) -> String {
        var out = DOTBytes()
        out.appendQuoted(text)
        return out.string
    }

    /// Escapes text for an HTML-like label.
    public static func html(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(character)
            }
        }
        return out
    }
}

/// DOT text as it is written: UTF-8 bytes, made a `String` once at the end.
private struct DOTBytes {
    private var bytes: [UInt8] = []

    var string: String { String(decoding: bytes, as: UTF8.self) }

    mutating func append(_ text: String) { bytes.append(contentsOf: text.utf8) }

    mutating func append(_ value: Attributes.Value) {
        switch value {
        case .text(let text): appendQuoted(text)
        case .html(let html):
            bytes.append(UInt8(ascii: "<"))
            append(html)
            bytes.append(UInt8(ascii: ">"))
        }
    }

    mutating func appendList(_ attributes: Attributes) {
        bytes.append(UInt8(ascii: "["))
        for (index, (key, value)) in attributes.sorted.enumerated() {
            if index > 0 { append(", ") }
            append(key)
            bytes.append(UInt8(ascii: "="))
            append(value)
        }
        bytes.append(UInt8(ascii: "]"))
    }

    /// Every byte of a multi-byte UTF-8 sequence is ≥ 0x80, so escaping byte by byte never splits
    /// a character.
    mutating func appendQuoted(_ text: String) {
        bytes.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): append("\\\"")
            case UInt8(ascii: "\\"): append("\\\\")
            case UInt8(ascii: "\n"): append("\\n")
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }
}
