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

    @Option(name: [.short, .long], help: "Format the output using a Go template: {{.Size}}, {{json .RootFS.Layers}}.")
    var format: String?

    @Argument(help: "Images, by name or ID.")
    var images: [String]

    func run() throws {
        try reportingErrors {
            let store = try global.openStore()
            // As docker inspect: what was found is printed, then one error line per name that was not.
            var documents: [InspectDocument] = []
            var missing: [String] = []
            for name in images {
                do {
                    documents.append(InspectDocument(try store.image(name), layout: store.layout))
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

    private func print(_ documents: [InspectDocument]) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        guard let format else {
            emit(documents.isEmpty ? "[]" : String(decoding: try encoder.encode(documents), as: UTF8.self))
            return
        }
        for document in documents {
            let object = try JSONSerialization.jsonObject(with: try encoder.encode(document))
            let fields = InspectFields(object)
            let template = try OutputTemplate(format, fields: Set(fields.text.keys))
            emit(template.render(fields.text, json: fields.json))
        }
    }
}

/// Every field of an inspect document by its dotted path (`RootFS.Layers`), as Go's template
/// prints it (`{{.Size}}`) and as a JSON value (`{{json .RootFS}}`).
struct InspectFields {
    var text: [String: String] = [:]
    var json: [String: Any] = [:]

    init(_ object: Any) {
        add(object, path: "")
    }

    private mutating func add(_ value: Any, path: String) {
        if !path.isEmpty {
            text[path] = Self.goText(value)
            json[path] = value
        }
        if let object = value as? [String: Any] {
            for (key, child) in object { add(child, path: path.isEmpty ? key : path + "." + key) }
        }
    }

    /// Go's `%v`: strings bare, lists as `[a b]`, maps as `map[k:v]`, null as `<nil>`.
    static func goText(_ value: Any) -> String {
        switch value {
        case let string as String: string
        case let number as NSNumber where String(cString: number.objCType) == "c": number.boolValue ? "true" : "false"
        case let number as NSNumber: number.stringValue
        case let list as [Any]: "[" + list.map(goText).joined(separator: " ") + "]"
        case let object as [String: Any]:
            "map[" + object.sorted { $0.key < $1.key }.map { "\($0.key):\(goText($0.value))" }.joined(separator: " ")
                + "]"
        default: "<nil>"
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
