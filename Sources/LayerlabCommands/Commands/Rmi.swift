import ArgumentParser
import Foundation
import Store

/// `layerlab rmi`: remove images by Docker's rules, and say why when Docker would refuse.
struct Rmi: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Remove one or more images.",
        discussion: HelpText.unwrapped(
            """
            A name is untagged; the image is deleted when no name is left. Docker refuses to delete an
            image other images are built on, or (without -f) one named in several repositories.
            """)
    )

    @OptionGroup var global: GlobalOptions

    @Flag(name: .shortAndLong, help: "Force removal of the image.")
    var force = false

    @Flag(name: .long, help: "Do not delete untagged parents.")
    var noPrune = false

    @Argument(help: "Images to remove, by name or ID.")
    var images: [String]

    func validate() throws {
        if images.isEmpty { throw ValidationError("\"rmi\" requires at least 1 argument.") }
    }

    func run() throws {
        try reportingErrors {
            let printer = TranscriptPrinter()
            let store = try global.openStore(extraSinks: [printer.sink])
            // As `docker rmi`: each removal says what it did as it goes; the refusals come last, together.
            var refusals: [String] = []
            for image in images {
                do {
                    _ = try store.remove(image, force: force, prune: !noPrune)
                } catch {
                    refusals.append("Error: \(error)\n")
                }
            }
            guard refusals.isEmpty else {
                fflush(nil)
                FileHandle.standardError.write(Data(refusals.joined().utf8))
                throw ExitCode.failure
            }
        }
    }
}
