import ArgumentParser
import Foundation
import OCI
import Store

/// `layerlab inspect`: an image's details as JSON, as `docker image inspect` prints them.
struct Inspect: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Display detailed information on one or more images.",
        discussion: "GraphDriver shows where each layer's diff folder is in the store."
    )

    @OptionGroup var global: GlobalOptions

    @Option(name: [.short, .long], help: "Format the output using a Go template: {{.Size}}, {{json .RootFS.Layers}}.")
    var format: String?

    @Argument(help: "Images, by name or ID.")
    var images: [String]

    func run() throws {
        try reportingErrors {
            let store = try global.openStore()
            // As docker inspect: what was found is printed, then one error line per name that was not.
            var documents: [GoJSON] = []
            var missing: [String] = []
            for name in images {
                do {
                    documents.append(try InspectDocument.image(try store.image(name), in: store))
                } catch let error as StoreError where error.code == .noSuchImage {
                    missing.append(name)
                }
            }
            try print(documents)
            guard missing.isEmpty else {
                throw StoreError(
                    .noSuchImage, missing.map { "No such object: \($0)" }.joined(separator: "\nError: "))
            }
        }
    }

    private func print(_ documents: [GoJSON]) throws {
        guard let format else {
            emit(GoJSON.array(documents).indented())
            return
        }
        for document in documents {
            let fields = InspectFields(document)
            let template = try OutputTemplate(format, fields: Set(fields.text.keys))
            emit(template.render(fields.text, json: fields.json))
        }
    }
}
