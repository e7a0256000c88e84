import ArgumentParser
import Foundation
import OCI
import Render
import Store

/// `layerlab system`: the store as a whole.
struct SystemCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "system",
        abstract: "Manage the store.",
        subcommands: [DiskFree.self]
    )

    /// `layerlab system df`: disk usage, with shared and unique sizes per image under `-v`.
    struct DiskFree: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "df",
            abstract: "Show the store's disk usage.",
            discussion:
                "With -v, SHARED SIZE is what an image shares with others; UNIQUE SIZE is what deleting it frees."
        )

        @OptionGroup var global: GlobalOptions

        @Flag(name: .shortAndLong, help: "Show detailed information on space usage.")
        var verbose = false

        func run() throws {
            try reportingErrors {
                let store = try global.openStore()
                let usage = try store.diskUsage()
                if verbose {
                    emitVerbose(usage, store: store)
                    return
                }
                var table = Table(["TYPE", "TOTAL", "ACTIVE", "SIZE", "RECLAIMABLE"])
                table.append([
                    "Images", String(usage.images.count), String(usage.activeImages), Self.size(usage.layersSize),
                    Self.reclaimable(usage.reclaimable, of: usage.layersSize),
                ])
                table.append([
                    "Containers", String(usage.containers.count),
                    String(usage.containers.filter { $0.container.state.isRunning }.count),
                    Self.size(usage.containersSize),
                    Self.reclaimable(usage.reclaimableContainerSize, of: usage.containersSize),
                ])
                table.append(["Local Volumes", "0", "0", "0B", "0B"])
                table.append(["Build Cache", "0", "0", "0B", "0B"])
                table.render().forEach(emit)
            }
        }

        /// docker/cli's `units.HumanSize`: four significant digits.
        static func size(_ bytes: Int64) -> String { ByteCount.docker(bytes, precision: 4) }

        /// `1.982MB (99%)`, the percentage rounded down; no percentage of nothing.
        static func reclaimable(_ bytes: Int64, of total: Int64) -> String {
            total > 0 ? "\(size(bytes)) (\(bytes * 100 / total)%)" : size(bytes)
        }

        /// Every section docker/cli prints under `-v`; layerlab has no volumes or build cache records.
        private func emitVerbose(_ usage: DiskUsage, store: ImageStore) {
            let now = Date()
            emit("Images space usage:")
            emit("")
            var images = Table([
                "REPOSITORY", "TAG", "IMAGE ID", "CREATED", "SIZE", "SHARED SIZE", "UNIQUE SIZE", "CONTAINERS",
            ])
            var byID = Dictionary(uniqueKeysWithValues: usage.images.map { ($0.image.id, $0) })
            // One row per image with its first name only, as docker/cli's disk usage formatter does.
            for row in ImageListing.rows(usage.images.map(\.image), all: false) {
                guard let image = byID.removeValue(forKey: row.image.id) else { continue }
                images.append([
                    row.repository, row.tag, row.image.id.shortID, HumanUnits.ago(row.image.created, now: now),
                    Self.size(row.image.size), Self.size(image.sharedSize), Self.size(image.uniqueSize),
                    String(image.containers),
                ])
            }
            images.render().forEach(emit)
            emit("")
            emit("Containers space usage:")
            emit("")
            var containers = Table([
                "CONTAINER ID", "IMAGE", "COMMAND", "LOCAL VOLUMES", "SIZE", "CREATED", "STATUS", "NAMES",
            ])
            for entry in usage.containers {
                let container = entry.container
                containers.append([
                    container.id.shortID, Ps.image(of: container, in: store, truncate: true),
                    Ps.command(container, truncate: true), "0", Self.size(entry.size),
                    HumanUnits.ago(container.created.date, now: now), Ps.status(container.state, now: now),
                    container.name,
                ])
            }
            containers.render().forEach(emit)
            emit("")
            emit("Local Volumes space usage:")
            emit("")
            Table(["VOLUME NAME", "LINKS", "SIZE"]).render().forEach(emit)
            emit("")
            emit("Build cache usage: 0B")
            emit("")
            Table(["CACHE ID", "CACHE TYPE", "SIZE", "CREATED", "LAST USED", "USAGE", "SHARED"]).render().forEach(emit)
        }
    }
}
