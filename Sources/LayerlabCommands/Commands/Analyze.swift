import ArgumentParser
import Foundation
import OCI
import Render
import Store
import Trace
import UnionFS

/// `layerlab analyze`: what each layer adds, changes and removes, and how much space is wasted,
/// as dive reports it; `--ci` fails a pipeline when the image is too wasteful.
struct Analyze: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show each layer's changes and the image's wasted space and efficiency (as dive computes them).",
        discussion: HelpText.unwrapped(
            """
            IMAGE is a name or ID in the store, or an OCI layout / docker save archive (loaded into a
            temporary store). Example: layerlab analyze demo:v1 --ci --lowest-efficiency 0.95
            """)
    )

    @OptionGroup var global: GlobalOptions

    @Flag(name: .long, help: "Check the rules below and exit 1 when one fails.")
    var ci = false

    @Option(name: .long, help: "Lowest efficiency allowed, 0 to 1 (default 0.9).")
    var lowestEfficiency: Double = 0.9

    @Option(name: .long, help: "Highest wasted bytes allowed (default: rule disabled).")
    var highestWastedBytes: Int64?

    @Option(name: .long, help: "Highest share of wasted bytes above the first layer, 0 to 1 (default 0.1).")
    var highestUserWastedPercent: Double = 0.1

    @Argument(help: "An image name or ID, or a path to an image archive or OCI layout.")
    var image: String

    func run() throws {
        try reportingErrors {
            let (store, temporary) = try openStoreHolding(image)
            defer { temporary.map { try? FileManager.default.removeItem(atPath: $0) } }
            let record = try store.image(temporary == nil ? image : store.images().first?.id.description ?? image)
            let folders = record.layers.map { store.layout.diffFolder(of: $0) }
            let analysis = try ImageAnalysis(layers: folders)
            let stack = try analysis.stackReport(
                image: record.id, name: record.references.first?.familiarString,
                chainIDs: record.layers.map(\.chainID), layerFolders: folders)
            try store.trace.operation(.analyze, arguments: [image]) { op in op.emit(.unionStack(stack)) }
            report(record, analysis).forEach(emit)
            if ci {
                let results = rules(analysis)
                results.lines.forEach(emit)
                if results.failed { throw ExitCode.failure }
            }
        }
    }

    /// The store to analyse in: the user's, or for an archive a temporary one it is loaded into.
    private func openStoreHolding(_ image: String) throws -> (ImageStore, String?) {
        guard FileManager.default.fileExists(atPath: image) else { return (try global.openStore(), nil) }
        let root = NSTemporaryDirectory() + "/layerlab-analyze-\(UUID().uuidString)"
        do {
            let store = try global.openStore(root: root)
            _ = try store.load(from: image)
            return (store, root)
        } catch {
            try? FileManager.default.removeItem(atPath: root)
            throw error
        }
    }

    private func report(_ image: ImageRecord, _ analysis: ImageAnalysis) -> [String] {
        var lines = [
            "Image: \(image.references.first?.familiarString ?? image.id.shortID) (\(image.id))",
            String(format: "  efficiency: %.4f %%", analysis.efficiency * 100),
            "  wastedBytes: \(analysis.wastedBytes) bytes (\(ByteCount.docker(analysis.wastedBytes)))",
            String(format: "  userWastedPercent: %.4f %%", analysis.userWastedPercent * 100),
            "",
        ]
        var table = Table(["LAYER", "SIZE", "ADDED", "CHANGED", "REMOVED", "LAYER ID"])
        for (layer, record) in zip(analysis.layers, image.layers) {
            table.append([
                String(layer.index + 1), ByteCount.docker(layer.size), String(layer.added.count),
                String(layer.changed.count), String(layer.removed.count), record.chainID.shortID,
            ])
        }
        lines += table.render()
        if !analysis.inefficiencies.isEmpty {
            lines.append("")
            lines.append("Inefficient Files:")
            var files = Table(["Count", "Wasted Space", "File Path"])
            for file in analysis.inefficiencies.prefix(20) {
                files.append([String(file.count), ByteCount.docker(file.cumulativeSize), "/" + file.path])
            }
            lines += files.render()
        }
        return lines
    }

    /// dive's CI rules and its result line.
    private func rules(_ analysis: ImageAnalysis) -> (lines: [String], failed: Bool) {
        var lines = ["", "Results:"]
        var passed = 0
        var failed = 0
        var skipped = 0
        func check(_ name: String, _ ok: Bool, _ detail: String) {
            lines.append(ok ? "  PASS: \(name)" : "  FAIL: \(name): \(detail)")
            if ok { passed += 1 } else { failed += 1 }
        }
        check(
            "highestUserWastedPercent", analysis.userWastedPercent <= highestUserWastedPercent,
            String(
                format: "too many bytes wasted, relative to the user bytes added (%%-user-wasted-bytes=%.4f)",
                analysis.userWastedPercent))
        if let highestWastedBytes {
            check(
                "highestWastedBytes", analysis.wastedBytes <= highestWastedBytes,
                "too many bytes wasted (wasted-bytes=\(analysis.wastedBytes))")
        } else {
            lines.append("  SKIP: highestWastedBytes: rule disabled")
            skipped += 1
        }
        check(
            "lowestEfficiency", analysis.efficiency >= lowestEfficiency,
            String(format: "image efficiency is too low (efficiency=%.4f)", analysis.efficiency))
        lines.append(
            "Result:\(failed > 0 ? "FAIL" : "PASS") [Total:\(passed + failed + skipped)] [Passed:\(passed)] "
                + "[Failed:\(failed)] [Warn:0] [Skipped:\(skipped)]")
        return (lines, failed > 0)
    }
}
