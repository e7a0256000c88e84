/// A diagram as a value: nodes, edges and clusters with Graphviz attributes, kept apart from
/// Graphviz itself so diagrams can be built and tested without rendering, and written as DOT.
public struct Graph: Sendable, Equatable {
    /// The graph's name in DOT.
    public var name: String
    /// Graph attributes (`rankdir`, `label`, …).
    public var attributes: Attributes
    /// Defaults for every node.
    public var nodeDefaults: Attributes
    /// Defaults for every edge.
    public var edgeDefaults: Attributes
    /// Nodes outside any cluster.
    public var nodes: [Node] = []
    /// Edges, in the order they are drawn.
    public var edges: [Edge] = []
    /// Boxes of related nodes.
    public var clusters: [Cluster] = []
    /// Groups of nodes laid out side by side on one rank (DOT's `{rank=same; …}`), each group
    /// listed in its order.
    public var sameRank: [[String]] = []

    public init(
        name: String,
        attributes: Attributes = [:],
        nodeDefaults: Attributes = [:],
        edgeDefaults: Attributes = [:]
    ) {
        self.name = name
        self.attributes = attributes
        self.nodeDefaults = nodeDefaults
        self.edgeDefaults = edgeDefaults
    }

    /// Every node, in clusters or not.
    public var allNodes: [Node] { nodes + clusters.flatMap(\.allNodes) }

    /// Every edge, in clusters or not.
    public var allEdges: [Edge] { edges + clusters.flatMap(\.allEdges) }

    /// The node with `id`, wherever it is.
    public func node(_ id: String) -> Node? { allNodes.first { $0.id == id } }
}

/// One box, ellipse or label of a diagram.
public struct Node: Sendable, Equatable {
    public var id: String
    public var attributes: Attributes

    public init(_ id: String, _ attributes: Attributes = [:]) {
        self.id = id
        self.attributes = attributes
    }
}

/// A line between two nodes.
public struct Edge: Sendable, Equatable {
    public var from: String
    public var to: String
    public var attributes: Attributes

    public init(_ from: String, _ to: String, _ attributes: Attributes = [:]) {
        self.from = from
        self.to = to
        self.attributes = attributes
    }
}

/// A labelled box around nodes (a DOT subgraph whose name starts with `cluster`).
public struct Cluster: Sendable, Equatable {
    public var id: String
    public var attributes: Attributes
    public var nodes: [Node] = []
    /// Edges between this cluster's nodes, written inside it.
    public var edges: [Edge] = []
    public var clusters: [Cluster] = []

    public init(_ id: String, _ attributes: Attributes = [:]) {
        self.id = id
        self.attributes = attributes
    }

    var allNodes: [Node] { nodes + clusters.flatMap(\.allNodes) }
    var allEdges: [Edge] { edges + clusters.flatMap(\.allEdges) }
}

/// Graphviz attributes, written in sorted key order so equal diagrams give equal bytes.
public struct Attributes: Sendable, Equatable, ExpressibleByDictionaryLiteral {
    /// A plain string (quoted in DOT) or an HTML-like label (written between `<` and `>`).
    public enum Value: Sendable, Equatable, ExpressibleByStringLiteral {
        case text(String)
        case html(String)

        public init(stringLiteral value: String) { self = .text(value) }
    }

    public private(set) var values: [String: Value]

    public init(dictionaryLiteral elements: (String, Value)...) {
        values = Dictionary(elements, uniquingKeysWith: { _, last in last })
    }

    public subscript(key: String) -> Value? {
        get { values[key] }
        set { values[key] = newValue }
    }

    /// The value of `key` when it is plain text.
    public func text(_ key: String) -> String? {
        if case .text(let value)? = values[key] { return value }
        return nil
    }

    public var isEmpty: Bool { values.isEmpty }

    /// The attributes in byte order of their keys: the order DOT text lists them in.
    var sorted: [(key: String, value: Value)] {
        values.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
    }
}
