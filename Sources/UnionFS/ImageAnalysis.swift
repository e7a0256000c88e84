import Archive
import Foundation
import OCI
import Trace

/// What each layer of an image adds, changes and removes, and how much space the image wastes,
/// computed as dive (github.com/wagoodman/dive, `image/efficiency.go`) computes it.
///
/// A path's *cumulative* size is the sum of its sizes in every layer that has it (a whiteout counts
/// what it hides); its *minimum* is the smallest of those. Efficiency is Σ minimum / Σ cumulative:
/// 1.0 when no file is ever written twice or deleted later. Wasted bytes are the cumulative sizes of
/// the paths found in more than one layer.
public struct ImageAnalysis: Sendable, Equatable {
    /// One layer's changes to the view below it.
    public struct LayerReport: Sendable, Equatable {
        public var index: Int
        public var size: Int64
        public var added: [FileChange] = []
        public var changed: [FileChange] = []
        public var removed: [FileChange] = []
    }

    /// A path a layer touched and how many bytes it had there (for a removal: the bytes it hid).
    public struct FileChange: Sendable, Equatable {
        public var path: String
        public var size: Int64
    }

    /// A path written (or deleted) in several layers: the space it costs beyond its smallest version.
    public struct Inefficiency: Sendable, Equatable {
        public var path: String
        public var count: Int
        public var cumulativeSize: Int64
    }

    public var layers: [LayerReport]
    public var efficiency: Double
    public var wastedBytes: Int64
    /// Wasted bytes as a share of what the image adds above its first layer (dive's "user wasted percent").
    public var userWastedPercent: Double
    /// The paths that waste space, most wasteful first.
    public var inefficiencies: [Inefficiency]

    /// The analysis as the union diagram draws it, with the merged view's files and their layers.
    public func stackReport(image: Digest, name: String?, chainIDs: [Digest], layerFolders: [String]) throws
        -> UnionStackReport
    {
        var merged: [UnionStackReport.MergedFile] = []
        try UnionView(layers: layerFolders).walk { entry in
            if entry.kind != .directory { merged.append(.init(path: entry.path.description, layer: entry.layer)) }
        }
        let reports = zip(layers, chainIDs).map { report, chainID in
            UnionStackReport.Layer(
                chainID: chainID, size: report.size, added: report.added.map(\.path),
                changed: report.changed.map(\.path), removed: report.removed.map(\.path))
        }
        return UnionStackReport(image: image, name: name, layers: reports, merged: merged)
    }

    /// Analyses the layers whose diff folders are `layers`, bottom first.
    public init(layers: [String]) throws {
        var reports: [LayerReport] = []
        var cumulative: [String: Int64] = [:]
        var minimum: [String: Int64] = [:]
        var occurrences: [String: Int] = [:]
        for (index, folder) in layers.enumerated() {
            let below = UnionView(layers: Array(layers[..<index]))
            var report = LayerReport(index: index, size: 0)
            for entry in try Self.leaves(of: folder) {
                let size: Int64
                let path: String
                switch entry.whiteout {
                case .none:
                    path = entry.path
                    size = entry.size
                    report.size += size
                    let existing = try below.lookup(path)
                    if existing == nil {
                        report.added.append(FileChange(path: path, size: size))
                    } else {
                        report.changed.append(FileChange(path: path, size: size))
                    }
                case .deletes(let hidden):
                    path = hidden
                    size = try Self.subtreeSize(hidden, in: below)
                    report.removed.append(FileChange(path: hidden, size: size))
                case .opaque(let directory):
                    path = directory
                    size = try Self.subtreeSize(directory, in: below)
                    if size > 0 { report.removed.append(FileChange(path: directory + "/*", size: size)) }
                }
                cumulative[path, default: 0] += size
                minimum[path] = min(minimum[path] ?? size, size)
                occurrences[path, default: 0] += 1
            }
            reports.append(report)
        }
        let discovered = cumulative.values.reduce(0, +)
        let needed = minimum.values.reduce(0, +)
        self.layers = reports
        efficiency = discovered == 0 ? 1 : Double(needed) / Double(discovered)
        inefficiencies = occurrences.filter { $0.value > 1 }
            .map { Inefficiency(path: $0.key, count: $0.value, cumulativeSize: cumulative[$0.key] ?? 0) }
            .sorted { ($0.cumulativeSize, $1.path) > ($1.cumulativeSize, $0.path) }
        wastedBytes = inefficiencies.reduce(0) { $0 + $1.cumulativeSize }
        let userSize = reports.dropFirst().reduce(0) { $0 + $1.size }
        userWastedPercent = userSize == 0 ? 0 : Double(wastedBytes) / Double(userSize)
    }

    private enum WhiteoutKind {
        case none
        case deletes(String)
        case opaque(String)
    }

    private struct Leaf {
        var path: String
        var size: Int64
        var whiteout: WhiteoutKind
    }

    /// The leaves of one diff folder as dive counts them: files, links and empty folders, with
    /// whiteout files read as the deletions they stand for. Never follows a link (R-X8).
    private static func leaves(of folder: String) throws -> [Leaf] {
        var result: [Leaf] = []
        var pending = [""]
        while let relative = pending.popLast() {
            let absolute = relative.isEmpty ? folder : folder + "/" + relative
            let names = try FileManager.default.contentsOfDirectory(atPath: absolute).sorted()
            if names.isEmpty && !relative.isEmpty { result.append(Leaf(path: relative, size: 0, whiteout: .none)) }
            for name in names {
                let path = relative.isEmpty ? name : relative + "/" + name
                var info = stat()
                guard lstat(folder + "/" + path, &info) == 0 else {
                    throw UnionError(.io, "cannot stat \(path) in \(folder)")
                }
                if name == Whiteout.opaqueMarker {
                    result.append(Leaf(path: path, size: 0, whiteout: .opaque(relative)))
                } else if name.hasPrefix(Whiteout.prefix) {
                    let hidden = String(name.dropFirst(Whiteout.prefix.count))
                    result.append(
                        Leaf(
                            path: path, size: 0, whiteout: .deletes(relative.isEmpty ? hidden : relative + "/" + hidden)
                        ))
                } else if info.st_mode & S_IFMT == S_IFDIR {
                    pending.append(path)
                } else {
                    let size = info.st_mode & S_IFMT == S_IFREG ? Int64(info.st_size) : 0
                    result.append(Leaf(path: path, size: size, whiteout: .none))
                }
            }
        }
        return result.sorted { $0.path < $1.path }
    }

    /// The bytes of regular files at or under `path` in a merged view.
    private static func subtreeSize(_ path: String, in view: UnionView) throws -> Int64 {
        guard let top = try view.lookup(path) else { return 0 }
        guard top.kind == .directory else { return top.size }
        var total: Int64 = 0
        var pending = [path]
        while let directory = pending.popLast() {
            for entry in try view.list(directory) {
                if entry.kind == .directory { pending.append(entry.path.description) } else { total += entry.size }
            }
        }
        return total
    }
}
