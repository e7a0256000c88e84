import ArgumentParser
import Foundation
import Render
import Trace

/// `layerlab render TRACE`: draw a recorded trace.
struct RenderCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render",
        abstract: "Draw a recorded trace as a diagram (SVG, PNG or DOT).",
        discussion: HelpText.unwrapped(
            """
            Kinds: layers (the store as the trace leaves it), union (an image's layers and merged view, from
            `analyze`), build (each Dockerfile line beside its image and layer, cache hits marked), transfer
            (what pull or push did with each layer), http (the HTTP exchanges of pulls and pushes as a
            sequence), rmi (what rmi removed, kept, and what blocked it).
            Example: layerlab rmi base:v1 --trace rmi.jsonl; layerlab render rmi.jsonl --kind rmi -o rmi.svg
            """)
    )

    enum Kind: String, ExpressibleByArgument, CaseIterable {
        case layers
        case union
        case build
        case transfer
        case http
        case rmi
    }

    @Argument(help: "A trace file written with --trace.")
    var file: String

    @Option(name: .long, help: "Which diagram: layers, union, build, transfer, http or rmi.")
    var kind: Kind = .layers

    @Option(name: .shortAndLong, help: "The file to write (default: Output/<kind>.<format>).")
    var output: String?

    @Option(name: .long, help: "svg (default), png or dot.")
    var format: String?

    @Option(name: .long, help: "The language of the diagram's words: en or zh (default: from LANG).")
    var lang: String?

    func run() throws {
        try reportingErrors {
            let records = try TraceFile.read(path: file)
            let language = try GlobalOptions.language(lang)
            let graph: Graph
            switch kind {
            case .layers:
                graph = LayerGraph(snapshot: TraceReplay(records).snapshot, all: true, language: language).graph()
            case .union:
                let stacks = records.compactMap { if case .unionStack(let stack) = $0.event { stack } else { nil } }
                guard let stack = stacks.last else {
                    throw ValidationError(
                        "\(file) records no union stack: record one with `layerlab analyze IMAGE --trace FILE`")
                }
                graph = UnionStackDiagram(stack: stack, language: language).graph()
            case .build:
                guard records.contains(where: { if case .buildStarted = $0.event { true } else { false } }) else {
                    throw ValidationError("\(file) records no build: record one with `layerlab build --trace FILE`")
                }
                graph = BuildDiagram(records: records, language: language).graph()
            case .transfer:
                let transfers = records.contains {
                    if case .operationStarted(let kind, _) = $0.event {
                        kind == .pull || kind == .push
                    } else {
                        false
                    }
                }
                guard transfers else { throw ValidationError("\(file) records no pull or push") }
                graph = TransferDiagram(records: records, language: language).graph()
            case .http:
                guard records.contains(where: { if case .httpExchange = $0.event { true } else { false } }) else {
                    throw ValidationError("\(file) records no HTTP exchange: record a pull or push with --trace FILE")
                }
                graph = HTTPSequenceDiagram(records: records, language: language).graph()
            case .rmi:
                guard
                    records.contains(where: { if case .operationStarted(.rmi, _) = $0.event { true } else { false } })
                else { throw ValidationError("\(file) records no rmi") }
                graph = RemovalDiagram(records: records, language: language).graph()
            }
            try DiagramOutput(output: output, format: format, defaultName: kind.rawValue).write(graph)
        }
    }
}
