import ArgumentParser
import AsyncHTTPClient
import Registry
import Tracing

/// Options of the commands that talk to a registry.
struct RegistryOptions: ParsableArguments {
    @Option(name: .long, help: "A registry to reach over plain HTTP (loopback registries always are). Repeatable.")
    var insecureRegistry: [String] = []

    @Option(
        name: .customLong("timeout"),
        help: ArgumentHelp(
            "Give up on a registry that sends nothing for this many seconds, mid-answer too (default: 60).",
            valueName: "seconds"))
    var timeout: Int?

    func validate() throws {
        if let timeout, timeout <= 0 { throw ValidationError("--timeout must be a positive number of seconds") }
    }

    /// Where `login` saves credentials and every registry command finds them.
    var configFile: DockerConfigFile { .default() }

    /// A client for `registry`, with the credentials `login` saved for it (or `credentials`). With
    /// the command's span tracer (`--trace-format otlp-json`) its requests are spans of that tracer,
    /// under the operation's span.
    func client(for registry: String, credentials: RegistryClient.Credentials? = nil, tracer: (any Tracer)? = nil)
        throws -> RegistryClient
    {
        let http: HTTPClient
        if tracer != nil || timeout != nil {
            http = RegistryClient.makeHTTPClient(
                tracer: tracer, readTimeout: timeout.map { .seconds($0) } ?? RegistryClient.defaultReadTimeout)
            CommandTeardown.add(http)
        } else {
            http = RegistryClient.sharedHTTPClient
        }
        return RegistryClient(
            registry: registry, credentials: try credentials ?? configFile.credentials(for: registry),
            configuration: RegistryClient.Configuration(insecureRegistries: Set(insecureRegistry)), httpClient: http)
    }

    /// The registry a `login` or `logout` argument names: a host, with any `https://` and path dropped.
    static func host(_ server: String?) -> String {
        guard var text = server, !text.isEmpty else { return "docker.io" }
        for scheme in ["https://", "http://"] where text.hasPrefix(scheme) { text.removeFirst(scheme.count) }
        if let slash = text.firstIndex(of: "/") { text = String(text[..<slash]) }
        return text == "index.docker.io" || text == "registry-1.docker.io" ? "docker.io" : text
    }
}
