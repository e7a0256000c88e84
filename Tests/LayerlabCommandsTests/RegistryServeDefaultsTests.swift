import ArgumentParser
import Registry
import Testing

@testable import LayerlabCommands

/// R-E4: the embedded registry listens on loopback unless told otherwise.
@Suite struct RegistryServeDefaultsTests {
    @Test func registryServeBindsLoopbackByDefault() throws {
        let serve = try RegistryCommand.Serve.parse([])
        #expect(serve.addr == "127.0.0.1:5000")
        #expect(serve.auth == "none")
        #expect(EmbeddedRegistry.Configuration().host == "127.0.0.1")
    }
}
