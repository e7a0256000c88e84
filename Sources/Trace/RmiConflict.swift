import OCI

/// Why `rmi` refused to delete an image, with moby's wording.
public struct RmiConflict: Codable, Sendable, Equatable {
    /// What blocks the removal.
    public enum Cause: Codable, Sendable, Equatable {
        /// Other images were built on this one (hard: `-f` does not help).
        case dependentChildren([Digest])
        /// The image has names in several repositories and was named by ID (soft).
        case referencedInRepositories([Reference])
        /// A container was created from the image (soft when stopped, hard when running).
        case usedByContainer(id: String, running: Bool)
        /// Removing the only name would leave a container's image dangling (soft).
        case containerUsesReference(Reference, container: String)
    }

    /// The image that was to be removed.
    public var image: Digest
    /// What the user asked to remove.
    public var requested: String
    /// What blocks it.
    public var cause: Cause
    /// Whether `-f` cannot override it.
    public var isHard: Bool
    /// The message Docker prints.
    public var message: String
    /// For ``Cause/dependentChildren(_:)``: the names of the nearest images built on it that have
    /// names, which a learner knows where the children's IDs are those of intermediate images.
    public var namedDescendants: [Reference]
    /// For a container's cause: the container's name, which the learner gave it and `rm` takes,
    /// where Docker's message has only its ID. Absent in older traces.
    public var containerName: String?

    public init(
        image: Digest, requested: String, cause: Cause, isHard: Bool, message: String,
        namedDescendants: [Reference] = [], containerName: String? = nil
    ) {
        self.image = image
        self.requested = requested
        self.cause = cause
        self.isHard = isHard
        self.message = message
        self.namedDescendants = namedDescendants
        self.containerName = containerName
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        image = try container.decode(Digest.self, forKey: .image)
        requested = try container.decode(String.self, forKey: .requested)
        cause = try container.decode(Cause.self, forKey: .cause)
        isHard = try container.decode(Bool.self, forKey: .isHard)
        message = try container.decode(String.self, forKey: .message)
        // Traces written before the field existed have no names; they read as none.
        namedDescendants = try container.decodeIfPresent([Reference].self, forKey: .namedDescendants) ?? []
        containerName = try container.decodeIfPresent(String.self, forKey: .containerName)
    }
}
