import OCI

/// Why `rmi` left an image in place without an error, in moby's terms: the conflict it found and
/// kept quiet about (`imageDeleteHelper` with `quiet`).
public struct ImageKept: Codable, Sendable, Equatable {
    /// The image that stays.
    public var image: Digest
    /// When the image is a parent `rmi` was pruning: the child just deleted.
    public var child: Digest?
    /// What keeps it: its other names (``RmiConflict/Cause/referencedInRepositories(_:)``), child
    /// images, or a container.
    public var cause: RmiConflict.Cause
    /// For child images: the names of the nearest images built on it that have names.
    public var namedDescendants: [Reference]

    public init(image: Digest, child: Digest? = nil, cause: RmiConflict.Cause, namedDescendants: [Reference] = []) {
        self.image = image
        self.child = child
        self.cause = cause
        self.namedDescendants = namedDescendants
    }
}
