// Source: https://github.com/opencontainers/image-spec/blob/main/config.md
// and moby's image/image.go (`V1Image`), whose extra fields Docker still writes.
/// An image config: how to run the image, its layers' diff IDs and its history.
///
/// The image ID is the digest of the config's exact bytes, so the store keeps those bytes
/// and only decodes them; configs layerlab writes are encoded with sorted keys.
public struct ImageConfig: Codable, Hashable, Sendable {
    /// When the image was created (RFC 3339).
    public var created: Timestamp?
    /// Who created the image.
    public var author: String?
    /// The CPU architecture.
    public var architecture: String
    /// The operating system.
    public var os: String
    /// The CPU variant.
    public var variant: String?
    /// The defaults for a container run from the image.
    public var config: ContainerConfig?
    /// The layers' uncompressed digests.
    public var rootfs: RootFS
    /// One entry per build step, including steps that produced no layer.
    public var history: [History]?
    /// Docker: the comment given to `commit -m` or `import -m`.
    public var comment: String?
    /// Docker: the ID of the container the image was committed from.
    public var container: String?
    /// Docker: that container's own config, as it was before `commit -c` changed it.
    public var containerConfig: ContainerConfig?
    /// Docker: the parent image ID of classic builds (stored here only by old Docker versions).
    public var parent: String?
    /// Docker: the engine version that created the image.
    public var dockerVersion: String?

    enum CodingKeys: String, CodingKey {
        case created, author, architecture, os, variant, config, rootfs, history, comment, container, parent
        case dockerVersion = "docker_version"
        case containerConfig = "container_config"
    }

    public init(
        created: Timestamp?,
        author: String? = nil,
        platform: Platform = .host,
        config: ContainerConfig? = nil,
        diffIDs: [Digest],
        history: [History]
    ) {
        self.created = created
        self.author = author
        self.architecture = platform.architecture
        self.os = platform.os
        self.variant = platform.variant
        self.config = config
        self.rootfs = RootFS(type: "layers", diffIDs: diffIDs)
        self.history = history
    }

    /// The platform this image is for.
    public var platform: Platform {
        Platform(architecture: architecture, os: os, variant: variant)
    }
}

/// The config's layer list.
public struct RootFS: Codable, Hashable, Sendable {
    /// Always `layers` (RELIABILITY R-D7).
    public var type: String
    /// The digests of the uncompressed layer tars, bottom first.
    public var diffIDs: [Digest]

    enum CodingKeys: String, CodingKey {
        case type
        case diffIDs = "diff_ids"
    }

    public init(type: String, diffIDs: [Digest]) {
        self.type = type
        self.diffIDs = diffIDs
    }
}

/// One step of an image's history, as `docker history` lists it.
public struct History: Codable, Hashable, Sendable {
    /// When the step ran.
    public var created: Timestamp?
    /// The command that made the step (`/bin/sh -c #(nop)  CMD ["sh"]`).
    public var createdBy: String?
    /// Who made the step.
    public var author: String?
    /// A free comment (`commit -m`, `import -m`).
    public var comment: String?
    /// True when the step changed only metadata and added no layer.
    public var emptyLayer: Bool?

    enum CodingKeys: String, CodingKey {
        case created, author, comment
        case createdBy = "created_by"
        case emptyLayer = "empty_layer"
    }

    public init(
        created: Timestamp?,
        createdBy: String?,
        author: String? = nil,
        comment: String? = nil,
        emptyLayer: Bool = false
    ) {
        self.created = created
        self.createdBy = createdBy
        self.author = author
        self.comment = comment
        self.emptyLayer = emptyLayer ? true : nil
    }

    /// Whether the step produced a layer (an entry in `rootfs.diff_ids`).
    public var addsLayer: Bool { emptyLayer != true }
}

/// The execution defaults of an image: the `config` object of an image config. The OCI fields,
/// and the ones Docker's `container.Config` adds that a container's `create` fills and `commit`
/// keeps (`Hostname`, `Attach…`, `Image`): absent from images that were never a container.
public struct ContainerConfig: Codable, Hashable, Sendable {
    /// Docker: the container's host name, its short ID.
    public var hostname: String?
    /// Docker: whether `docker create` attached the container's standard output and error.
    public var attachStdout: Bool?
    public var attachStderr: Bool?
    /// Docker: the image as the `create` command named it (`busybox`, not its ID).
    public var image: String?
    public var user: String?
    public var exposedPorts: [String: EmptyObject]?
    public var env: [String]?
    public var entrypoint: [String]?
    public var cmd: [String]?
    public var volumes: [String: EmptyObject]?
    public var workingDir: String?
    public var labels: [String: String]?
    public var stopSignal: String?
    public var onBuild: [String]?
    public var shell: [String]?
    public var argsEscaped: Bool?
    public var healthcheck: Healthcheck?

    enum CodingKeys: String, CodingKey {
        case hostname = "Hostname"
        case attachStdout = "AttachStdout"
        case attachStderr = "AttachStderr"
        case image = "Image"
        case user = "User"
        case exposedPorts = "ExposedPorts"
        case env = "Env"
        case entrypoint = "Entrypoint"
        case cmd = "Cmd"
        case volumes = "Volumes"
        case workingDir = "WorkingDir"
        case labels = "Labels"
        case stopSignal = "StopSignal"
        case onBuild = "OnBuild"
        case shell = "Shell"
        case argsEscaped = "ArgsEscaped"
        case healthcheck = "Healthcheck"
    }

    public init(env: [String]? = nil, cmd: [String]? = nil) {
        self.env = env
        self.cmd = cmd
    }
}

/// Docker's `Healthcheck` settings.
public struct Healthcheck: Codable, Hashable, Sendable {
    public var test: [String]?
    public var interval: Int64?
    public var timeout: Int64?
    public var startPeriod: Int64?
    public var startInterval: Int64?
    public var retries: Int?

    /// Durations in nanoseconds, as Docker stores them; `nil` means the runtime's default.
    public init(
        test: [String]?, interval: Int64? = nil, timeout: Int64? = nil, startPeriod: Int64? = nil,
        startInterval: Int64? = nil, retries: Int? = nil
    ) {
        self.test = test
        self.interval = interval
        self.timeout = timeout
        self.startPeriod = startPeriod
        self.startInterval = startInterval
        self.retries = retries
    }

    enum CodingKeys: String, CodingKey {
        case test = "Test"
        case interval = "Interval"
        case timeout = "Timeout"
        case startPeriod = "StartPeriod"
        case startInterval = "StartInterval"
        case retries = "Retries"
    }
}

/// `{}`: the value of each key in `ExposedPorts` and `Volumes`.
public struct EmptyObject: Codable, Hashable, Sendable {
    public init() {}
}
