import ArgumentParser
import Foundation
import OCI
import Registry
import Store
import Trace
import Transfer

/// `layerlab pull`: download an image from a registry, layer by layer, as `docker pull` does.
struct Pull: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Download an image from a registry.",
        discussion: HelpText.unwrapped(
            """
            Layers the store already has say "Already exists": images share them.
            Example: layerlab pull 127.0.0.1:5000/demo:v1
            """)
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var registry: RegistryOptions

    @Flag(name: .shortAndLong, help: "Suppress verbose output.")
    var quiet = false

    @Option(name: .long, help: "Pull this platform (os/arch[/variant]) of a multi-platform image.")
    var platform: String?

    @Flag(name: [.customShort("a"), .customLong("all-tags")], help: "Download all tagged images in the repository.")
    var allTags = false

    @Argument(help: "NAME[:TAG|@DIGEST]")
    var name: String

    func run() async throws {
        try await reportingErrors {
            let reference = try Reference.parseDocker(name)
            if allTags && namesTagOrDigest(name) {
                throw ValidationError("tag can't be used with --all-tags/-a")
            }
            let printer = TranscriptPrinter(quiet: quiet)
            let store = try global.openStore(extraSinks: [printer.sink])
            let client = try registry.client(for: reference.domain, tracer: store.trace.spanTracer)
            let puller = Puller(store: store, client: client, platform: try parsePlatform(platform))
            let targets =
                allTags
                ? try await client.tags(repository: reference.path).sorted().map { reference.with(tag: $0) }
                : [reference]
            for target in targets { _ = try await puller.pull(target) }
            printer.finish()
        }
    }
}

/// Whether a name as typed carries a tag or a digest (a `:` after its last `/`, or an `@`).
func namesTagOrDigest(_ name: String) -> Bool {
    name.contains("@") || name.split(separator: "/").last?.contains(":") == true
}

/// `layerlab push`: upload an image to a registry, skipping what it already has.
struct Push: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Upload an image to a registry.",
        discussion: HelpText.unwrapped(
            """
            The stored compressed layers are sent as they are, so a pull followed by a push keeps every digest.
            Example: layerlab tag demo:v1 127.0.0.1:5000/demo:v1 && layerlab push 127.0.0.1:5000/demo:v1
            """)
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var registry: RegistryOptions

    @Flag(name: .shortAndLong, help: "Suppress verbose output.")
    var quiet = false

    @Flag(name: [.customShort("a"), .customLong("all-tags")], help: "Push all tags of an image to the repository.")
    var allTags = false

    @Argument(help: "NAME[:TAG]")
    var name: String

    func run() async throws {
        try await reportingErrors {
            let reference = try Reference.parseDocker(name)
            if allTags && namesTagOrDigest(name) {
                throw ValidationError("tag can't be used with --all-tags/-a")
            }
            let printer = TranscriptPrinter(quiet: quiet)
            let store = try global.openStore(extraSinks: [printer.sink])
            let pusher = Pusher(
                store: store, client: try registry.client(for: reference.domain, tracer: store.trace.spanTracer))
            let targets =
                allTags
                ? try store.images().flatMap(\.references).filter { $0.name == reference.name && $0.tag != nil }
                    .sorted { ($0.tag ?? "") < ($1.tag ?? "") } : [reference]
            guard !targets.isEmpty else {
                throw ValidationError("An image does not exist locally with the tag: \(reference.repository)")
            }
            for target in targets { _ = try await pusher.push(target) }
        }
    }
}
