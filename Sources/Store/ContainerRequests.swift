import OCI

/// What `create` and `run` are asked for.
public struct ContainerSpec: Sendable {
    /// The image, by name or ID.
    public var image: String
    /// `--name`; a free `adjective_surname` name when `nil`.
    public var name: String?
    /// The command; the image's `Cmd` when empty.
    public var command: [String]
    /// `-e KEY=VALUE` (or `-e KEY`, which is dropped as Docker drops an unset variable).
    public var environment: [String]
    /// `-w`: the working directory.
    public var workingDirectory: String?
    /// `--entrypoint`: replaces the image's entrypoint (an empty array clears it, as a builder's
    /// RUN does).
    public var entrypoint: [String]?

    public init(
        image: String, name: String? = nil, command: [String] = [], environment: [String] = [],
        workingDirectory: String? = nil, entrypoint: [String]? = nil
    ) {
        self.image = image
        self.name = name
        self.command = command
        self.environment = environment
        self.workingDirectory = workingDirectory
        self.entrypoint = entrypoint
    }
}

/// The folders of a container's file system: the image's layers and the read-write layer on top.
public struct ContainerFilesystem: Sendable {
    public var container: ContainerRecord
    /// The image's layers, bottom first.
    public var layers: [LayerRecord]
    /// Their `diff/` folders, bottom first.
    public var lowerFolders: [String]
    /// The read-write layer's folder (`overlay2/<mount-id>/diff`): the overlay upperdir.
    public var upperFolder: String
    /// The overlay workdir beside it (`overlay2/<mount-id>/work`), for the kernel.
    public var workFolder: String
    /// The store's staging area: a runtime leases a folder there for its mount points and
    /// converted layers, so that the next command's recovery unmounts and removes whatever a
    /// killed run left (R-S5), and leaves a running one alone.
    public var scratch: TemporaryArea
}

/// `docker commit` options.
public struct CommitOptions: Sendable {
    /// `REPOSITORY[:TAG]` for the new image.
    public var repository: String?
    /// `-a`.
    public var author: String?
    /// `-m`.
    public var message: String?
    /// `-c`: Dockerfile instructions applied to the config.
    public var changes: [String]
    /// The new image's config instead of the container's (a builder's run config after a step);
    /// `changes` still apply on top.
    public var config: ContainerConfig?
    /// The history step's `created_by` instead of the container's command line (a builder's
    /// `/bin/sh -c #(nop)  ENV A=b`).
    public var createdBy: String?
    /// Whether the new image records the container's image as its classic parent; a builder's
    /// first step `FROM scratch` has none.
    public var recordsParent = true

    public init(
        repository: String? = nil, author: String? = nil, message: String? = nil, changes: [String] = [],
        config: ContainerConfig? = nil, createdBy: String? = nil
    ) {
        self.repository = repository
        self.author = author
        self.message = message
        self.changes = changes
        self.config = config
        self.createdBy = createdBy
    }
}
