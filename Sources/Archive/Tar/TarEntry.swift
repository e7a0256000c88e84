/// A point in time as tar stores it: whole seconds since the Unix epoch plus nanoseconds.
///
/// ustar holds whole seconds; PAX `mtime`/`atime`/`ctime` records add a decimal fraction.
public struct TarTime: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var seconds: Int64
    /// Always in `0..<1_000_000_000`, also for times before 1970.
    public var nanoseconds: Int32

    public init(seconds: Int64, nanoseconds: Int32 = 0) {
        self.seconds = seconds
        self.nanoseconds = nanoseconds
    }

    /// The same time without its fraction, as Docker writes layer times
    /// (moby `pkg/archive.FileInfoHeader`: `hdr.ModTime.Truncate(time.Second)`).
    public var truncatedToSeconds: TarTime { TarTime(seconds: seconds) }

    public static func < (lhs: TarTime, rhs: TarTime) -> Bool {
        (lhs.seconds, lhs.nanoseconds) < (rhs.seconds, rhs.nanoseconds)
    }

    public var description: String {
        nanoseconds == 0 ? "\(seconds)" : "\(seconds).\(String(nanoseconds + 1_000_000_000).dropFirst())"
    }
}

/// One entry of a tar archive: its header, after PAX and GNU extensions are applied.
///
/// Fields are the ones POSIX `pax` (IEEE 1003.1-2017, "pax Interchange Format") defines, with the
/// names Go's `archive/tar.Header` uses where they differ from C's.
public struct TarEntry: Sendable, Equatable {
    /// What the entry creates. The typeflags are ustar's ('0', '5', '2', '1', '3', '4', '6').
    public enum Kind: Sendable, Hashable, CaseIterable {
        case regular, directory, symlink, hardlink, characterDevice, blockDevice, fifo
    }

    /// The effective name (after PAX `path` or a GNU long name), as in the archive.
    public var path: ArchivePath
    public var kind: Kind
    /// Permission bits including setuid, setgid and sticky (`0o7777`); never file-type bits.
    public var mode: UInt32
    public var uid: Int
    public var gid: Int
    public var userName: String
    public var groupName: String
    /// File-type bits written into the header's mode beside the permissions (Go's `c_ISREG`
    /// 0o100000 …, as moby's layers carry them); zero for a plain tar's mode.
    public var modeTypeBits: UInt32 = 0
    /// The content size; zero for every kind but ``Kind/regular``.
    public var size: Int64
    public var modificationTime: TarTime
    public var accessTime: TarTime?
    public var changeTime: TarTime?
    /// The target of a symlink (any bytes, never followed) or of a hard link (an archive path).
    public var linkTarget: ArchivePath?
    public var deviceMajor: Int
    public var deviceMinor: Int
    /// Extended attributes, from PAX `SCHILY.xattr.*` or `LIBARCHIVE.xattr.*` records.
    public var xattrs: [String: [UInt8]]
    /// PAX records layerlab does not interpret (such as `comment`), kept as read.
    public var paxRecords: [String: String]

    public init(
        path: ArchivePath,
        kind: Kind,
        mode: UInt32 = 0o644,
        uid: Int = 0,
        gid: Int = 0,
        userName: String = "",
        groupName: String = "",
        size: Int64 = 0,
        modificationTime: TarTime = TarTime(seconds: 0),
        accessTime: TarTime? = nil,
        changeTime: TarTime? = nil,
        linkTarget: ArchivePath? = nil,
        deviceMajor: Int = 0,
        deviceMinor: Int = 0,
        xattrs: [String: [UInt8]] = [:],
        paxRecords: [String: String] = [:]
    ) {
        self.path = path
        self.kind = kind
        self.mode = mode
        self.uid = uid
        self.gid = gid
        self.userName = userName
        self.groupName = groupName
        self.size = size
        self.modificationTime = modificationTime
        self.accessTime = accessTime
        self.changeTime = changeTime
        self.linkTarget = linkTarget
        self.deviceMajor = deviceMajor
        self.deviceMinor = deviceMinor
        self.xattrs = xattrs
        self.paxRecords = paxRecords
    }
}

/// Bounds on what a ``TarReader`` holds in memory for one entry (RELIABILITY R-L1, R-L2).
public struct TarLimits: Sendable, Hashable {
    /// The largest PAX extended header (`x` or `g`) read into memory. Go's `archive/tar` uses
    /// the same 1 MiB (`maxSpecialFileSize`).
    public var maxPaxHeaderSize: Int
    /// The largest GNU long name or long link target (`L`, `K`) read into memory.
    public var maxLongNameSize: Int

    public init(maxPaxHeaderSize: Int = 1 << 20, maxLongNameSize: Int = 1 << 20) {
        self.maxPaxHeaderSize = maxPaxHeaderSize
        self.maxLongNameSize = maxLongNameSize
    }

    public static let `default` = TarLimits()
}
