import ArgumentParser
import Foundation
import Store

/// Options `create` and `run` share: Docker's names for them.
struct ContainerOptions: ParsableArguments {
    @Option(name: .long, help: "Assign a name to the container.")
    var name: String?

    @Option(name: [.customShort("e"), .customLong("env")], help: "Set environment variables (KEY=VALUE).")
    var env: [String] = []

    @Option(name: [.customShort("w"), .customLong("workdir")], help: "Working directory inside the container.")
    var workdir: String?

    @Argument(help: "The image to create the container from.")
    var image: String

    @Argument(parsing: .captureForPassthrough, help: "The command and its arguments (default: the image's CMD).")
    var command: [String] = []

    var spec: ContainerSpec {
        ContainerSpec(image: image, name: name, command: command, environment: env, workingDirectory: workdir)
    }
}

/// `layerlab create`: a container from an image, with an empty read-write layer, not started.
struct Create: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Create a new container.",
        discussion: HelpText.unwrapped(
            """
            The container gets its own read-write layer on top of the image's layers, laid out as Docker's
            containers/<id>/ and overlay2/<mount-id>/diff. Example: layerlab create --name web busybox sh -c 'ls'
            """)
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var options: ContainerOptions

    func run() throws {
        try reportingErrors {
            _ = try global.openStore(extraSinks: [TranscriptPrinter().sink]).containers.create(options.spec)
        }
    }
}
