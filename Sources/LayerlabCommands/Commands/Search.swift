import ArgumentParser
import Foundation
import Registry
import Trace

/// `layerlab search`: find repositories on a registry (NAME DESCRIPTION STARS OFFICIAL).
struct Search: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Search a registry for images.",
        discussion: HelpText.unwrapped(
            """
            Uses Docker Hub's /v1/search where the registry offers it (layerlab's own registry does),
            else the registry's catalog filtered by the term. As with Docker, a term may name its
            registry: layerlab search 127.0.0.1:5000/busybox
            """)
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var registry: RegistryOptions

    @Option(name: .long, help: "The registry to search (default: the one the term names, else docker.io).")
    var registryHost: String?

    @Option(name: .long, help: "Max number of search results.")
    var limit = 25

    @Flag(name: .long, help: "Don't truncate output.")
    var noTrunc = false

    @Option(name: .long, help: "Filter output: stars=N or is-official=true|false. Repeatable.")
    var filter: [String] = []

    @Option(
        name: .long,
        help: "Pretty-print with a Go template: {{.Name}} {{.Description}} {{.StarCount}} {{.IsOfficial}}, 'table …'.")
    var format: String?

    @Argument(help: "The term to search for.")
    var term: String

    func run() async throws {
        try await reportingErrors {
            let (host, term) = Self.split(term, defaultRegistry: registryHost)
            if let format { _ = try SearchView.template(format) }  // a bad template fails before any request
            let printer = TranscriptPrinter()
            let recorder = try global.recorder(extraSinks: [printer.sink])
            let client = try registry.client(for: host, tracer: recorder.spanTracer)
            let (limit, noTrunc, format) = (limit, noTrunc, format)
            try await recorder.operation(.search, arguments: [self.term]) { op in
                let results = try await client.traced(by: op).search(term, limit: limit)
                let hits = try results.filter(matches).map {
                    SearchListing.Hit(
                        name: $0.name, description: $0.description, stars: $0.starCount, official: $0.isOfficial)
                }
                op.emit(
                    .searchListed(SearchListing(term: term, hits: hits, fullDescriptions: noTrunc, template: format)))
            }
        }
    }

    /// The registry a term names (`localhost:5000/busybox`), as Docker's `splitReposSearchTerm`
    /// reads it: the first component is a registry when it has a `.` or `:` or is `localhost`.
    static func split(_ term: String, defaultRegistry: String?) -> (registry: String, term: String) {
        if let slash = term.firstIndex(of: "/") {
            let first = term[..<slash]
            if first.contains(".") || first.contains(":") || first == "localhost" {
                return (String(first), String(term[term.index(after: slash)...]))
            }
        }
        return (defaultRegistry ?? "docker.io", term)
    }

    /// Docker's `--filter stars=N` and `--filter is-official=BOOL`.
    private func matches(_ result: SearchResult) throws -> Bool {
        for item in filter {
            let parts = item.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { throw ValidationError("bad format of filter (expected name=value)") }
            switch parts[0] {
            case "stars":
                guard let stars = Int(parts[1]) else { throw ValidationError("invalid filter 'stars=\(parts[1])'") }
                if result.starCount < stars { return false }
            case "is-official":
                guard let official = Bool(parts[1]) else {
                    throw ValidationError("invalid filter 'is-official=\(parts[1])'")
                }
                if result.isOfficial != official { return false }
            default:
                throw ValidationError("invalid filter '\(parts[0])'")
            }
        }
        return true
    }
}
