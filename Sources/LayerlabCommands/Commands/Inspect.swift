import ArgumentParser
import Foundation
import OCI
import Store

/// `layerlab inspect`: an image's details as JSON, in the shape `docker image inspect` prints.
struct Inspect: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Display detailed information on one or more images.",
        discussion: "GraphDriver shows where each layer's diff folder is in the store."
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: "Images, by name or ID.")
    var images: [String]

    func run() throws {
        try reportingErrors {
            let store = try global.openStore()
            var documents: [InspectDocument] = []
            for name in images {
                documents.append(InspectDocument(try store.image(name), layout: store.layout))
            }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            emit(String(decoding: try encoder.encode(documents), as: UTF8.self))
        }
    }
}

/// The fields of Docker's `ImageInspect` that the store can fill.
struct InspectDocument: Encodable {
    struct Driver: Encodable {
        var Name = "overlay2"
        var Data: [String: String]
    }

    struct Layers: Encodable {
        var `Type`: String
        var Layers: [Digest]
    }

    var Id: Digest
    var RepoTags: [String]
    var RepoDigests: [String]
    var Parent: String
    var Comment: String
    var Created: String
    var Author: String
    var Config: ContainerConfig?
    var Architecture: String
    var Os: String
    var Variant: String?
    var Size: Int64
    var GraphDriver: Driver
    var RootFS: Layers

    init(_ image: ImageRecord, layout: StoreLayout) {
        Id = image.id
        RepoTags = image.references.filter { $0.tag != nil }.map(\.familiarString)
        RepoDigests = image.references.filter { $0.digest != nil }.map(\.familiarString)
        Parent = image.parent?.description ?? ""
        Comment = image.config.comment ?? ""
        Created = image.config.created?.rawValue ?? ""
        Author = image.config.author ?? ""
        Config = image.config.config
        Architecture = image.config.architecture
        Os = image.config.os
        Variant = image.config.variant
        Size = image.size
        let diffs = image.layers.map { layout.diffFolder(of: $0) }
        var data: [String: String] = [:]
        if let upper = diffs.last {
            data["UpperDir"] = upper
            data["MergedDir"] = (upper as NSString).deletingLastPathComponent + "/merged"
            data["WorkDir"] = (upper as NSString).deletingLastPathComponent + "/work"
        }
        if diffs.count > 1 { data["LowerDir"] = diffs.dropLast().reversed().joined(separator: ":") }
        GraphDriver = Driver(Data: data)
        RootFS = Layers(Type: "layers", Layers: image.config.rootfs.diffIDs)
    }
}
