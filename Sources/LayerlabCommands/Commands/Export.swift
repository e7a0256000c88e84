import Archive
import ArgumentParser
import Foundation
import Store
import UnionFS

/// `layerlab export`: a container's merged root file system as one tar.
struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Export a container's filesystem as a tar archive.",
        discussion:
            "All layers are merged, whiteouts applied: the result has no history. Example: layerlab export -o web.tar web"
    )

    @OptionGroup var global: GlobalOptions

    @Option(name: .shortAndLong, help: "Write to a file, instead of STDOUT.")
    var output: String?

    @Argument(help: "The container, by name or ID.")
    var container: String

    func run() throws {
        try reportingErrors {
            let store = try global.openStore()
            if let output {
                var writer = TarWriter(try FileSink(path: output, permissions: 0o644))
                try store.containers.export(container, to: &writer)
                try writer.sink.close()
                return
            }
            guard isatty(1) == 0 else {
                throw ValidationError("cowardly refusing to save to a terminal. Use the -o flag or redirect")
            }
            var writer = TarWriter(try FileSink(path: "/dev/stdout"))
            try store.containers.export(container, to: &writer)
        }
    }
}
