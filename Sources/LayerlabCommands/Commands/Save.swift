import ArgumentParser
import Foundation
import OCI
import Store

/// `layerlab save`: write images to an archive other tools read (Docker, skopeo, umoci).
struct Save: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Save one or more images to a tar archive or an OCI layout folder.",
        discussion: HelpText.unwrapped(
            """
            The docker format is what `docker save` writes since Docker 25: an OCI image layout with
            uncompressed layers and Docker's manifest.json. The oci format keeps the stored gzip blobs.
            Example: layerlab save -o demo.tar demo:v1 && skopeo inspect docker-archive:demo.tar
            """)
    )

    @OptionGroup var global: GlobalOptions

    @Option(name: .shortAndLong, help: "Write to this file (or folder with --folder).")
    var output: String

    @Option(name: .long, help: "Archive format: docker (default) or oci.")
    var format: String = ImageArchiveFormat.docker.rawValue

    @Flag(name: .long, help: "Write an OCI layout folder instead of a tar file.")
    var folder = false

    @Argument(help: "Images to save, by name or ID.")
    var images: [String]

    func validate() throws {
        if images.isEmpty { throw ValidationError("\"save\" requires at least 1 argument.") }
        if ImageArchiveFormat(rawValue: format) == nil {
            throw ValidationError("unknown --format \"\(format)\": use docker or oci")
        }
    }

    func run() throws {
        try reportingErrors {
            let format = ImageArchiveFormat(rawValue: format) ?? .docker
            try global.openStore().save(images, to: output, format: format, asFolder: folder)
        }
    }
}

/// `layerlab load`: read images from a Docker archive or an OCI layout.
struct Load: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Load images from a tar archive or an OCI layout folder.",
        discussion: "Reads Docker archives (old and new) and OCI image layouts, as folders, tars or gzip'd tars."
    )

    @OptionGroup var global: GlobalOptions

    @Option(name: .shortAndLong, help: "Read from this tar file or folder.")
    var input: String

    @Flag(name: .shortAndLong, help: "Suppress the load output.")
    var quiet = false

    func run() throws {
        try reportingErrors {
            let loaded = try global.openStore().load(from: input)
            guard !quiet else { return }
            for image in loaded {
                if image.references.isEmpty {
                    emit("Loaded image ID: \(image.id)")
                }
                for reference in image.references {
                    if let previous = image.untaggedFrom[reference] {
                        emit(
                            "The image \(reference.familiarString) already exists, renaming the old one with ID "
                                + "\(previous) to empty string")
                    }
                    emit("Loaded image: \(reference.familiarString)")
                }
            }
        }
    }
}
