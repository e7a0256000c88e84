/// The arguments of ADD and COPY: sources (paths, or heredoc contents) and the destination.
public struct SourcesAndDestination: Sendable, Hashable {
    public var sourcePaths: [String]
    /// Heredoc sources, which are files given inline.
    public var sourceContents: [InlineSource]
    public var destination: String

    public init(sourcePaths: [String], sourceContents: [InlineSource] = [], destination: String) {
        self.sourcePaths = sourcePaths
        self.sourceContents = sourceContents
        self.destination = destination
    }
}

/// A heredoc used as a source file of ADD or COPY.
public struct InlineSource: Sendable, Hashable {
    /// The heredoc's name, which is also the file's name.
    public var path: String
    /// The content, with leading tabs already removed for `<<-`.
    public var data: String
    /// Whether variables in `data` should be expanded (the terminator was not quoted).
    public var expand: Bool

    public init(path: String, data: String, expand: Bool) {
        self.path = path
        self.data = data
        self.expand = expand
    }
}

/// `ADD [--chown] [--chmod] [--link] [--keep-git-dir] [--checksum] [--unpack] [--exclude]... src... dest`.
public struct AddInstruction: DockerfileInstruction, Hashable {
    public var source: InstructionSource
    public var sources: SourcesAndDestination
    /// nil when the flag is absent or empty, as BuildKit treats both alike.
    public var chown: String?
    public var chmod: String?
    public var link: Bool
    /// nil when `--keep-git-dir` was not given at all.
    public var keepGitDirectory: Bool?
    public var checksum: String?
    /// nil when `--unpack` was not given at all.
    public var unpack: Bool?
    public var excludes: [String]

    public init(
        source: InstructionSource,
        sources: SourcesAndDestination,
        chown: String? = nil,
        chmod: String? = nil,
        link: Bool = false,
        keepGitDirectory: Bool? = nil,
        checksum: String? = nil,
        unpack: Bool? = nil,
        excludes: [String] = []
    ) {
        self.source = source
        self.sources = sources
        self.chown = chown
        self.chmod = chmod
        self.link = link
        self.keepGitDirectory = keepGitDirectory
        self.checksum = checksum
        self.unpack = unpack
        self.excludes = excludes
    }
}

/// `COPY [--from] [--chown] [--chmod] [--link] [--parents] [--exclude]... src... dest`.
public struct CopyInstruction: DockerfileInstruction, Hashable {
    public var source: InstructionSource
    public var sources: SourcesAndDestination
    /// A stage name, stage index or image; BuildKit does not expand variables in it.
    public var from: String?
    public var chown: String?
    public var chmod: String?
    public var link: Bool
    public var parents: Bool
    public var excludes: [String]

    public init(
        source: InstructionSource,
        sources: SourcesAndDestination,
        from: String? = nil,
        chown: String? = nil,
        chmod: String? = nil,
        link: Bool = false,
        parents: Bool = false,
        excludes: [String] = []
    ) {
        self.source = source
        self.sources = sources
        self.from = from
        self.chown = chown
        self.chmod = chmod
        self.link = link
        self.parents = parents
        self.excludes = excludes
    }
}
