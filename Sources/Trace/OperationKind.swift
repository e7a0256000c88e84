/// What an operation of the engine is: the Docker command it carries out. Views choose by kind
/// (`kind == .pull`), never by comparing text; the raw value is the command's name as a trace file
/// and a span show it. Open for more kinds (a test's own, say), as a string literal makes one.
public struct OperationKind: RawRepresentable, Codable, Hashable, Sendable, ExpressibleByStringLiteral,
    CustomStringConvertible
{
    public let rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.init(rawValue: value) }

    public init(from decoder: any Decoder) throws {
        self.init(rawValue: try decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    public var description: String { rawValue }

    public static let analyze: OperationKind = "analyze"
    /// Background containers (`run -d`) whose command ended while no command was watching: told
    /// by the next command that opened the store.
    public static let ended: OperationKind = "ended"
    /// A container's command running, with its output (`docker start -a`).
    public static let attach: OperationKind = "attach"
    public static let build: OperationKind = "build"
    public static let commit: OperationKind = "commit"
    /// `create`: a container.
    public static let create: OperationKind = "create"
    /// `diff`: what a container changed, listed.
    public static let diff: OperationKind = "diff"
    /// An image made from nothing (`FROM scratch`'s empty base).
    public static let createImage: OperationKind = "create-image"
    /// `export`: a container's merged files, written as one tar.
    public static let export: OperationKind = "export"
    /// `fsck`: the store checked, and repaired when asked.
    public static let fsck: OperationKind = "fsck"
    public static let graph: OperationKind = "graph"
    /// `history`: the steps an image was made in, read.
    public static let history: OperationKind = "history"
    /// `inspect`: an image's or a container's details, printed.
    public static let inspect: OperationKind = "inspect"
    /// `images`: the store's images, listed.
    public static let images: OperationKind = "images"
    public static let ps: OperationKind = "ps"
    public static let `import`: OperationKind = "import"
    /// `logs`: what a container's command wrote, read back from its log.
    public static let logs: OperationKind = "logs"
    public static let load: OperationKind = "load"
    /// `login`: credentials checked against a registry.
    public static let login: OperationKind = "login"
    public static let pull: OperationKind = "pull"
    public static let push: OperationKind = "push"
    /// Opening the store cleaned what an interrupted command left.
    public static let recover: OperationKind = "recover"
    public static let rm: OperationKind = "rm"
    public static let rmi: OperationKind = "rmi"
    /// `run`: a container created to be started at once.
    public static let run: OperationKind = "run"
    public static let save: OperationKind = "save"
    public static let search: OperationKind = "search"
    public static let start: OperationKind = "start"
    /// `stop`: a running container's process sent SIGTERM, then SIGKILL.
    public static let stop: OperationKind = "stop"
    /// `kill`: a signal sent to a running container's process.
    public static let kill: OperationKind = "kill"
    public static let tag: OperationKind = "tag"
    /// A container's command ended, watched by the command that ran it.
    public static let wait: OperationKind = "wait"
}
