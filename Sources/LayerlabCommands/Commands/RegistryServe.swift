import ArgumentParser
import Foundation
import Registry

/// `layerlab registry serve`: a small OCI registry of its own, so lessons work offline.
struct RegistryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "registry",
        abstract: "Run layerlab's embedded registry.",
        subcommands: [Serve.self]
    )

    struct Serve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Serve an OCI distribution registry (pull, push, tags, catalog, /v1/search).",
            discussion: HelpText.unwrapped(
                """
                Binds 127.0.0.1 unless told otherwise. A users file has one `user:sha256:HEX` line per user,
                HEX being the SHA-256 of the password (printf %s PASSWORD | sha256sum).
                Example: layerlab registry serve --addr 127.0.0.1:5000 --root /tmp/registry
                """)
        )

        @Option(name: .long, help: "Address to listen on (default 127.0.0.1:5000).")
        var addr = "127.0.0.1:5000"

        @Option(name: .long, help: "Where the registry keeps its content (default: $LAYERLAB_ROOT/registry).")
        var root: String?

        @Option(name: .long, help: "none (default), basic or token (Docker Hub's token flow).")
        var auth = "none"

        @Option(name: .long, help: "The users file for basic or token auth.")
        var users: String?

        @Option(
            name: .customLong("max-upload-size"),
            help: ArgumentHelp("The largest blob a client may upload (default: 8GiB).", valueName: "size"))
        var maxUploadSize: String?

        func run() async throws {
            try await reportingErrors {
                guard let colon = addr.lastIndex(of: ":"), let port = Int(addr[addr.index(after: colon)...]) else {
                    throw ValidationError("invalid --addr \"\(addr)\": expected HOST:PORT")
                }
                let mode: EmbeddedRegistry.AuthMode
                switch (auth, users) {
                case ("none", _): mode = .none
                case ("basic", let file?): mode = .basic(usersFile: file)
                case ("token", let file?): mode = .token(usersFile: file)
                case ("basic", nil), ("token", nil): throw ValidationError("--auth \(auth) needs --users FILE")
                default: throw ValidationError("unknown --auth \"\(auth)\": use none, basic or token")
                }
                let folder =
                    root
                    ?? (ProcessInfo.processInfo.environment["LAYERLAB_ROOT"].map { $0 + "/registry" }
                        ?? NSHomeDirectory() + "/.local/share/layerlab-registry")
                var configuration = EmbeddedRegistry.Configuration(host: String(addr[..<colon]), port: port, auth: mode)
                if let text = maxUploadSize {
                    guard let bytes = ByteSize.parse(text), bytes > 0 else {
                        throw ValidationError(
                            "invalid --max-upload-size \"\(text)\": give a size such as 512MiB or 8GiB")
                    }
                    configuration.uploadLimit = bytes
                }
                let registry = try EmbeddedRegistry(root: folder, configuration: configuration)
                let host = String(addr[..<colon])
                try await registry.run { port in
                    // Written unbuffered: a script waiting for this line may be reading a pipe or a file.
                    FileHandle.standardOutput.write(
                        Data("layerlab registry listening on \(host):\(port), content in \(folder)\n".utf8))
                }
            }
        }
    }
}
