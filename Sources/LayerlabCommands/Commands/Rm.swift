import ArgumentParser
import Foundation
import Store

/// `layerlab rm`: remove containers and their read-write layers.
struct Rm: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Remove one or more containers.",
        discussion: "The container's read-write layer goes with it; the image's layers stay while an image uses them."
    )

    @OptionGroup var global: GlobalOptions

    @Flag(name: .shortAndLong, help: "Force the removal of a running container.")
    var force = false

    @Argument(help: "Containers to remove, by name or ID.")
    var containers: [String]

    func validate() throws {
        if containers.isEmpty { throw ValidationError("\"rm\" requires at least 1 argument.") }
    }

    func run() throws {
        try reportingErrors {
            let store = try global.openStore()
            try eachContainer(containers) { container in
                try store.containers.remove(container, force: force)
                return container
            }
        }
    }
}
