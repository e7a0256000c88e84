import ArgumentParser
import Builder
import Foundation
import OCI
import Render
import Store
import Synchronization
import Trace
import Tracing

/// Options every command shares: which store, and where the trace goes.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: "The store's root folder (default: $LAYERLAB_ROOT, else ~/.local/share/layerlab).")
    var root: String?

    @Option(name: .long, help: "Record every engine operation to FILE as JSON Lines (default: $LAYERLAB_TRACE).")
    var trace: String?

    @Option(
        name: .customLong("trace-format"),
        help: "How --trace writes: jsonl (layerlab's events, one per line) or otlp-json (OpenTelemetry spans).")
    var traceFormat: TraceFormat = .jsonl

    @Flag(name: .long, help: "Explain each step in plain words as it happens (on standard error).")
    var explain = false

    @Option(name: .long, help: "Language of explanations and diagrams: en or zh (default: from LANG).")
    var lang: String?

    @Option(
        name: .customLong("max-layer-size"),
        help: ArgumentHelp(
            "The most a layer may expand to when unpacked, against decompression bombs (default: "
                + "$LAYERLAB_MAX_LAYER_SIZE, else 16GiB).", valueName: "size"))
    var maxLayerSize: String?

    /// Opens the store (`--root`, or `root` when given) with a recorder writing to `--trace`, if given.
    func openStore(root overridden: String? = nil, extraSinks: [any TraceSink] = [], recovering: Bool = true)
        throws -> ImageStore
    {
        try ImageStore(
            root: overridden ?? root ?? ImageStore.defaultRoot(), trace: recorder(extraSinks: extraSinks),
            clock: Self.clock(), limits: try limits(), recovering: recovering)
    }

    /// The limits `--max-layer-size` (or `LAYERLAB_MAX_LAYER_SIZE`) sets.
    func limits(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> StoreLimits {
        guard let text = maxLayerSize ?? environment["LAYERLAB_MAX_LAYER_SIZE"] else { return .default }
        guard let bytes = ByteSize.parse(text), bytes > 0 else {
            throw ValidationError("invalid --max-layer-size \"\(text)\": give a size such as 512MiB, 16GiB or 1048576")
        }
        return StoreLimits(expandedLayerBytes: bytes)
    }

    /// The recorder `--trace` and `--explain` ask for, for commands that need no store.
    func recorder(extraSinks: [any TraceSink] = []) throws -> TraceRecorder {
        var sinks: [any TraceSink] = extraSinks
        var tracer: (any Tracer)?
        // $LAYERLAB_TRACE is how the lesson runner has each command it starts record its trace.
        if let path = trace ?? ProcessInfo.processInfo.environment["LAYERLAB_TRACE"] {
            switch traceFormat {
            case .jsonl:
                sinks.append(try JSONLinesSink(path: path))
            case .otlpJSON:
                let spans = OTLPSpanFile(path: path)
                CommandTeardown.add(spans)
                tracer = spans.tracer
            }
        }
        if explain {
            let view = NarrationView(language: try language(), handle: .standardError)
            let stream = Mutex(NarrationStream(narrator: view.narrator))
            sinks.append(
                ClosureSink { record in
                    for line in view.lines(stream.withLock { $0.narrate(record) }) {
                        FileHandle.standardError.write(Data((line + "\n").utf8))
                    }
                })
        }
        let recorder = TraceRecorder(sinks: sinks, tracer: tracer)
        CommandTeardown.add(recorder)
        return recorder
    }

    /// The language `--lang` names, else the one `LANG` asks for.
    func language() throws -> Language {
        try Self.language(lang)
    }

    static func language(_ name: String?) throws -> Language {
        guard let name else { return Language.from(environment: ProcessInfo.processInfo.environment) }
        guard let language = Language(rawValue: name) else {
            throw ValidationError("unknown --lang \"\(name)\": use en or zh")
        }
        return language
    }

    /// The engine's clock: SOURCE_DATE_EPOCH when set (reproducible lessons), else now.
    static func clock(environment: [String: String] = ProcessInfo.processInfo.environment) -> @Sendable () -> Date {
        if let epoch = environment["SOURCE_DATE_EPOCH"].flatMap(TimeInterval.init) {
            let fixed = Date(timeIntervalSince1970: epoch)
            return { fixed }
        }
        return { Date() }
    }
}

/// Runs a command body, turning engine errors into a one-line message and exit status 1; the
/// command's OTLP trace is written either way.
func reportingErrors<T>(_ body: () throws -> T) throws -> T {
    do {
        let result = try body()
        try CommandTeardown.finishWithoutClients()
        return result
    } catch {
        try? CommandTeardown.finishWithoutClients()
        throw reported(error)
    }
}

/// The async form of ``reportingErrors(_:)``, for commands that talk to registries.
func reportingErrors<T>(_ body: () async throws -> T) async throws -> T {
    do {
        let result = try await body()
        try await CommandTeardown.finish()
        return result
    } catch {
        try? await CommandTeardown.finish()
        throw reported(error)
    }
}

/// What `--trace-format` names.
enum TraceFormat: String, ExpressibleByArgument, CaseIterable {
    case jsonl
    case otlpJSON = "otlp-json"
}

/// Usage errors go back to the argument parser (which prints usage); any other error is printed
/// as one line and becomes exit status 1, or a failed RUN step's own status, as docker build's.
private func reported(_ error: any Error) -> any Error {
    if error is ExitCode || error is ValidationError { return error }
    FileHandle.standardError.write(Data("Error: \(error)\n".utf8))
    if let status = (error as? BuildError)?.exitStatus { return ExitCode(status) }
    return ExitCode.failure
}

/// `--platform os/arch[/variant]`, or the host's platform when not given.
func parsePlatform(_ text: String?) throws -> Platform {
    guard let text else { return .host }
    guard let platform = Platform(parsing: text) else {
        throw ValidationError("invalid platform \"\(text)\": expected os/arch[/variant]")
    }
    return platform
}

/// Writes a line to standard output.
func emit(_ line: String) {
    print(line)
}
