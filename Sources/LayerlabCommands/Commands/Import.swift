import ArgumentParser
import Foundation
import OCI
import Store

/// `layerlab import`: a root filesystem tarball or folder becomes a one-layer image.
struct Import: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Import the contents from a tarball or folder to create a filesystem image.",
        discussion: "Example: layerlab import rootfs.tar.gz demo:v1   (use - to read the tarball from stdin)"
    )

    @OptionGroup var global: GlobalOptions

    @Option(name: .shortAndLong, help: "Set a commit message for the imported image.")
    var message: String?

    @Option(name: .long, help: "Set the platform (os/arch[/variant]) of the image.")
    var platform: String?

    @Argument(help: "A tar or tar.gz file, a folder, or - for standard input.")
    var source: String

    @Argument(help: "The name to give the image: repository[:tag].")
    var repository: String?

    func run() throws {
        try reportingErrors {
            let importSource: ImportSource
            if source == "-" {
                importSource = .standardInput
            } else {
                var isFolder: ObjCBool = false
                guard FileManager.default.fileExists(atPath: source, isDirectory: &isFolder) else {
                    throw ValidationError("no such file or folder: \(source)")
                }
                importSource = isFolder.boolValue ? .folder(source) : .file(source)
            }
            _ = try global.openStore(extraSinks: [TranscriptPrinter().sink]).importImage(
                from: importSource, repository: repository, message: message, platform: try parsePlatform(platform))
        }
    }
}
