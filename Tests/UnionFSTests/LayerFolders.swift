import Archive
import Foundation
import LayerlabTestSupport
import OCI
import UnionFS

/// Layer `diff/` folders made the way the store makes them: entries written with layerlab's
/// ``TarWriter`` and applied with its ``LayerExtractor`` (whiteouts kept as files).
struct LayerFolders {
    let temp: TemporaryDirectory

    init(_ label: String = "union") { temp = TemporaryDirectory(label) }

    /// One folder per layer, bottom first, named `<prefix>0`, `<prefix>1`, ….
    func make(_ layers: [[TarFixtureEntry]], prefix: String = "layer") throws -> [String] {
        try layers.enumerated().map { index, entries in
            let folder = temp.file("\(prefix)\(index)")
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: false)
            var reader = TarReader(BufferSource(try makeTar(entries)))
            _ = try LayerExtractor(root: folder).apply(&reader)
            return folder
        }
    }

    /// An empty folder for a container's upper layer.
    func emptyFolder(_ name: String) throws -> String {
        let folder = temp.file(name)
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: false)
        return folder
    }
}

/// A short, comparable picture of an entry: `d/` for a directory, `l -> t` for a symlink, and
/// the layer that serves it: `d/@1`, `x@0`, `l -> t@2`.
func sketch(_ entry: MergedEntry) -> String {
    let suffix =
        switch entry.kind {
        case .directory: "/"
        case .symlink: " -> \(entry.linkTarget?.description ?? "")"
        default: ""
        }
    return "\(entry.path)\(suffix)@\(entry.layer)"
}

/// The merged view as differential tests compare it; `owners` and `modes` say what the other
/// side can tell.
func records(of view: UnionView, modes: Bool = true, owners: Bool = true) throws -> [String: TreeRecord] {
    var records: [String: TreeRecord] = [:]
    try view.walk { entry in
        let type =
            switch entry.kind {
            case .regular: "f"
            case .directory: "d"
            case .symlink: "l"
            case .characterDevice: "c"
            case .blockDevice: "b"
            case .fifo: "p"
            case .socket: "s"
            }
        var record = TreeRecord(type: type)
        if modes { record.mode = entry.mode }
        if owners {
            record.uid = entry.uid
            record.gid = entry.gid
        }
        if entry.kind == .regular {
            record.size = entry.size
            record.sha256 = Digest.sha256(of: try view.contents(of: entry)).encoded
        }
        record.linkTarget = entry.linkTarget?.description
        records[entry.path.description] = record
    }
    return records
}

extension TarFixtureEntry {
    /// The same entry with owner `uid:gid`.
    func owned(_ uid: Int, _ gid: Int) -> TarFixtureEntry {
        var copy = self
        copy.entry.uid = uid
        copy.entry.gid = gid
        return copy
    }

    /// A whiteout `.wh.NAME` hiding `path` in lower layers.
    static func whiteout(_ path: String) -> TarFixtureEntry {
        .file(Whiteout.whiteoutPath(hiding: ArchivePath(path)).description)
    }

    /// The opaque marker of `directory`.
    static func opaque(_ directory: String) -> TarFixtureEntry {
        .file(directory.isEmpty ? Whiteout.opaqueMarker : "\(directory)/\(Whiteout.opaqueMarker)")
    }
}
