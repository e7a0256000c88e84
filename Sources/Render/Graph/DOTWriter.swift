/// Writes a ``Graph`` as DOT text: the product golden tests compare, and what libgvc lays out.
public enum DOTWriter {
    public static func write(_ graph: Graph) -> String {
        var out = "digraph \(quote(graph.name)) {\n"
        for (kind, attributes) in [
            ("graph", graph.attributes), ("node", graph.nodeDefaults), ("edge", graph.edgeDefaults),
        ]
        where !attributes.isEmpty {
            out += "  \(kind) \(list(attributes));\n"
        }
        for cluster in graph.clusters { write(cluster, indent: "  ", into: &out) }
        for node in graph.nodes { out += "  \(statement(node));\n" }
        for edge in graph.edges { out += "  \(statement(edge));\n" }
        return out + "}\n"
    }

    private static func write(_ cluster: Cluster, indent: String, into out: inout String) {
        out += "\(indent)subgraph \(quote("cluster_" + cluster.id)) {\n"
        for (key, value) in cluster.attributes.values.sorted(by: { $0.key < $1.key }) {
            out += "\(indent)  \(key)=\(format(value));\n"
        }
        for child in cluster.clusters { write(child, indent: indent + "  ", into: &out) }
        for node in cluster.nodes { out += "\(indent)  \(statement(node));\n" }
        for edge in cluster.edges { out += "\(indent)  \(statement(edge));\n" }
        out += "\(indent)}\n"
    }

    private static func statement(_ node: Node) -> String {
        node.attributes.isEmpty ? quote(node.id) : "\(quote(node.id)) \(list(node.attributes))"
    }

    private static func statement(_ edge: Edge) -> String {
        let arrow = "\(quote(edge.from)) -> \(quote(edge.to))"
        return edge.attributes.isEmpty ? arrow : "\(arrow) \(list(edge.attributes))"
    }

    private static func list(_ attributes: Attributes) -> String {
        "["
            + attributes.values.sorted { $0.key < $1.key }.map { "\($0.key)=\(format($0.value))" }
            .joined(separator: ", ") + "]"
    }

    private static func format(_ value: Attributes.Value) -> String {
        switch value {
        case .text(let text): quote(text)
        case .html(let html): "<\(html)>"
        }
    }

    /// A DOT quoted string: `"` and `\` escaped, newlines as `\n` (centred lines in labels).
    static func quote(_ text: String) -> String {
        var out = "\""
        for character in text {
            switch character {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            default: out.append(character)
            }
        }
        return out + "\""
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
