import Foundation
import OCI

/// A container's ID: 64 lowercase hex characters, as Docker's, and the name of its folders (R-S3).
public struct ContainerID: Hashable, Sendable, Comparable, Codable, CustomStringConvertible {
    /// The 64 hex characters.
    public let value: String

    /// An ID read back from disk or given by a user, refused unless it has the generated form.
    public init?(validating value: String) {
        guard value.utf8.count == 64, Digest.isHexPrefix(value) else { return nil }
        self.value = value
    }

    /// The first 12 characters, as `docker ps` shows them (moby's `stringid.TruncateID`).
    public var shortID: String { String(value.prefix(12)) }

    public var description: String { value }

    public static func < (lhs: ContainerID, rhs: ContainerID) -> Bool { lhs.value < rhs.value }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let id = ContainerID(validating: text) else {
            throw DecodingError.dataCorrupted(
                DecodingError.Context(codingPath: decoder.codingPath, debugDescription: "bad container ID \(text)"))
        }
        self = id
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value)
    }
}

/// What a container is doing, as the `State` of Docker's `config.v2.json` says.
public struct ContainerState: Codable, Sendable, Equatable {
    /// The life cycle of a layerlab container: nothing keeps running after a command ends.
    public enum Status: String, Codable, Sendable {
        case created, running, exited
    }

    public var status: Status
    /// The command's exit status once it has exited.
    public var exitCode: Int32
    /// The process running the command, while it runs.
    public var pid: Int32
    public var startedAt: Timestamp?
    public var finishedAt: Timestamp?

    enum CodingKeys: String, CodingKey {
        case status = "Status"
        case exitCode = "ExitCode"
        case pid = "Pid"
        case startedAt = "StartedAt"
        case finishedAt = "FinishedAt"
    }

    public init(
        status: Status, exitCode: Int32 = 0, pid: Int32 = 0, startedAt: Timestamp? = nil,
        finishedAt: Timestamp? = nil
    ) {
        self.status = status
        self.exitCode = exitCode
        self.pid = pid
        self.startedAt = startedAt
        self.finishedAt = finishedAt
    }

    /// Whether the command is running: what makes a container a hard `rmi` conflict.
    public var isRunning: Bool { status == .running }
}

/// A container: an image plus a read-write layer and the command it runs, stored as Docker's
/// `containers/<id>/config.v2.json` (keys as Docker writes them).
public struct ContainerRecord: Codable, Sendable, Equatable {
    public var id: ContainerID
    /// The name without Docker's leading `/`.
    public var name: String
    /// The image the container was created from.
    public var image: Digest
    /// The image as the user named it (Docker's `Config.Image`), shown by `ps` while it still means ``image``.
    public var imageName: String
    public var created: Timestamp
    /// The program and its arguments (the image's entrypoint, then the command).
    public var path: String
    public var args: [String]
    /// The image's config with the container's overrides (`-e`, `-w`, the command): what runs,
    /// and what `commit` writes into the new image.
    public var config: ContainerConfig
    public var state: ContainerState
    /// The graph driver, for a learner comparing with Docker's file.
    public var driver: String

    enum CodingKeys: String, CodingKey {
        case id = "ID"
        case name = "Name"
        case image = "Image"
        case imageName = "ImageName"
        case created = "Created"
        case path = "Path"
        case args = "Args"
        case config = "Config"
        case state = "State"
        case driver = "Driver"
    }

    public init(
        id: ContainerID, name: String, image: Digest, imageName: String, created: Timestamp, path: String,
        args: [String], config: ContainerConfig, state: ContainerState
    ) {
        self.id = id
        self.name = name
        self.image = image
        self.imageName = imageName
        self.created = created
        self.path = path
        self.args = args
        self.config = config
        self.state = state
        self.driver = "overlay2"
    }

    /// The command as `docker ps` and a commit's history show it: path and arguments joined by spaces.
    public var commandLine: String { ([path] + args).joined(separator: " ") }
}

/// Container names as Docker accepts and makes them.
public enum ContainerName {
    /// Docker's `restrictedNameChars` rule, `[a-zA-Z0-9][a-zA-Z0-9_.-]+` (moby `daemon/names`).
    public static func isValid(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        guard bytes.count >= 2, isAlphanumeric(bytes[0]) else { return false }
        return bytes.dropFirst().allSatisfy {
            isAlphanumeric($0) || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "-")
        }
    }

    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
    }

    static let adjectives = [
        "admiring", "brave", "clever", "dreamy", "eager", "focused", "gifted", "happy",
        "jolly", "keen", "lucid", "nifty", "quirky", "serene", "vibrant", "zealous",
    ]
    static let surnames = [
        "babbage", "curie", "dijkstra", "goldberg", "hamilton", "hopper", "knuth", "liskov",
        "lovelace", "noether", "ritchie", "shannon", "thompson", "torvalds", "turing", "wozniak",
    ]

    /// A free `adjective_surname` name, as moby's `namesgenerator` makes them, chosen from `seed`
    /// (so the same store and command give the same name), with a number added once all are taken.
    static func generate(seed: Digest, taken: Set<String>) -> String {
        let start = seed.encoded.utf8.prefix(8).reduce(0) { ($0 &* 31 &+ Int($1)) & 0xFFFF }
        let count = adjectives.count * surnames.count
        for round in 0..<100 {
            for step in 0..<count {
                let index = (start + step) % count
                var name = "\(adjectives[index / surnames.count])_\(surnames[index % surnames.count])"
                if round > 0 { name += String(round) }
                if !taken.contains(name) { return name }
            }
        }
        return "container_\(seed.encoded.prefix(12))"
    }
}
