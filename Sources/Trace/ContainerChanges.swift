/// What `diff` listed: the paths a container's read-write layer changed against its image, as
/// `docker diff` prints them (A added, C changed, D deleted).
public struct ContainerChanges: Codable, Sendable, Equatable {
    public enum Kind: String, Codable, Sendable, CaseIterable {
        case added = "A"
        case changed = "C"
        case deleted = "D"
    }

    public struct Entry: Codable, Sendable, Equatable {
        public var kind: Kind
        /// The path inside the container, from its root (`/etc/os-release`).
        public var path: String

        public init(_ kind: Kind, _ path: String) {
            self.kind = kind
            self.path = path
        }
    }

    /// The container's full 64-hex ID.
    public var id: String
    public var name: String
    public var entries: [Entry]

    public init(id: String, name: String, entries: [Entry]) {
        self.id = id
        self.name = name
        self.entries = entries
    }

    /// How many of the entries are of `kind`.
    public func count(_ kind: Kind) -> Int { entries.filter { $0.kind == kind }.count }
}
