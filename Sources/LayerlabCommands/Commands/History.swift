import ArgumentParser
import Foundation
import OCI
import Render
import Store

/// `layerlab history`: the steps an image was built from, newest first, with each layer's size.
struct History: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show the history of an image.",
        discussion: "Steps whose image is no longer in the store (pulled or imported ones) show as <missing>."
    )

    @OptionGroup var global: GlobalOptions

    @Option(name: [.customShort("H"), .long], help: "Print sizes and dates in human readable format (default true).")
    var human = true

    @Flag(name: .long, help: "Don't truncate output.")
    var noTrunc = false

    @Flag(name: .shortAndLong, help: "Only show image IDs.")
    var quiet = false

    @Argument(help: "The image, by name or ID.")
    var image: String

    func run() throws {
        try reportingErrors {
            let entries = try global.openStore().history(of: image)
            let now = Date()
            if quiet {
                for entry in entries { emit(id(entry)) }
                return
            }
            // docker/cli names the column by what it holds: an age, or a time.
            var table = Table(["IMAGE", human ? "CREATED" : "CREATED AT", "CREATED BY", "SIZE", "COMMENT"])
            for entry in entries {
                let createdBy = entry.createdBy.replacingOccurrences(of: "\t", with: " ")
                table.append([
                    id(entry),
                    human ? HumanUnits.ago(entry.created, now: now) : entry.created.map(rfc3339) ?? "N/A",
                    noTrunc ? createdBy : HumanUnits.ellipsis(createdBy, 45),
                    human ? ByteCount.docker(entry.size) : String(entry.size),
                    entry.comment,
                ])
            }
            table.render().forEach(emit)
        }
    }

    private func id(_ entry: HistoryEntry) -> String {
        guard let image = entry.image else { return "<missing>" }
        return noTrunc ? image.description : image.shortID
    }

    private func rfc3339(_ date: Date) -> String {
        ISO8601DateFormatter().string(from: date)
    }
}
