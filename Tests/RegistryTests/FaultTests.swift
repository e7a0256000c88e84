import Foundation
import LayerlabTestSupport
import OCI
import Registry
import Store
import Testing
import Trace

@Suite struct FaultTests {
    let fixture = RegistryFixture()

    /// A pull from a misbehaving registry of an image made in a source store.
    func pull(through fault: FaultRegistry.Fault) async throws -> (
        result: Result<PullResult, any Error>, target: ImageStore, id: Digest, records: [TraceRecord]
    ) {
        let source = try fixture.makeStore("source")
        let id = try fixture.makeImage(in: source, name: "demo:1")
        let plan = try source.pushPlan(for: "demo:1")
        let recording = RecordingSink()
        let target = try fixture.makeStore("target", trace: TraceRecorder(sinks: [recording]))
        let server = FaultRegistry(fault: fault, plan: plan)
        let result = try await server.withRunning { port in
            let client = RegistryClient(
                registry: "127.0.0.1:\(port)", configuration: .init(initialBackoff: .milliseconds(10)))
            do {
                return Result<PullResult, any Error>.success(
                    try await Puller(store: target, client: client).pull(
                        try Reference.parseDocker("127.0.0.1:\(port)/faulty:1")))
            } catch {
                return .failure(error)
            }
        }
        return (result, target, id, recording.records)
    }

    @Test func droppedConnectionMidBlobResumesWithRange() async throws {
        let (result, _, id, records) = try await pull(through: .dropMidBlob)
        #expect(try result.get().imageID == id)
        #expect(records.contains { if case .pullLayer(_, .retrying, _) = $0.event { true } else { false } })
        #expect(records.contains { if case .httpExchange("GET", _, 206, _) = $0.event { true } else { false } })
    }

    @Test func serverErrorsAreRetriedWithBackoff() async throws {
        let (result, _, id, records) = try await pull(through: .serverErrorOnce)
        #expect(try result.get().imageID == id)
        #expect(records.contains { if case .httpExchange(_, _, 500, _) = $0.event { true } else { false } })
    }

    @Test func blobThatDoesNotMatchItsDigestIsRefusedAndNothingIsCommitted() async throws {
        let (result, target, _, _) = try await pull(through: .corruptLayer)
        guard case .failure(let error) = result else {
            Issue.record("a corrupt layer must fail the pull")
            return
        }
        #expect((error as? RegistryError)?.code == .digestMismatch)
        #expect(try target.images().isEmpty)
        #expect(try target.layers().isEmpty)
        #expect(try FileManager.default.contentsOfDirectory(atPath: target.layout.root + "/tmp").isEmpty)
    }
}
