import Archive

/// One line of `docker diff`: a path of the merged view that a container added, changed or
/// deleted, relative to its image.
public struct Change: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The letter `docker diff` prints (moby `pkg/archive.ChangeType.String`).
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case added = "A"
        case changed = "C"
        case deleted = "D"
    }

    public var kind: Kind
    /// The path relative to the root, without a leading `/`.
    public var path: ArchivePath

    public init(_ kind: Kind, _ path: ArchivePath) {
        self.kind = kind
        self.path = path
    }

    /// Orders by path bytes, as moby's `changesByPath` sorts before exporting.
    public static func < (lhs: Change, rhs: Change) -> Bool {
        lhs.path == rhs.path ? lhs.kind.rawValue < rhs.kind.rawValue : lhs.path < rhs.path
    }

    /// `C /etc`, as `docker diff` prints it.
    public var description: String { "\(kind.rawValue) /\(path)" }
}
