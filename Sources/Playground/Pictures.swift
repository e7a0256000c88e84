import Render
import Trace

/// The playground's pictures, drawn in process from events only: the store as every command so
/// far leaves it, and the diagram of what the last command did when it has one.
enum Pictures {
    /// The layer graph of `snapshot`, as SVG text, and its title and key for the page to set: the
    /// picture is shrunk to fit its pane, and a key drawn inside it shrank to a few pixels.
    static func store(_ snapshot: StoreSnapshot, language: Language) throws -> (svg: String, heading: DiagramHeading) {
        let graph = LayerGraph(snapshot: snapshot, all: true, language: language, headed: false)
        return (try svg(graph.graph()), graph.heading())
    }

    /// What the level's registry holds, as the level's pushes and pulls (its setup's too) saw it.
    static func registry(_ records: [TraceRecord], address: String, language: Language) throws -> String {
        try svg(RegistryDiagram(records: records, registry: address, language: language).graph())
    }

    /// The diagram that shows what `records` (one command's) did: what rmi removed and kept, what
    /// pull or push sent, each build step, an image's union stack; nil for other commands.
    static func lastCommand(_ records: [TraceRecord], language: Language) throws -> (kind: String, svg: String)? {
        let kinds = records.compactMap { if case .operationStarted(let kind, _) = $0.event { kind } else { nil } }
        if kinds.contains(.rmi) {
            return ("rmi", try svg(RemovalDiagram(records: records, language: language).graph()))
        }
        if kinds.contains(.pull) || kinds.contains(.push) {
            return ("transfer", try svg(TransferDiagram(records: records, language: language).graph()))
        }
        if records.contains(where: { if case .buildStarted = $0.event { true } else { false } }) {
            return ("build", try svg(BuildDiagram(records: records, language: language).graph()))
        }
        if let stack = records.lazy.compactMap({ if case .unionStack(let stack) = $0.event { stack } else { nil } })
            .last
        {
            return ("union", try svg(UnionStackDiagram(stack: stack, language: language).graph()))
        }
        return nil
    }

    private static func svg(_ graph: Graph) throws -> String {
        String(decoding: try Graphviz.render(dot: DOTWriter.write(graph), format: .svg), as: UTF8.self)
    }
}
