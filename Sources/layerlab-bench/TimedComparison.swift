import Foundation
import Render
import Trace

/// The layer graph rendered through libgvc in process and by `dot -Tsvg` on the same DOT text,
/// three rounds, best of each.
///
/// The order alternates: on a shared virtual machine a run's speed drifts with the neighbours (the
/// same `dot` has taken 15 s and 42 s here), and whichever went first in every round would
/// otherwise carry that drift alone.
@MainActor
func compareTimes(dot: String, dotFile: String) throws {
    var inProcessSize = 0
    var inProcess = Double.infinity
    var subprocess = Double.infinity
    func renderInProcess() throws {
        inProcess = min(inProcess, try seconds { inProcessSize = try Graphviz.render(dot: dot, format: .svg).count })
    }
    func renderWithDot() throws {
        subprocess = min(subprocess, try seconds { try runDot(on: dotFile) })
    }
    for round in 0..<3 {
        if round % 2 == 0 {
            try renderInProcess()
            try renderWithDot()
        } else {
            try renderWithDot()
            try renderInProcess()
        }
    }
    print(String(format: "libgvc in process: %.2f s (%d bytes of SVG)", inProcess, inProcessSize))
    print(String(format: "dot -Tsvg:         %.2f s", subprocess))
    print(String(format: "ratio:             %.2f× (goal: ≤ 1.2×)", inProcess / subprocess))
}

private func runDot(on dotFile: String) throws {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/dot")
    process.arguments = ["-Tsvg", "-o", "/dev/null", dotFile]
    try process.run()
    process.waitUntilExit()
}

/// The readable drawing of the same store, from snapshot to SVG, best of three.
@MainActor
func timeCondensedDrawing(of snapshot: StoreSnapshot) throws {
    var best = Double.infinity
    var size = 0
    for _ in 0..<3 {
        best = min(
            best,
            try seconds {
                let dot = DOTWriter.write(CondensedLayerGraph(snapshot: snapshot).graph())
                size = try Graphviz.render(dot: dot, format: .svg).count
            })
    }
    print(String(format: "condensed drawing: %.2f s (%d bytes of SVG; goal: < 1 s)", best, size))
}

private func seconds(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}
