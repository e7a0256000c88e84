import ArgumentParser
import Foundation
import Render
import Trace

/// `layerlab explain TRACE`: the narration of a saved trace, the same words `--explain` prints live.
struct Explain: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Explain a recorded trace step by step, in English or Chinese.",
        discussion: "Example: layerlab rmi demo:v1 --trace rmi.jsonl; layerlab explain rmi.jsonl --lang zh"
    )

    @Argument(help: "A trace file written with --trace.")
    var file: String

    @Option(name: .long, help: "en or zh (default: from LANG).")
    var lang: String?

    func run() throws {
        try reportingErrors {
            let view = NarrationView(language: try GlobalOptions.language(lang), handle: .standardOutput)
            view.lines(view.narrator.narrate(try TraceFile.read(path: file))).forEach(emit)
        }
    }
}
