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
                let usage = try global.openStore().diskUsage()
                if verbose {
                    emitVerbose(usage)
                    return
                }
                var table = Table(["TYPE", "TOTAL", "ACTIVE", "SIZE", "RECLAIMABLE"])
                let reclaimable = ByteCount.docker(usage.reclaimable, precision: 4)
                table.append([
                    "Images", String(usage.images.count), String(usage.activeImages),
                    ByteCount.docker(usage.layersSize, precision: 4),
                    usage.layersSize > 0
                        ? "\(reclaimable) (\(usage.reclaimable * 100 / usage.layersSize)%)" : reclaimable,
                ])
                table.append(["Containers", "0", "0", "0B", "0B"])
                table.append(["Local Volumes", "0", "0", "0B", "0B"])
                table.append(["Build Cache", "0", "0", "0B", "0B"])
                table.render().forEach(emit)
            }
        }

        private func emitVerbose(_ usage: DiskUsage) {
            let now = Date()
            emit("Images space usage:")
            emit("")
            var table = Table([
                "REPOSITORY", "TAG", "IMAGE ID", "CREATED", "SIZE", "SHARED SIZE", "UNIQUE SIZE", "CONTAINERS",
            ])
            var byID = Dictionary(uniqueKeysWithValues: usage.images.map { ($0.image.id, $0) })
            // One row per image with its first name only, as docker/cli's disk usage formatter does.
            for row in ImageListing.rows(usage.images.map(\.image), all: false) {
                guard let image = byID.removeValue(forKey: row.image.id) else { continue }
                table.append([
                    row.repository, row.tag, row.image.id.shortID, HumanUnits.ago(row.image.created, now: now),
                    ByteCount.docker(row.image.size), ByteCount.docker(image.sharedSize, precision: 4),
                    ByteCount.docker(image.uniqueSize, precision: 4), String(image.containers),
                ])
            }
            table.render().forEach(emit)
        }
    }
}
