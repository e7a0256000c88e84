import ArgumentParser
import Foundation
import OCI
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
                table.minimumWidth = 10
                let percent =
                    usage.layersSize == 0 ? 0 : Int(Double(usage.reclaimable) * 100 / Double(usage.layersSize))
                table.append([
                    "Images", String(usage.images.count), String(usage.activeImages), HumanUnits.size(usage.layersSize),
                    "\(HumanUnits.size(usage.reclaimable)) (\(percent)%)",
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
            table.minimumWidth = 10
            let byID = Dictionary(uniqueKeysWithValues: usage.images.map { ($0.image.id, $0) })
            for row in ImageListing.rows(usage.images.map(\.image), all: false) {
                guard let image = byID[row.image.id] else { continue }
                table.append([
                    row.repository, row.tag, row.image.id.shortID, HumanUnits.ago(row.image.created, now: now),
                    HumanUnits.size(row.image.size), HumanUnits.size(image.sharedSize),
                    HumanUnits.size(image.uniqueSize), String(image.containers),
                ])
            }
            table.render().forEach(emit)
        }
    }
}
