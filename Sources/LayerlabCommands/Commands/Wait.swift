import ArgumentParser
import Foundation
import Store

/// `layerlab wait`: blocks until containers' commands end, then prints each exit status.
struct Wait: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Block until one or more containers stop, then print their exit codes.",
        discussion: "Example: layerlab run -d --name job busybox sh -c 'sleep 2; echo done' && layerlab wait job"
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: "Containers, by name or ID.")
    var containers: [String]

    func validate() throws {
        if containers.isEmpty { throw ValidationError("\"wait\" requires at least 1 argument.") }
    }

    func run() throws {
        try reportingErrors {
            let store = try global.openStore()
            try eachContainer(containers) { container in String(try store.containers.wait(container)) }
        }
    }
}
