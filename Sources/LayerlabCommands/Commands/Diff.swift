import ArgumentParser
import Foundation
import Store
import Trace
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

    /// A change's letter, as the trace keeps it.
    private static func kind(_ kind: Change.Kind) -> ContainerChanges.Kind {
        switch kind {
        case .added: .added
        case .changed: .changed
        case .deleted: .deleted
        }
    }

    func run() throws {
        try reportingErrors {
            let store = try global.openStore()
            let changes = try store.trace.operation(.diff, arguments: [container]) { op in
                let record = try store.containers.inspect(container)
                let changes = try store.containers.changes(of: container)
                op.emit(
                    .containerChangesListed(
                        ContainerChanges(
                            id: record.id.value, name: record.name,
                            entries: changes.map { ContainerChanges.Entry(Self.kind($0.kind), "/\($0.path)") })))
                return changes
            }
            for change in changes { emit(change.description) }
        }
    }
}
