import ArgumentParser
import Registry

/// Options of the commands that talk to a registry.
struct RegistryOptions: ParsableArguments {
    @Option(name: .long, help: "A registry to reach over plain HTTP (loopback registries always are). Repeatable.")
    var insecureRegistry: [String] = []

    func client(for registry: String) -> RegistryClient {
        RegistryClient(
            registry: registry, configuration: RegistryClient.Configuration(insecureRegistries: Set(insecureRegistry)))
    }
}
