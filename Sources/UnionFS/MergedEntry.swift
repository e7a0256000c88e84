import Archive

/// One entry of a merged view: what `ls -l` in a container shows for a path, and which layer
/// it comes from.
///
/// Owner, mode and times are read from the serving layer's `diff/` folder. They are the layer
/// tar's values when the layer was extracted as root (as in CI and in the `overlay` runtime);
/// an unprivileged extraction cannot set owners, and then the folder holds the extracting user.
public struct MergedEntry: Sendable, Hashable, CustomStringConvertible {
    /// The type of file, as `lstat` reports it; symlinks are never followed (R-X8).
    public enum Kind: Sendable, Hashable, CaseIterable {
        case regular, directory, symlink, characterDevice, blockDevice, fifo, socket
    }

    /// The path relative to the root, cleaned, without a leading `/` (the root is empty).
    public var path: ArchivePath
    public var kind: Kind
    /// Permission bits including setuid, setgid and sticky (`0o7777`).
    public var mode: UInt32
    public var uid: Int
    public var gid: Int
    /// The content size for regular files; zero for every other kind, as in a layer tar.
    public var size: Int64
    /// A symlink's target, exactly as stored (never resolved).
    public var linkTarget: ArchivePath?
    public var modificationTime: TarTime
    /// The index of the layer that serves the entry, counted from the bottom (0 first).
    public var layer: Int
    /// The number of hard links to the file inside its layer's `diff/` folder.
    public var linkCount: Int
    /// The inode number inside its layer's folder: two entries with the same ``layer`` and
    /// ``inode`` are hard links to one file.
    public var inode: UInt64
    /// Device numbers of character and block devices; zero otherwise.
    public var deviceMajor: Int
    public var deviceMinor: Int

    public init(
        path: ArchivePath,
        kind: Kind,
        mode: UInt32,
        uid: Int = 0,
        gid: Int = 0,
        size: Int64 = 0,
        linkTarget: ArchivePath? = nil,
        modificationTime: TarTime = TarTime(seconds: 0),
        layer: Int,
        linkCount: Int = 1,
        inode: UInt64 = 0,
        deviceMajor: Int = 0,
        deviceMinor: Int = 0
    ) {
        self.path = path
        self.kind = kind
        self.mode = mode
        self.uid = uid
        self.gid = gid
        self.size = size
        self.linkTarget = linkTarget
        self.modificationTime = modificationTime
        self.layer = layer
        self.linkCount = linkCount
        self.inode = inode
        self.deviceMajor = deviceMajor
        self.deviceMinor = deviceMinor
    }

    /// The last component of ``path`` as text (empty for the root).
    public var name: String { path.lastComponent.map { String(decoding: $0, as: UTF8.self) } ?? "" }

    /// `ls -l`-like: kind, mode, owner, size, path, link target and serving layer.
    public var description: String {
        let octal = String(mode, radix: 8)
        let link = linkTarget.map { " -> \($0)" } ?? ""
        return "\(kind) \(octal) \(uid):\(gid) \(size) /\(path)\(link) [layer \(layer)]"
    }
}
