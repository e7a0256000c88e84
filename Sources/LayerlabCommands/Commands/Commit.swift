import ArgumentParser
import Foundation
import OCI
import Store
import UnionFS

/// `layerlab commit`: a container's changes become a new image on top of its image.
struct Commit: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Create a new image from a container's changes.",
        discussion: HelpText.unwrapped(
            """
            The read-write layer becomes the new image's top layer; the container's image is its parent.
            Example: layerlab commit -c 'CMD ["cat", "/hello"]' -m "add hello" web demo:v2
            """)
    )

    @OptionGroup var global: GlobalOptions

    @Option(
        name: [.customShort("a"), .customLong("author")],
        help: "Author (e.g., \"John Hannibal Smith <hannibal@a-team.com>\").")
    var author: String?

    @Option(
        name: [.customShort("c"), .customLong("change")], help: "Apply Dockerfile instruction to the created image.")
    var changes: [String] = []

    @Option(name: [.customShort("m"), .customLong("message")], help: "Commit message.")
    var message: String?

    @Argument(help: "The container, by name or ID.")
    var container: String

    @Argument(help: "The new image's name: REPOSITORY[:TAG].")
    var repository: String?

    func run() throws {
        try reportingErrors {
            let options = CommitOptions(repository: repository, author: author, message: message, changes: changes)
            _ = try global.openStore(extraSinks: [TranscriptPrinter().sink]).containers.commit(
                container, options: options)
        }
    }
}
