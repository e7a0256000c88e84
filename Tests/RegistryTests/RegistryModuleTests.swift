import Testing

@testable import Registry

@Suite struct RegistryModuleTests {
    @Test func moduleBuilds() {
        #expect(String(describing: RegistryModule.self) == "RegistryModule")
    }
}
