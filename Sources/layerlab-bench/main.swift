import Foundation
import Render
import Trace

// `make bench`: the layer graph of a synthetic store of 1,000 images and 5,000 layers, rendered
// through libgvc in process and by `dot -Tsvg` on the same DOT text; then the condensed drawing of
// that store (``CondensedLayerGraph``), timed whole: snapshot → graph → DOT → SVG.
//
//   layerlab-bench [IMAGES [LAYERS]]              both, timed side by side
//   layerlab-bench --write-dot FILE [IMAGES [LAYERS]]   only the DOT text, for `dot` to read
//   layerlab-bench --render-once [IMAGES [LAYERS]]      store → graph → DOT → SVG once, in process
//   layerlab-bench --write-condensed FILE [IMAGES [LAYERS]]   the condensed drawing's SVG, to look at
//
// The last two are what scripts/bench-instructions.sh runs under callgrind: instruction counts do
// not drift with the neighbours on a shared machine as seconds do.

var arguments = Array(CommandLine.arguments.dropFirst())
enum Mode { case timed, writeDOT(String), writeCondensed(String), renderOnce }
var mode = Mode.timed
if arguments.first == "--write-dot", arguments.count > 1 {
    mode = .writeDOT(arguments[1])
    arguments.removeFirst(2)
} else if arguments.first == "--write-condensed", arguments.count > 1 {
    mode = .writeCondensed(arguments[1])
    arguments.removeFirst(2)
} else if arguments.first == "--render-once" {
    mode = .renderOnce
    arguments.removeFirst()
}
let imageCount = arguments.first.flatMap { Int($0) } ?? 1_000
let layerCount = arguments.dropFirst().first.flatMap { Int($0) } ?? 5_000

let snapshot = syntheticSnapshot(images: imageCount, layers: layerCount)
let dot = DOTWriter.write(LayerGraph(snapshot: snapshot).graph())

switch mode {
case .writeDOT(let path):
    try Data(dot.utf8).write(to: URL(fileURLWithPath: path))
case .writeCondensed(let path):
    let svg = try Graphviz.render(dot: DOTWriter.write(CondensedLayerGraph(snapshot: snapshot).graph()), format: .svg)
    try Data(svg).write(to: URL(fileURLWithPath: path))
case .renderOnce:
    let svg = try Graphviz.render(dot: dot, format: .svg)
    print("\(svg.count) bytes of SVG")
case .timed:
    let dotFile = NSTemporaryDirectory() + "/layerlab-bench-\(getpid()).dot"
    try Data(dot.utf8).write(to: URL(fileURLWithPath: dotFile))
    defer { try? FileManager.default.removeItem(atPath: dotFile) }
    print(
        "layer graph: \(snapshot.images.count) images, \(snapshot.layers.count) layers, \(dot.utf8.count) bytes of DOT")
    try compareTimes(dot: dot, dotFile: dotFile)
    try timeCondensedDrawing(of: snapshot)
}
