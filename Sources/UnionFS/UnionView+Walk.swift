import Archive

extension UnionView {
    /// Every entry of the merged tree except the root, depth first with each directory's names
    /// sorted by bytes (parents before children: `a`, `a/b`, `a-c`), the order
    /// ``DirectoryArchiver`` and moby's `filepath.Walk` use.
    ///
    /// Iterative (R-X12): no recursion, and at most one open directory per layer, whatever the
    /// depth. Each layer keeps a cursor on its copy of the deepest directory it takes part in;
    /// going down opens a child of it, going up opens its `..`. This works because a
    /// directory's merged layers are always a subset of its parent's.
    /// - Parameter body: called once per entry, in order; it may throw to stop the walk.
    /// - Throws: ``UnionError`` for failed system calls, or what `body` throws.
    public func walk(_ body: (MergedEntry) throws -> Void) throws {
        let roots = try rootCopies()
        guard !roots.isEmpty else { return }
        var cursors: [Int: OpenFile] = [:]
        for copy in roots { cursors[copy.layer] = copy.directory }
        var frames = [
            WalkFrame(
                layers: roots.map(\.layer),
                children: try children(of: ArchivePath(""), copies: roots, mergingDirectories: true))
        ]
        while let top = frames.last {
            try Task.checkCancellation()
            guard top.index < top.children.count else {
                frames.removeLast()
                if frames.isEmpty { break }
                for layer in top.layers { cursors[layer] = try cursor(layer, in: cursors).openParent() }
                continue
            }
            frames[frames.count - 1].index += 1
            let child = top.children[top.index]
            guard let entry = child.entry else { continue }
            try body(entry)
            guard entry.kind == .directory else { continue }
            let name = entry.path.lastComponent ?? []
            var copies: [LayerDirectory] = []
            for layer in child.mergedLayers {
                let opened = try cursor(layer, in: cursors).openDirectory(name)
                cursors[layer] = opened
                copies.append(LayerDirectory(layer: layer, directory: opened))
            }
            frames.append(
                WalkFrame(
                    layers: child.mergedLayers,
                    children: try children(of: entry.path, copies: copies, mergingDirectories: true)))
        }
    }

    /// Every entry of the merged tree except the root, in ``walk(_:)`` order.
    public func walk() throws -> [MergedEntry] {
        var entries: [MergedEntry] = []
        try walk { entries.append($0) }
        return entries
    }

    private func cursor(_ layer: Int, in cursors: [Int: OpenFile]) throws -> OpenFile {
        guard let cursor = cursors[layer] else {
            throw UnionError(.io, "internal: layer \(layer) has no open directory during the walk")
        }
        return cursor
    }
}

/// A directory being walked: the layers merged into it and its resolved children.
private struct WalkFrame {
    var layers: [Int]
    var children: [NameResolution]
    var index = 0
}
