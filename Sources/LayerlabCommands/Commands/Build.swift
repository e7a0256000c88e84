import Archive
import ArgumentParser
import Builder
import Foundation
import OCI
import Registry
import Runtime
import Store
import Trace
import Transfer

extension BuilderKind: ExpressibleByArgument {}

/// `layerlab build`: build an image from a Dockerfile, as `docker build` does.
struct Build: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Build an image from a Dockerfile.",
        discussion: HelpText.unwrapped(
            """
            --builder classic (the default) is Docker's legacy builder, as the course describes it: each
            step commits an intermediate image on top of the previous one (see `images -a`), and a step
            whose parent and instruction (and COPY sources) are unchanged says "Using cache".
            --builder modern builds as BuildKit does: only the stages the target needs, and only the final
            image is kept. RUN steps run in the built-in shell (--runtime sim) or on the kernel
            (--runtime overlay, as root). Base images the store lacks are pulled first, as docker build
            pulls them.
            Example: layerlab build -t demo:v1 . && layerlab history demo:v1
            """)
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var registry: RegistryOptions

    @Option(name: .shortAndLong, help: "Name and optionally a tag in the 'name:tag' format.")
    var tag: [String] = []

    @Option(name: .shortAndLong, help: "Name of the Dockerfile (default: 'PATH/Dockerfile').")
    var file: String?

    @Option(
        name: .customLong("build-arg"), help: "Set build-time variables (K=V, or K to take it from the environment).")
    var buildArgs: [String] = []

    @Option(name: .long, help: "Set the target build stage to build.")
    var target: String?

    @Flag(name: .customLong("no-cache"), help: "Do not use cache when building the image.")
    var noCache = false

    @Option(name: .customLong("rm"), help: "Remove intermediate containers after a successful build.")
    var removeIntermediate = true

    @Flag(name: .customLong("force-rm"), help: "Always remove intermediate containers.")
    var forceRemove = false

    @Flag(name: .shortAndLong, help: "Suppress the build output and print image ID on success.")
    var quiet = false

    @Option(name: .long, help: "Where RUN steps run: sim (built-in shell) or overlay (kernel overlayfs, root).")
    var runtime: RuntimeKind = .sim

    @Option(name: .long, help: "classic (Docker's legacy builder) or modern (as BuildKit).")
    var builder: BuilderKind = .classic

    @Argument(help: "PATH | - (a folder, or a tar or a Dockerfile on standard input).")
    var path: String

    func run() async throws {
        try await reportingErrors {
            var options = BuildOptions()
            options.tags = tag
            options.dockerfile = file
            options.buildArgs = try Self.parseBuildArgs(buildArgs)
            options.target = target
            options.noCache = noCache
            options.removeIntermediateContainers = removeIntermediate
            options.forceRemove = forceRemove
            options.runtime = Run.runtime(runtime)
            options.builder = builder
            // RUN's output is shown from the trace, like every other line of the build.
            options.io = .discarded
            options.sourceDateEpoch = ProcessInfo.processInfo.environment["SOURCE_DATE_EPOCH"].flatMap { Int64($0) }
            let printer = TranscriptPrinter(quiet: quiet)
            let store = try global.openStore(extraSinks: [printer.sink])
            let (context, cleanup) = try Self.context(path, options: &options)
            defer { cleanup() }
            try await pullMissingBases(store: store, context: context, options: options)
            do {
                _ = try store.build(context: context, options: options)
            } catch let error as BuildError where error.code == .noSuchImage {
                // Another command removed a base between its pull and the build's first look at
                // it (an rmi at the same moment): fetch what is missing again, once.
                try await pullMissingBases(store: store, context: context, options: options)
                _ = try store.build(context: context, options: options)
            }
        }
    }

    /// Pulls the base images the store lacks, as docker build does before its first step.
    private func pullMissingBases(store: ImageStore, context: BuildContext, options: BuildOptions) async throws {
        for name in try store.imagesToPull(context: context, options: options) {
            let reference = try Reference.parseDocker(name)
            let client = try registry.client(for: reference.domain, tracer: store.trace.spanTracer)
            _ = try await Puller(store: store, client: client).pull(reference)
        }
    }

    /// `K=V`, or `K` alone for the value of `K` in this environment (left out when it has none).
    static func parseBuildArgs(_ arguments: [String]) throws -> [String: String] {
        var values: [String: String] = [:]
        for argument in arguments {
            let key = String(argument.prefix { $0 != "=" })
            guard !key.isEmpty else { throw ValidationError("invalid --build-arg \"\(argument)\": expected KEY=VALUE") }
            if key.count < argument.count {
                values[key] = String(argument.dropFirst(key.count + 1))
            } else if let value = ProcessInfo.processInfo.environment[key] {
                values[key] = value
            }
        }
        return values
    }

    /// The context `PATH` names: a folder; or, for `-`, standard input holding a tar (plain or
    /// gzip), which is unpacked into a temporary folder, or a Dockerfile with an empty context.
    static func context(_ path: String, options: inout BuildOptions) throws -> (BuildContext, () -> Void) {
        guard path == "-" else { return (try BuildContext(folder: path), {}) }
        let input = [UInt8](FileHandle.standardInput.readDataToEndOfFile())
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("layerlab-context-\(UUID())").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let cleanup = { _ = try? FileManager.default.removeItem(atPath: folder) }
        do {
            if let tar = try BuildContext.tarArchive(input) {
                var reader = TarReader(BufferSource(tar))
                _ = try LayerExtractor(root: folder).apply(&reader)
            } else {
                options.dockerfileText = String(decoding: input, as: UTF8.self)
            }
            return (try BuildContext(folder: folder), cleanup)
        } catch {
            cleanup()
            throw error
        }
    }
}
