/// The name of an entry in a tar archive, as bytes.
///
/// Tar names are bytes, not text: a layer may hold a file named with byte 0xff, and its DiffID
/// depends on those exact bytes (RELIABILITY R-X7). ``description`` is for display only.
///
/// Cleaning follows R-X1 and Go's `path.Clean` / `filepath.IsLocal`: a leading `/` is dropped
/// (GNU tar's "Removing leading `/'", moby joins every name onto the root), `.` and empty
/// components vanish, and `..` is resolved lexically; a `..` that would climb above the root
/// makes the name non-local.
public struct ArchivePath: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The name exactly as in the archive.
    public var bytes: [UInt8]

    public init(_ string: String) { bytes = Array(string.utf8) }
    public init(bytes: some Sequence<UInt8>) { self.bytes = Array(bytes) }

    /// The name as text, with invalid UTF-8 shown as U+FFFD; never use it as a path.
    public var description: String { String(decoding: bytes, as: UTF8.self) }

    /// Orders by bytes, which is the order GNU tar `--sort=name` and Go use.
    public static func < (lhs: ArchivePath, rhs: ArchivePath) -> Bool {
        lhs.bytes.lexicographicallyPrecedes(rhs.bytes)
    }

    /// The components between slashes, with empty ones dropped (not cleaned).
    public var components: [[UInt8]] {
        bytes.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: true).map(Array.init)
    }

    /// Whether the name ends with `/`, which is how tar writers mark directories.
    public var hasTrailingSlash: Bool { bytes.last == UInt8(ascii: "/") }

    /// Whether the name contains a NUL byte, which no file system name can.
    public var containsNUL: Bool { bytes.contains(0) }

    /// The cleaned components, and whether a `..` tried to climb above the root.
    private var resolved: (components: [[UInt8]], escapes: Bool) {
        var stack: [[UInt8]] = []
        var escapes = false
        for component in components {
            switch component {
            case [UInt8(ascii: ".")]:
                continue
            case [UInt8(ascii: "."), UInt8(ascii: ".")]:
                if stack.isEmpty { escapes = true } else { stack.removeLast() }
            default:
                stack.append(component)
            }
        }
        return (stack, escapes)
    }

    /// The name relative to the root with `/`, `./`, `//`, `.` and `..` resolved lexically and
    /// without a trailing slash; an escaping `..` is clamped at the root, as a chroot would.
    /// The root itself is the empty path.
    public var cleaned: ArchivePath {
        ArchivePath(bytes: resolved.components.joined(separator: [UInt8(ascii: "/")]))
    }

    /// Whether the name stays inside the root after lexical cleaning and has no NUL
    /// (Go's `filepath.IsLocal`, except that a leading `/` is allowed and means the root).
    public var isLocal: Bool { !containsNUL && !resolved.escapes }

    /// Whether this names the root itself (`/`, `.`, `./`, or empty).
    public var isRoot: Bool { resolved.components.isEmpty }

    /// The ``cleaned`` name, refusing names that are not ``isLocal``.
    /// - Throws: ``ArchiveError`` with code ``ArchiveError/Code/nameNotLocal``.
    public func normalized() throws -> ArchivePath {
        guard !containsNUL else {
            throw ArchiveError(.nameNotLocal, "name \"\(self)\" contains a NUL byte")
        }
        let (components, escapes) = resolved
        guard !escapes else {
            throw ArchiveError(
                .nameNotLocal, "name \"\(self)\" climbs out of the root with \"..\" (refused, as moby's breakoutError)")
        }
        return ArchivePath(bytes: components.joined(separator: [UInt8(ascii: "/")]))
    }

    /// The last component, or `nil` for the root.
    public var lastComponent: [UInt8]? { components.last }

    /// The cleaned parent folder (the root's parent is the root).
    public var parent: ArchivePath {
        ArchivePath(bytes: resolved.components.dropLast().joined(separator: [UInt8(ascii: "/")]))
    }

    /// This path with `component` added after a `/`.
    public func appending(_ component: [UInt8]) -> ArchivePath {
        if bytes.isEmpty { return ArchivePath(bytes: component) }
        var result = bytes
        if !hasTrailingSlash { result.append(UInt8(ascii: "/")) }
        result.append(contentsOf: component)
        return ArchivePath(bytes: result)
    }
}

extension ArchivePath: ExpressibleByStringLiteral {
    public init(stringLiteral value: String) { self.init(value) }
}
