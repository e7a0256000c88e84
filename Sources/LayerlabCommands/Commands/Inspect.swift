import ArgumentParser
import Foundation
import OCI
import Store
import Trace

/// `layerlab inspect`: an image's or a container's details as JSON, as `docker inspect` prints them.
struct Inspect: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Display detailed information on one or more images or containers.",
        discussion:
            "GraphDriver shows where each layer's diff folder is in the store; a container's UpperDir is its "
            + "read-write layer. A name that is an image's is the image, as docker inspect takes it."
    )

    @OptionGroup var global: GlobalOptions

    @Option(name: [.short, .long], help: "Format the output using a Go template: {{.Size}}, {{json .RootFS.Layers}}.")
    var format: String?

    @Argument(help: "Images or containers, by name or ID.")
    var images: [String]

    func run() throws {
        try reportingErrors {
            let store = try global.openStore()
            try store.trace.operation(.inspect, arguments: images) { op in
                // As docker inspect: what was found is printed, then one error line per name that was not.
                var documents: [GoJSON] = []
                var missing: [String] = []
                for name in images {
                    do {
                        let image = try store.image(name)
                        documents.append(try InspectDocument.image(image, in: store))
                        op.emit(
                            .objectInspected(
                                InspectedObject(
                                    kind: .image, id: image.id.description, requested: name,
                                    layers: image.layers.map(\.diffID))))
                    } catch let error as StoreError where error.code == .noSuchImage {
                        do {
                            documents.append(
                                try store.containers.withFilesystem(name) { filesystem in
                                    op.emit(
                                        .objectInspected(
                                            InspectedObject(
                                                kind: .container, id: filesystem.container.id.value, requested: name,
                                                image: filesystem.container.image)))
                                    return try InspectDocument.container(
                                        filesystem, logPath: store.containers.logPath(filesystem.container.id))
                                })
                        } catch let error as StoreError where error.code == .noSuchContainer {
                            missing.append(name)
                        }
                    }
                }
                try print(documents)
                guard missing.isEmpty else {
                    throw StoreError(
                        .noSuchImage, missing.map { "No such object: \($0)" }.joined(separator: "\nError: "))
                }
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
