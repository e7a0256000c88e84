import Archive

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// One layer's copy of a directory that takes part in a merged directory.
struct LayerDirectory {
    /// The layer's index, counted from the bottom.
    let layer: Int
    let directory: OpenFile
}

/// What a merged directory shows for one of its names, and why: the decision overlayfs makes in
/// `ovl_lookup()` (fs/overlayfs/namei.c), with OCI whiteout files instead of the kernel's
/// character devices (image-spec layer.md, "Whiteouts").
struct NameResolution {
    /// The entry the merged view shows, or `nil` when no layer has it or a whiteout hides it.
    var entry: MergedEntry?
    /// For a directory: the layers whose copies merge into it, top first.
    var mergedLayers: [Int] = []
    /// Where the search stopped early: a whiteout hiding the name (`opaque == false`), or an
    /// opaque directory or same-layer whiteout that ended a directory's merge (`opaque == true`).
    var stop: (layer: Int, opaque: Bool)?

    static let whiteoutPrefix = Array(Whiteout.prefix.utf8)
    static let opaqueMarker = Array(Whiteout.opaqueMarker.utf8)

    /// Whether `name` is reserved for whiteouts and never shows in a merged view.
    static func isWhiteoutName(_ name: [UInt8]) -> Bool { name.starts(with: whiteoutPrefix) }

    /// Resolves `name` in the copies of its parent directory, top layer first, with one `lstat`
    /// per layer until the first decision:
    /// - the first layer holding `name` serves it; a non-directory ends the search, so it hides
    ///   everything below, including a whole lower directory tree;
    /// - a `.wh.NAME` file in a layer without `NAME` hides the name from all lower layers; in the
    ///   layer that also holds `NAME` it hides only the lower layers (spec: whiteouts apply to
    ///   lower layers only), so a directory there behaves as opaque;
    /// - a directory merges with the directories of the same name below it until one of them is
    ///   opaque (`.wh..wh..opq`), a lower layer has a whiteout for it, or a lower layer has a
    ///   non-directory there (overlayfs: a directory over a non-directory starts fresh).
    /// - Parameters:
    ///   - mergingDirectories: whether a directory's lower copies are needed (for listing it);
    ///     when not, the search stops at the first hit.
    static func resolve(
        _ name: [UInt8], at path: ArchivePath, in copies: [LayerDirectory], mergingDirectories: Bool
    ) throws -> NameResolution {
        var result = NameResolution()
        guard !isWhiteoutName(name) else { return result }
        let whiteout = whiteoutPrefix + name
        for copy in copies {
            guard let info = try copy.directory.status(name) else {
                if try copy.directory.contains(whiteout) {
                    result.stop = (copy.layer, result.entry != nil)
                    return result
                }
                continue
            }
            let isDirectory = info.st_mode & S_IFMT == S_IFDIR
            if result.entry == nil {
                result.entry = try entry(from: info, path: path, layer: copy.layer, in: copy.directory, name: name)
                guard isDirectory && mergingDirectories else { return result }
            } else if !isDirectory {
                return result
            }
            result.mergedLayers.append(copy.layer)
            let opaque = try copy.directory.openDirectory(name).contains(opaqueMarker)
            if try opaque || copy.directory.contains(whiteout) {
                result.stop = (copy.layer, true)
                return result
            }
        }
        return result
    }

    /// The merged entry for an `lstat` result.
    static func entry(from info: stat, path: ArchivePath, layer: Int, in directory: OpenFile, name: [UInt8]) throws
        -> MergedEntry
    {
        let kind: MergedEntry.Kind
        switch info.st_mode & S_IFMT {
        case S_IFDIR: kind = .directory
        case S_IFLNK: kind = .symlink
        case S_IFCHR: kind = .characterDevice
        case S_IFBLK: kind = .blockDevice
        case S_IFIFO: kind = .fifo
        case S_IFSOCK: kind = .socket
        default: kind = .regular
        }
        var entry = MergedEntry(
            path: path, kind: kind, mode: UInt32(info.st_mode) & 0o7777, uid: Int(info.st_uid), gid: Int(info.st_gid),
            size: kind == .regular ? Int64(info.st_size) : 0,
            modificationTime: TarTime(seconds: Int64(info.st_mtim.tv_sec), nanoseconds: Int32(info.st_mtim.tv_nsec)),
            layer: layer, linkCount: Int(info.st_nlink), inode: UInt64(info.st_ino))
        if kind == .symlink {
            entry.linkTarget = ArchivePath(bytes: try directory.linkTarget(name, size: Int(info.st_size)))
        }
        if kind == .characterDevice || kind == .blockDevice {
            // glibc's gnu_dev_major/gnu_dev_minor (sys/sysmacros.h).
            let rdev = UInt64(info.st_rdev)
            entry.deviceMajor = Int((rdev >> 8) & 0xfff | (rdev >> 32) & 0xffff_f000)
            entry.deviceMinor = Int(rdev & 0xff | (rdev >> 12) & 0xffff_ff00)
        }
        return entry
    }
}
