import Dockerfile
import Testing

/// BuildKit's own parser cases: each `testfiles/<case>/Dockerfile` must dump exactly as its `result` file, and
/// each `testfiles-negative/<case>/Dockerfile` must be rejected.
@Suite struct ParserPeerTests {
    static let cases = PeerCases.folders("parser/testfiles")
    static let negativeCases = PeerCases.folders("parser/testfiles-negative")

    @Test func peerDataIsPresent() {
        #expect(Self.cases.count == 27)
        #expect(Self.negativeCases.count == 4)
    }

    @Test(arguments: cases)
    func dumpMatchesBuildKit(_ name: String) throws {
        let dockerfile = PeerCases.text("parser/testfiles/\(name)/Dockerfile")
        let expected = PeerCases.text("parser/testfiles/\(name)/result")
        let parsed = try DockerfileParser.parse(dockerfile)
        #expect(parsed.dump() + "\n" == expected)
    }

    @Test(arguments: negativeCases)
    func negativeCaseIsRejected(_ name: String) {
        let dockerfile = PeerCases.text("parser/testfiles-negative/\(name)/Dockerfile")
        #expect(throws: DockerfileError.self) { try DockerfileParser.parse(dockerfile) }
    }
}
