import ArgumentParser
import Foundation
import Store
import UnionFS

/// `layerlab diff`: what a container changed in its read-write layer (A added, C changed, D deleted).
struct Diff: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Inspect changes to files or directories on a container's filesystem.",
        discussion: "Lines are A (added), C (changed) or D (deleted), as docker diff prints them."
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The container, by name or ID.")
    var container: String

    func run() throws {
        try reportingErrors {
            for change in try global.openStore().containers.changes(of: container) { emit(change.description) }
        }
    }
}
