import ArgumentParser
import Foundation
import Registry
import Trace

/// `layerlab login`: check credentials with a registry and save them where Docker keeps them.
struct Login: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Log in to a registry.",
        discussion: HelpText.unwrapped(
            """
            The credentials are checked against the registry's /v2/ (Basic, or the token flow it asks for)
            and saved in ~/.docker/config.json ($DOCKER_CONFIG), which docker login also uses.
            Example: printf %s "$PASSWORD" | layerlab login -u me --password-stdin 127.0.0.1:5000
            """)
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var registry: RegistryOptions

    @Option(name: .shortAndLong, help: "Username.")
    var username: String?

    @Option(name: .shortAndLong, help: "Password.")
    var password: String?

    @Flag(name: .customLong("password-stdin"), help: "Take the password from stdin.")
    var passwordStdin = false

    @Argument(help: "SERVER (default: docker.io).")
    var server: String?

    func run() async throws {
        try await reportingErrors {
            let host = RegistryOptions.host(server)
            if password != nil && passwordStdin {
                throw ValidationError("--password and --password-stdin are mutually exclusive")
            }
            if password != nil {
                FileHandle.standardError.write(
                    Data("WARNING! Using --password via the CLI is insecure. Use --password-stdin.\n".utf8))
            }
            let user = try username ?? Self.prompt("Username: ")
            let secret: String
            if passwordStdin {
                let input = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
                secret = input.hasSuffix("\n") ? String(input.dropLast()) : input
            } else if let password {
                secret = password
            } else {
                secret = try Self.promptSecret("Password: ")
            }
            guard !user.isEmpty, !secret.isEmpty else { throw ValidationError("Username and password are required") }
            let credentials = RegistryClient.Credentials(user: user, password: secret)
            let recorder = try global.recorder()
            let client = try registry.client(for: host, credentials: credentials, tracer: recorder.spanTracer)
            try await recorder.operation(.login, arguments: [host]) { op in try await client.traced(by: op).ping() }
            try registry.configFile.store(credentials, for: host)
            print("Login Succeeded")
        }
    }

    private static func prompt(_ text: String) throws -> String {
        guard isatty(STDIN_FILENO) == 1 else {
            throw ValidationError("Cannot perform an interactive login from a non TTY device")
        }
        FileHandle.standardOutput.write(Data(text.utf8))
        return readLine() ?? ""
    }

    private static func promptSecret(_ text: String) throws -> String {
        guard isatty(STDIN_FILENO) == 1, let typed = getpass(text) else {
            throw ValidationError("Cannot perform an interactive login from a non TTY device")
        }
        return String(cString: typed)
    }
}

/// `layerlab logout`: forget the credentials saved for a registry.
struct Logout: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Log out from a registry.")

    @OptionGroup var registry: RegistryOptions

    @Argument(help: "SERVER (default: docker.io).")
    var server: String?

    func run() throws {
        try reportingErrors {
            let host = RegistryOptions.host(server)
            let key = DockerConfigFile.key(for: host)
            if try registry.configFile.remove(for: host) {
                print("Removing login credentials for \(key)")
            } else {
                print("Not logged in to \(key)")
            }
        }
    }
}
