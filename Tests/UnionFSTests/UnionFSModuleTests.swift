import Testing

@testable import UnionFS

@Suite struct UnionFSModuleTests {
    @Test func moduleBuilds() {
        #expect(String(describing: UnionFSModule.self) == "UnionFSModule")
    }
}
