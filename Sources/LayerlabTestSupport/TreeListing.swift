import Foundation
import OCI

/// One path of a file tree as a differential test compares it: type, mode, owner, size,
/// content digest and link target, each `nil` where a side cannot tell.
public struct TreeRecord: Hashable, Sendable, CustomStringConvertible {
    /// `find -printf %y` letters: `f` file, `d` directory, `l` symlink, `c`, `b`, `p`, `s`.
    public var type: String
    public var mode: UInt32?
    public var uid: Int?
    public var gid: Int?
    /// Regular files only.
    public var size: Int64?
    /// The sha256 of a regular file's content.
    public var sha256: String?
    public var linkTarget: String?

    public init(
        type: String, mode: UInt32? = nil, uid: Int? = nil, gid: Int? = nil, size: Int64? = nil,
        sha256: String? = nil, linkTarget: String? = nil
    ) {
        self.type = type
        self.mode = mode
        self.uid = uid
        self.gid = gid
        self.size = size
        self.sha256 = sha256
        self.linkTarget = linkTarget
    }

    public var description: String {
        [
            type, mode.map { String($0, radix: 8) }, uid.map { "uid \($0)" }, gid.map { "gid \($0)" },
            size.map { "\($0) bytes" }, sha256.map { String($0.prefix(19)) }, linkTarget.map { "-> \($0)" },
        ].compactMap { $0 }.joined(separator: " ")
    }
}

/// Every path under `root` (relative, no leading `/`) as GNU find reports it, without following
/// symlinks: an independent reading of a kernel mount or a peer's unpacked rootfs.
///
/// `-ignore_readdir_race` skips names that `readdir` lists but `lstat` cannot find. The kernel's
/// overlayfs shows such names: a directory that only one layer has is read straight from that
/// layer, so a whiteout device in it that hides nothing below is listed, and looking it up
/// gives `ENOENT` (fs/overlayfs/readdir.c only filters whiteouts in merged directories).
public func listTreeWithFind(_ root: String) throws -> [String: TreeRecord] {
    let output = try runTool(
        "find",
        [root, "-ignore_readdir_race", "-mindepth", "1", "-printf", "%P\\0%y\\0%m\\0%U\\0%G\\0%s\\0%l\\0"])
    let fields = output.stdout.split(separator: 0, omittingEmptySubsequences: false).map {
        String(decoding: $0, as: UTF8.self)
    }
    var records: [String: TreeRecord] = [:]
    var index = 0
    while index + 7 <= fields.count {
        let row = Array(fields[index..<index + 7])
        index += 7
        var record = TreeRecord(type: row[1], mode: UInt32(row[2], radix: 8), uid: Int(row[3]), gid: Int(row[4]))
        if row[1] == "f" {
            record.size = Int64(row[5])
            let data = FileManager.default.contents(atPath: root + "/" + row[0]) ?? Data()
            record.sha256 = Digest.sha256(of: data).encoded
        }
        if row[1] == "l" { record.linkTarget = row[6] }
        records[row[0]] = record
    }
    return records
}

/// The paths where two listings differ, one line each, for a readable failure.
public func differences(_ expected: [String: TreeRecord], _ actual: [String: TreeRecord]) -> [String] {
    Set(expected.keys).union(actual.keys).sorted().compactMap { path in
        let left = expected[path]
        let right = actual[path]
        guard left != right else { return nil }
        return "\(path): \(left.map(\.description) ?? "missing") vs \(right.map(\.description) ?? "missing")"
    }
}
