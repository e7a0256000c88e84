import ArgumentParser
import Foundation
import OCI
import Render
import Store

/// `layerlab graph`: draw the store's images and the layers they share.
struct GraphCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "graph",
        abstract: "Draw images, their tags and their layers as a diagram (SVG, PNG or DOT).",
        discussion: "Example: layerlab graph -o Output/layers.svg   (a layer shared by several images is highlighted)"
    )

    @OptionGroup var global: GlobalOptions

    @Flag(name: .shortAndLong, help: "Also draw intermediate images and classic parent links.")
    var all = false

    @Option(name: .shortAndLong, help: "The file to write (default: Output/layers.<format>).")
    var output: String?

    @Option(name: .long, help: "svg (default), png or dot.")
    var format: String?

    @Flag(
        inversion: .prefixedNo,
        help: ArgumentHelp(
            "Draw each unbranched run of layers as one box and the images on it as one table "
                + "(default: when more than \(Self.condensedAbove) images are drawn)."))
    var condensed: Bool?

    @Argument(help: "Only these images (by name or ID) and their layers.")
    var images: [String] = []

    /// Above this many images every-layer drawings stop being readable (and take Graphviz seconds).
    static let condensedAbove = 40

    func run() throws {
        try reportingErrors {
            let store = try global.openStore()
            let selected = try Set(images.map { try store.image($0).id })
            let snapshot = try store.snapshot()
            let language = try global.language()
            let drawn = LayerGraph.visibleImages(of: snapshot, selected: selected, all: all).count
            let graph: Graph
            if condensed ?? (drawn > Self.condensedAbove) {
                if condensed == nil {
                    emit("\(drawn) images: drawn condensed (--no-condensed draws every layer)")
                }
                graph = CondensedLayerGraph(snapshot: snapshot, selected: selected, all: all, language: language)
                    .graph()
            } else {
                graph = LayerGraph(snapshot: snapshot, selected: selected, all: all, language: language).graph()
            }
            try DiagramOutput(output: output, format: format, defaultName: "layers").write(graph)
        }
    }
}

/// Where a diagram goes and in which format: `-o` decides, else `Output/NAME.svg`.
struct DiagramOutput {
    var output: String?
    var format: String?
    var defaultName: String

    func write(_ graph: Graph) throws {
        let chosen = try resolvedFormat()
        let path = output ?? "Output/\(defaultName).\(chosen.rawValue)"
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        }
        let bytes = try Graphviz.render(dot: DOTWriter.write(graph), format: chosen)
        try Data(bytes).write(to: URL(fileURLWithPath: path), options: .atomic)
        emit("Wrote \(path)")
    }

    private func resolvedFormat() throws -> DiagramFormat {
        if let format {
            guard let chosen = DiagramFormat(rawValue: format) else {
                throw ValidationError("unknown --format \"\(format)\": use svg, png or dot")
            }
            return chosen
        }
        let fileExtension = output.map { ($0 as NSString).pathExtension.lowercased() } ?? ""
        return DiagramFormat(rawValue: fileExtension) ?? .svg
    }
}
