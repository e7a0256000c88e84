import ArgumentParser
import Render
import Trace

/// `layerlab trace`: read traces recorded with `--trace`.
struct TraceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trace",
        abstract: "Work with recorded traces.",
        subcommands: [Show.self, Replay.self]
    )

    /// `layerlab trace show FILE`: one readable line per recorded event.
    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print a trace file readably, one event per line.",
            discussion: "Example: layerlab rmi demo:v1 --trace rmi.jsonl; layerlab trace show rmi.jsonl"
        )

        @Argument(help: "A trace file written with --trace.")
        var file: String

        func run() throws {
            try reportingErrors {
                for record in try TraceFile.read(path: file) {
                    emit(TraceLine.render(record))
                }
            }
        }
    }

    /// `layerlab trace replay FILE`: what the recorded commands printed, again.
    struct Replay: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Print again what a recorded command printed (pull, push, rmi, build, run, …), from its trace alone.",
            discussion: "Example: layerlab pull demo:v1 --trace pull.jsonl; layerlab trace replay pull.jsonl"
        )

        @Argument(help: "A trace file written with --trace.")
        var file: String

        func run() throws {
            try reportingErrors {
                var transcript = DockerTranscript()
                for record in try TraceFile.read(path: file) {
                    TranscriptPrinter.write(TranscriptPrinter.output(for: record, in: &transcript))
                }
                TranscriptPrinter.write(transcript.finish())
            }
        }
    }
}
