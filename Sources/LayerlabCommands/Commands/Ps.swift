import ArgumentParser
import Foundation
import OCI
import Store
import Trace

/// `layerlab ps`: the containers, as `docker ps` lists them.
struct Ps: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List containers (CONTAINER ID IMAGE COMMAND CREATED STATUS PORTS NAMES).",
        discussion: "Commands end when run finishes, so stopped containers are listed only with -a, as in Docker."
    )

    @OptionGroup var global: GlobalOptions

    @Flag(name: .shortAndLong, help: "Show all containers (default shows just running).")
    var all = false

    @Flag(name: .shortAndLong, help: "Only display container IDs.")
    var quiet = false

    @Flag(name: .long, help: "Don't truncate output.")
    var noTrunc = false

    func run() throws {
        try reportingErrors {
            let store = try global.openStore()
            let every = try store.containers.list()
            let images = Set(try store.images().map(\.id))
            try store.trace.operation(.ps, arguments: arguments) { op in
                op.emit(
                    .containersListed(
                        ContainersListing(
                            containers: every.map {
                                .init(
                                    id: $0.id.value, name: $0.name, image: $0.image, running: $0.state.isRunning,
                                    imageDeleted: !images.contains($0.image), neverStarted: $0.state.status == .created)
                            },
                            all: all)))
            }
            let containers = every.filter { all || $0.state.isRunning }
            if quiet {
                for container in containers { emit(noTrunc ? container.id.value : container.id.shortID) }
                return
            }
            // The store's clock: under SOURCE_DATE_EPOCH (a lesson's) a container started a moment ago
            // is Up for less than a second, not for as long as the epoch is old.
            let now = store.clock()
            var table = Table(["CONTAINER ID", "IMAGE", "COMMAND", "CREATED", "STATUS", "PORTS", "NAMES"])
            for container in containers {
                table.append([
                    noTrunc ? container.id.value : container.id.shortID,
                    Self.image(of: container, in: store, truncate: !noTrunc),
                    Self.command(container, truncate: !noTrunc),
                    HumanUnits.ago(container.created.date, now: now),
                    Self.status(container.state, now: now),
                    "",
                    container.name,
                ])
            }
            table.render().forEach(emit)
        }
    }

    /// The command's arguments as typed, for the trace.
    private var arguments: [String] {
        (all ? ["-a"] : []) + (quiet ? ["-q"] : []) + (noTrunc ? ["--no-trunc"] : [])
    }

    /// The image as typed while that name still means the container's image, else its short ID (moby `list.go`).
    static func image(of container: ContainerRecord, in store: ImageStore, truncate: Bool) -> String {
        if let current = try? store.image(container.imageName), current.id == container.image {
            return container.imageName
        }
        return truncate ? container.image.shortID : container.image.encoded
    }

    /// moby's `Command` (arguments with spaces in single quotes), cut to 20 characters and quoted as Go's `%q`.
    static func command(_ container: ContainerRecord, truncate: Bool) -> String {
        let arguments = container.args.map { $0.contains(" ") ? "'\($0)'" : $0 }
        var command = ([container.path] + arguments).joined(separator: " ")
        if truncate { command = HumanUnits.ellipsis(command, 20) }
        return "\"" + command.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            + "\""
    }

    /// `Created`, `Up 3 seconds`, `Exited (0) 5 seconds ago`.
    static func status(_ state: ContainerState, now: Date) -> String {
        switch state.status {
        case .created: return "Created"
        case .running: return "Up " + HumanUnits.duration(now.timeIntervalSince(state.startedAt?.date ?? now))
        case .exited: return "Exited (\(state.exitCode)) " + HumanUnits.ago(state.finishedAt?.date, now: now)
        }
    }
}
