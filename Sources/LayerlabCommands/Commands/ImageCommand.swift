import ArgumentParser
import Foundation
import OCI
import Render
import Store

/// `layerlab image`: commands that manage images as a whole.
struct ImageCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "image",
        abstract: "Manage images.",
        subcommands: [
            RenamedAsync<Build, ManagementNames.Same<Build>>.self, Renamed<History, ManagementNames.Same<History>>.self,
            Renamed<Import, ManagementNames.Same<Import>>.self, Renamed<Inspect, ManagementNames.Same<Inspect>>.self,
            Renamed<Load, ManagementNames.Same<Load>>.self, Renamed<Images, ManagementNames.List>.self, Prune.self,
            RenamedAsync<Pull, ManagementNames.Same<Pull>>.self, RenamedAsync<Push, ManagementNames.Same<Push>>.self,
            Renamed<Rmi, ManagementNames.Remove>.self, Renamed<Save, ManagementNames.Same<Save>>.self,
            Renamed<Tag, ManagementNames.Same<Tag>>.self,
        ]
    )

    /// `layerlab image prune`: remove unused images.
    struct Prune: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Remove unused images.",
            discussion: "Without -a only dangling images go: those with no name that no other image is built on."
        )

        @OptionGroup var global: GlobalOptions

        @Flag(name: .shortAndLong, help: "Remove all unused images, not just dangling ones.")
        var all = false

        @Flag(name: .shortAndLong, help: "Do not prompt for confirmation.")
        var force = false

        func run() throws {
            try reportingErrors {
                if !force {
                    let warning =
                        all
                        ? "WARNING! This will remove all images without at least one container associated to them."
                        : "WARNING! This will remove all dangling images."
                    guard Confirmation.ask(warning + "\nAre you sure you want to continue? [y/N] ") else { return }
                }
                let report = try global.openStore().prune(all: all)
                if !report.results.isEmpty {
                    emit("Deleted Images:")
                    for result in report.results {
                        switch result {
                        case .untagged(let reference): emit("untagged: \(reference.familiarString)")
                        case .deleted(let digest): emit("deleted: \(digest)")
                        }
                    }
                    emit("")
                }
                emit("Total reclaimed space: \(ByteCount.docker(report.spaceReclaimed, precision: 4))")
            }
        }
    }
}

/// A yes/no question on the terminal; anything but `y`/`yes` (or no input at all) is no.
enum Confirmation {
    static func ask(_ question: String) -> Bool {
        FileHandle.standardOutput.write(Data(question.utf8))
        guard let answer = readLine() else { return false }
        return ["y", "yes"].contains(answer.trimmingCharacters(in: .whitespaces).lowercased())
    }
}
