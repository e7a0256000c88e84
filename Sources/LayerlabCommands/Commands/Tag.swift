import ArgumentParser
import Store

/// `layerlab tag`: give an image another name (the course's 镜像重命名).
struct Tag: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Create a tag TARGET_IMAGE that refers to SOURCE_IMAGE.",
        discussion: "Example: layerlab tag demo:v1 registry.local:5000/team/demo:v1"
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The image to name: a name[:tag] or an image ID.")
    var source: String

    @Argument(help: "The new name: [registry/]repository[:tag].")
    var target: String

    func run() throws {
        try reportingErrors {
            try global.openStore().tag(source, as: target)
        }
    }
}
