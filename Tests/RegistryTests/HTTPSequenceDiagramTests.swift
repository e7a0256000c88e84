import Foundation
import FoundationXML
import LayerlabTestSupport
import OCI
import Registry
import Render
import Testing
import Trace
import Transfer

/// The HTTP sequence drawn from the traces of a real push and pull through Docker Hub's token flow.
@Suite struct HTTPSequenceDiagramTests {
    let fixture = RegistryFixture()

    /// Pushes `demo:1` as alice and pulls it back anonymously, recording both.
    private func pushAndPullWithTokens() async throws -> [TraceRecord] {
        let fixture = self.fixture
        let users = try fixture.folder.write("users", UsersFile.line(user: "alice", password: "secret") + "\n")
        let recording = RecordingSink()
        let source = try fixture.makeStore("source", trace: TraceRecorder(sinks: [recording]))
        try fixture.makeImage(in: source, name: "demo:1")
        let target = try fixture.makeStore("target", trace: TraceRecorder(sinks: [recording]))
        try await fixture.makeRegistry(auth: .token(usersFile: users)).withRunning { port in
            let registry = "127.0.0.1:\(port)"
            let reference = try Reference.parseDocker("\(registry)/alice/demo:1")
            let alice = RegistryClient(registry: registry, credentials: .init(user: "alice", password: "secret"))
            _ = try await Pusher(store: source, client: alice).push(reference, image: "demo:1")
            _ = try await Puller(store: target, client: RegistryClient(registry: registry)).pull(reference)
        }
        return recording.records
    }

    @Test func theTokenDanceAndEveryRequestAreDrawnInOrder() async throws {
        let records = try await pushAndPullWithTokens()
        let rows = HTTPSequenceDiagram(records: records).rows()
        let exchanges = records.filter { if case .httpExchange = $0.event { true } else { false } }
        let messages = rows.compactMap { if case .message(let message) = $0 { message } else { nil } }
        #expect(messages.count == 2 * exchanges.count)
        #expect(
            rows.first.map { if case .operation(let command) = $0 { command.hasPrefix("push ") } else { false } }
                == true)
        #expect(rows.contains { if case .operation(let command) = $0 { command.hasPrefix("pull ") } else { false } })

        // Requests go out and answers come back, alternately.
        for (request, answer) in stride(from: 0, to: messages.count, by: 2).map({ (messages[$0], messages[$0 + 1]) }) {
            #expect(!request.isResponse && request.from == .client)
            #expect(answer.isResponse && answer.to == .client && answer.from == request.to)
        }
        // The registry's 401 names the token service, and the client asks it next.
        let challenge = try #require(messages.firstIndex { $0.label.hasPrefix("401 ") })
        #expect(messages[challenge].label.contains("WWW-Authenticate: Bearer realm="))
        #expect(!messages[challenge].refused)
        #expect(messages[challenge + 1].to == .tokenService)
        #expect(messages[challenge + 1].label.contains("ask for a token for repository:alice/demo:pull"))
        #expect(messages[challenge + 2].label.contains("(a token)"))
        // A push asks about each blob first; "not found" is how it learns to upload it.
        let absent = try #require(messages.first { $0.label.hasPrefix("404 ") })
        #expect(absent.label.contains("it will be uploaded") && !absent.refused)
        #expect(messages.contains { $0.label.contains("push the manifest (tags it)") })
        #expect(messages.contains { $0.label.contains("download the blob") })
        #expect(messages.allSatisfy { !$0.refused })
    }

    @Test func everyRowIsOneRankInColumnOrderAndTheSVGIsValid() async throws {
        let records = try await pushAndPullWithTokens()
        let diagram = HTTPSequenceDiagram(records: records)
        let graph = diagram.graph()
        #expect(graph.sameRank.count == diagram.rows().count + 1)
        #expect(graph.sameRank.first == ["head:token", "head:client", "head:registry"])
        for (number, group) in graph.sameRank.dropFirst().enumerated() {
            #expect(group.count == 4)
            #expect(group.contains("row\(number)"))
            #expect(
                group.filter { $0 != "row\(number)" } == ["token:\(number)", "client:\(number)", "registry:\(number)"])
        }
        let svg = try Graphviz.render(dot: DOTWriter.write(graph), format: .svg)
        #expect(XMLParser(data: Data(svg)).parse())
        #expect(String(decoding: svg, as: UTF8.self).contains("does the registry have this blob?"))
    }

    @Test func exchangesPastTheLimitAreCountedNotDrawn() async throws {
        let records = try await pushAndPullWithTokens()
        let exchanges = records.filter { if case .httpExchange = $0.event { true } else { false } }.count
        let rows = HTTPSequenceDiagram(records: records, limit: 3).rows()
        #expect(rows.filter { if case .message = $0 { true } else { false } }.count == 6)
        #expect(rows.last == .omitted(exchanges - 3))
    }
}
