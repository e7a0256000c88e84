import Foundation
import UnionFS

/// The user a container's command runs as, resolved from the image's own `/etc/passwd` and
/// `/etc/group` by parsing them (R-X9: never through the C library's NSS, which could load code
/// from the image), read through the union view so that no symlink leads out of the rootfs (R-X8).
public struct ContainerUser: Sendable, Equatable {
    public var uid: UInt32
    public var gid: UInt32
    /// The home folder from `/etc/passwd`, `/` when the user has no entry (as Docker sets `HOME`).
    public var home: String

    public init(uid: UInt32, gid: UInt32, home: String) {
        self.uid = uid
        self.gid = gid
        self.home = home
    }

    /// Resolves Docker's `User` forms: empty, `name`, `uid`, `name:group`, `uid:gid`.
    /// - Throws: ``RuntimeError/Code/invalidConfig`` with Docker's message for an unknown name.
    public static func resolve(_ user: String?, in view: UnionView) throws(RuntimeError) -> ContainerUser {
        let passwd = entries(of: "/etc/passwd", in: view)
        let spec = user ?? ""
        let parts = spec.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        let userPart = parts.first ?? ""
        var result: ContainerUser
        if userPart.isEmpty {
            result = ContainerUser(uid: 0, gid: 0, home: "/")
            if let root = passwd.first(where: { $0.count > 5 && $0[2] == "0" }) { result.home = root[5] }
        } else if let fields = passwd.first(where: { $0.count > 5 && ($0[0] == userPart || $0[2] == userPart) }),
            let uid = UInt32(fields[2]), let gid = UInt32(fields[3])
        {
            result = ContainerUser(uid: uid, gid: gid, home: fields[5].isEmpty ? "/" : fields[5])
        } else if let uid = UInt32(userPart) {
            result = ContainerUser(uid: uid, gid: 0, home: "/")
        } else {
            throw RuntimeError(
                .invalidConfig, "unable to find user \(userPart): no matching entries in passwd file")
        }
        if parts.count == 2 {
            let groupPart = parts[1]
            if let gid = UInt32(groupPart) {
                result.gid = gid
            } else if let fields = entries(of: "/etc/group", in: view).first(where: {
                $0.count > 2 && $0[0] == groupPart
            }),
                let gid = UInt32(fields[2])
            {
                result.gid = gid
            } else {
                throw RuntimeError(
                    .invalidConfig, "unable to find group \(groupPart): no matching entries in group file")
            }
        }
        return result
    }

    /// The colon-separated lines of a small regular file of the view; none when it is missing,
    /// not a regular file (a symlink is not followed), or larger than 1 MiB.
    static func entries(of path: String, in view: UnionView) -> [[String]] {
        guard let entry = try? view.lookup(path), entry.kind == .regular, entry.size <= 1 << 20,
            let bytes = try? view.contents(of: entry)
        else { return [] }
        return String(decoding: bytes, as: UTF8.self).split(separator: "\n").compactMap { line in
            let text = line.trimmingCharacters(in: .whitespaces)
            guard !text.isEmpty, !text.hasPrefix("#") else { return nil }
            return text.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        }
    }
}
