import Archive
import Store
import Trace

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The merged, read-only view of a stack of layer `diff/` folders: what a container sees.
///
/// The rules are the OCI image-spec's (layer.md, "Whiteouts") as the kernel's overlayfs applies
/// them (Documentation/filesystems/overlayfs.rst), with whiteouts kept as the store keeps them:
/// empty files named `.wh.NAME` and `.wh..wh..opq` in each layer's folder.
/// - An upper layer's entry hides the same path in lower layers; a non-directory hides a whole
///   lower directory tree, and a directory over a lower non-directory starts empty.
/// - `.wh.NAME` deletes `NAME` from the layers below; an entry `NAME` in the same layer stays
///   (the spec: whiteouts apply to lower layers only).
/// - `.wh..wh..opq` makes its directory opaque: the layer's own entries stay, the lower
///   layers' entries of that directory are hidden. At the root it hides all lower layers (the
///   spec's reading; the kernel ignores an opaque mark on a layer's root).
/// - Names starting with `.wh.` never show.
/// - Symlinks are entries, never followed, also not in the middle of a path (R-X8): `a/b` when
///   `a` is a symlink is not found, as the kernel's lookup gives `ENOTDIR` for a non-directory.
/// - Hard links are as in each layer's folder (``MergedEntry/inode``, ``MergedEntry/linkCount``).
///
/// Work grows with the entries touched: a path is resolved component by component, top layer
/// first, with an `lstat` per layer until the first entry, whiteout or opaque directory; no
/// layer is extracted or walked whole. Owners, modes and times come from the `diff/` folders,
/// which hold the layer tars' values when the layers were extracted as root (as in CI).
public struct UnionView: Sendable {
    /// The layers' folders, bottom first.
    public let layers: [String]
    /// Where union decisions are reported, if anywhere.
    public let trace: TraceOperation?
    /// Whether each ``lookup(_:)-(ArchivePath)`` reports which layer served it (a
    /// ``TraceEvent/unionLookup(path:layer:)`` and any ``TraceEvent/whiteoutApplied(path:layer:opaque:)``).
    /// Off by default: listings and walks never report per entry.
    public let tracesLookups: Bool

    /// - Parameters:
    ///   - layers: the layers' `diff/` folders, bottom first.
    ///   - trace: where to report union decisions.
    ///   - tracesLookups: whether lookups report the layer that served them.
    public init(layers: [String], trace: TraceOperation? = nil, tracesLookups: Bool = false) {
        self.layers = layers
        self.trace = trace
        self.tracesLookups = tracesLookups
    }

    /// The view of an image's or a container's layers as the store keeps them.
    /// - Parameters:
    ///   - layers: the layers, bottom first (``ImageRecord/layers``).
    ///   - layout: the store whose `overlay2/<cache-id>/diff` folders hold them.
    public init(
        layers: [LayerRecord], layout: StoreLayout, trace: TraceOperation? = nil, tracesLookups: Bool = false
    ) {
        self.init(layers: layers.map { layout.diffFolder(of: $0) }, trace: trace, tracesLookups: tracesLookups)
    }

    // MARK: - Lookup

    /// The entry at `path` in the merged view.
    /// - Returns: the entry, or `nil` when no layer has it, a whiteout hides it, or a component
    ///   of its parent path is not a directory in the merged view (a symlink is not followed).
    /// - Throws: ``UnionError`` with ``UnionError/Code/badPath`` for a path that climbs out of
    ///   the root or has NUL, ``UnionError/Code/io`` for a failed system call.
    public func lookup(_ path: ArchivePath) throws -> MergedEntry? {
        let clean = try Self.clean(path)
        let resolution = try resolve(clean, keepingCopies: false, reportsStops: tracesLookups)
        let entry: MergedEntry? =
            if case .found(let entry, _) = resolution { entry } else { nil }
        if tracesLookups { trace?.emit(.unionLookup(path: clean.description, layer: entry?.layer)) }
        return entry
    }

    /// The entry at `path` (text, `/` separated, a leading `/` allowed) in the merged view.
    public func lookup(_ path: String) throws -> MergedEntry? { try lookup(ArchivePath(path)) }

    // MARK: - Listing

    /// The entries of the merged directory at `directory`, sorted by name (bytes).
    /// - Throws: ``UnionError`` with ``UnionError/Code/notFound`` when nothing is there,
    ///   ``UnionError/Code/notADirectory`` when it or a parent is not a directory (symlinks are
    ///   not followed), ``UnionError/Code/badPath``, ``UnionError/Code/io``.
    public func list(_ directory: ArchivePath) throws -> [MergedEntry] {
        let clean = try Self.clean(directory)
        switch try resolve(clean, keepingCopies: true, reportsStops: false) {
        case .found(let entry, let copies):
            guard entry.kind == .directory else {
                throw UnionError(.notADirectory, "cannot list \"/\(clean)\": Not a directory (it is a \(entry.kind))")
            }
            return try children(of: clean, copies: copies, mergingDirectories: false).compactMap(\.entry)
        case .missing:
            throw UnionError(.notFound, "cannot list \"/\(clean)\": No such file or directory")
        case .blocked(let ancestor):
            throw UnionError(.notADirectory, "cannot list \"/\(clean)\": \"/\(ancestor)\" is not a directory")
        }
    }

    /// The entries of the merged directory at `directory` (text path), sorted by name.
    public func list(_ directory: String) throws -> [MergedEntry] { try list(ArchivePath(directory)) }

    // MARK: - Content

    /// The content of a regular file of this view, read from the layer that serves it.
    /// - Throws: ``UnionError/Code/notARegularFile`` for other kinds, ``UnionError/Code/io``.
    public func contents(of entry: MergedEntry) throws -> [UInt8] {
        let file = try open(entry)
        // The descriptor is borrowed: `file` must outlive the read, or it closes it.
        return try withExtendedLifetime(file) {
            var source = FileSource(fileDescriptor: file.rawValue, owned: false, path: file.display)
            do {
                return try source.readAll(limit: Int(clamping: entry.size) + 1)
            } catch {
                throw UnionError(.io, "cannot read \"/\(entry.path)\" in layer \(entry.layer)", cause: error)
            }
        }
    }

    /// Opens a regular file of this view in its layer, without following symlinks.
    func open(_ entry: MergedEntry) throws -> OpenFile {
        guard entry.kind == .regular else {
            throw UnionError(.notARegularFile, "\"/\(entry.path)\" is a \(entry.kind), not a regular file")
        }
        guard layers.indices.contains(entry.layer) else {
            throw UnionError(.notFound, "\"/\(entry.path)\" names layer \(entry.layer), which this view does not have")
        }
        var directory = try OpenFile.directory(atPath: layers[entry.layer])
        for component in entry.path.parent.components { directory = try directory.openDirectory(component) }
        return try directory.openForReading(entry.path.lastComponent ?? [])
    }

    // MARK: - Resolution

    /// What a path resolves to.
    enum PathResolution {
        /// The entry, and for a directory its layers' copies, top first (when asked for).
        case found(MergedEntry, copies: [LayerDirectory])
        case missing
        /// A component on the way is not a directory.
        case blocked(by: ArchivePath)
    }

    /// The copies of the root folder that merge, top first.
    func rootCopies() throws -> [LayerDirectory] {
        var copies: [LayerDirectory] = []
        for layer in layers.indices.reversed() {
            let root = try OpenFile.directory(atPath: layers[layer])
            copies.append(LayerDirectory(layer: layer, directory: root))
            if try root.contains(NameResolution.opaqueMarker) { break }
        }
        return copies
    }

    /// Resolves `path` component by component, top layer first at each level.
    func resolve(_ path: ArchivePath, keepingCopies: Bool, reportsStops: Bool) throws -> PathResolution {
        var copies = try rootCopies()
        guard let top = copies.first else { return .missing }
        var info = stat()
        guard fstat(top.directory.rawValue, &info) == 0 else {
            throw UnionError.system("fstat", path: layers[top.layer])
        }
        var entry = try NameResolution.entry(
            from: info, path: ArchivePath(""), layer: top.layer, in: top.directory, name: [])
        let components = path.components
        var walked = ArchivePath("")
        for (index, component) in components.enumerated() {
            guard entry.kind == .directory else { return .blocked(by: walked) }
            walked = walked.appending(component)
            let isLast = index == components.count - 1
            let merging = !isLast || keepingCopies
            let resolution = try NameResolution.resolve(component, at: walked, in: copies, mergingDirectories: merging)
            if reportsStops, let stop = resolution.stop {
                trace?.emit(.whiteoutApplied(path: walked.description, layer: stop.layer, opaque: stop.opaque))
            }
            guard let found = resolution.entry else { return .missing }
            entry = found
            if merging && found.kind == .directory {
                let byLayer = Dictionary(uniqueKeysWithValues: copies.map { ($0.layer, $0.directory) })
                copies = try resolution.mergedLayers.compactMap { layer in
                    try byLayer[layer].map { LayerDirectory(layer: layer, directory: try $0.openDirectory(component)) }
                }
            } else {
                copies = []
            }
        }
        return .found(entry, copies: copies)
    }

    /// The resolved children of a merged directory, sorted by name; hidden names have no entry.
    func children(of path: ArchivePath, copies: [LayerDirectory], mergingDirectories: Bool) throws
        -> [NameResolution]
    {
        var names = Set<[UInt8]>()
        for copy in copies {
            for name in try copy.directory.names() where !NameResolution.isWhiteoutName(name) { names.insert(name) }
        }
        var result: [NameResolution] = []
        for name in names.sorted(by: { $0.lexicographicallyPrecedes($1) }) {
            let resolution = try NameResolution.resolve(
                name, at: path.appending(name), in: copies, mergingDirectories: mergingDirectories)
            if resolution.entry != nil { result.append(resolution) }
        }
        return result
    }

    /// `path` cleaned, refusing names that leave the root.
    static func clean(_ path: ArchivePath) throws -> ArchivePath {
        do {
            return try path.normalized()
        } catch {
            throw UnionError(.badPath, "bad path \"\(path)\"", cause: error)
        }
    }
}
