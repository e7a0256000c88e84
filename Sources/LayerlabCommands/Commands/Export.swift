import Archive
import ArgumentParser
import Foundation
import Store
import Trace
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
            if output == nil && isatty(1) != 0 {
                throw ValidationError("cowardly refusing to save to a terminal. Use the -o flag or redirect")
            }
            let store = try global.openStore()
            try store.trace.operation(.export, arguments: (output.map { ["-o", $0] } ?? []) + [container]) { op in
                let record = try store.containers.inspect(container)
                var writer = TarWriter(
                    try output.map { try FileSink(path: $0, permissions: 0o644) } ?? FileSink(path: "/dev/stdout"))
                try store.containers.export(container, to: &writer)
                if output != nil { try writer.sink.close() }
                op.emit(.containerExported(id: record.id.value, name: record.name, destination: output ?? "-"))
            }
        }
    }
}
