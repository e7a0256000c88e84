import Testing

@testable import LayerlabCommands

@Suite struct SearchTermTests {
    @Test(
        arguments: [
            ("busybox", nil, "docker.io", "busybox"),
            ("localhost:5000/busybox", nil, "localhost:5000", "busybox"),
            ("registry.example.com/team/app", nil, "registry.example.com", "team/app"),
            ("localhost/app", nil, "localhost", "app"),
            ("team/app", nil, "docker.io", "team/app"),
            ("team/app", "127.0.0.1:5000", "127.0.0.1:5000", "team/app"),
        ] as [(String, String?, String, String)])
    func aTermNamesItsRegistryAsDockerReadsIt(term: String, fallback: String?, registry: String, rest: String) {
        let split = Search.split(term, defaultRegistry: fallback)
        #expect(split.registry == registry)
        #expect(split.term == rest)
    }
}
