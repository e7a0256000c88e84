import Foundation
import InMemoryTracing
import LayerlabTestSupport
import OCI
import Synchronization
import Testing
import Trace
import Tracing

@Suite struct TraceRecorderTests {
    struct Failure: Error, CustomStringConvertible {
        var description: String { "it broke" }
    }

    static let id = Digest.sha256(of: Array("config".utf8))

    @Test func recordsAreNumberedAndGroupedByOperation() throws {
        let sink = RecordingSink()
        let recorder = TraceRecorder(sinks: [sink])
        try recorder.operation("import", arguments: ["a.tar"]) { op in op.emit(.imageDeleted(id: Self.id)) }
        try recorder.operation("rmi") { _ in }
        #expect(sink.records.map(\.sequence) == [1, 2, 3, 4, 5])
        #expect(sink.records.map(\.operation) == [1, 1, 1, 2, 2])
        #expect(
            sink.events == [
                .operationStarted(kind: .import, arguments: ["a.tar"]), .imageDeleted(id: Self.id),
                .operationFinished(error: nil), .operationStarted(kind: .rmi, arguments: []),
                .operationFinished(error: nil),
            ])
    }

    @Test func aFailedOperationRecordsItsError() {
        let sink = RecordingSink()
        let recorder = TraceRecorder(sinks: [sink])
        #expect(throws: Failure.self) { try recorder.operation("rmi") { _ in throw Failure() } }
        #expect(sink.events.last == .operationFinished(error: "it broke"))
    }

    @Test func aDisabledRecorderNeverBuildsEvents() throws {
        let built = Counter()
        try TraceRecorder.disabled.operation("rmi") { op in
            #expect(!op.isEnabled)
            op.emit(
                {
                    built.increment(); return .imageDeleted(id: Self.id)
                }())
        }
        #expect(built.value == 0)
    }

    @Test func operationsBecomeSpansWithTheirEvents() throws {
        let tracer = InMemoryTracer()
        let recorder = TraceRecorder(sinks: [], tracer: tracer)
        try recorder.operation("tag") { op in op.emit(.imageDeleted(id: Self.id)) }
        #expect(throws: Failure.self) { try recorder.operation("rmi") { _ in throw Failure() } }
        let spans = tracer.finishedSpans
        #expect(spans.map(\.operationName) == ["tag", "rmi"])
        #expect(spans[0].events.map(\.name) == ["operationStarted", "imageDeleted", "operationFinished"])
        #expect(spans[1].errors.count == 1)
        #expect(spans.allSatisfy { $0.parentSpanID == nil })
    }

    @Test func jsonLinesFileRoundTrips() throws {
        let folder = TemporaryDirectory("trace")
        let path = folder.file("trace.jsonl")
        let memory = RecordingSink()
        do {
            let recorder = TraceRecorder(sinks: [memory, try JSONLinesSink(path: path)])
            let reference = try Reference.parseDocker("demo")
            try recorder.operation("tag") { op in
                op.emit(.tagAdded(reference, image: Self.id, previous: nil))
                op.emit(.pullLayer(digest: Self.id, step: .alreadyExists(usedBy: [Self.id])))
                op.emit(.pushLayer(digest: Self.id, step: .mountedFrom(repository: "library/busybox")))
            }
        }
        let read = try TraceFile.read(path: path)
        #expect(read == memory.records)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.split(separator: "\n").count == 5)
        #expect(text.contains(#""step":{"mountedFrom":{"repository":"library/busybox"}}"#), "typed fields, not text")
    }

    @Test func everySinkGetsTheRecordsInSequenceOrderWhileTasksEmitAtOnce() async throws {
        let folder = TemporaryDirectory("trace")
        let path = folder.file("trace.jsonl")
        let memory = RecordingSink()
        let layer = Self.id
        do {
            let recorder = TraceRecorder(sinks: [memory, try JSONLinesSink(path: path)])
            try await recorder.operation("pull") { op in
                await withTaskGroup(of: Void.self) { group in
                    for _ in 0..<8 {
                        group.addTask {
                            for received in 1...400 {
                                op.emit(
                                    .pullLayer(
                                        digest: layer, step: .downloadProgress(received: Int64(received), total: 400)))
                            }
                        }
                    }
                }
            }
        }
        #expect(memory.records.map(\.sequence) == Array(1...3202))
        #expect(try TraceFile.read(path: path) == memory.records, "the file holds the same records in the same order")
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: "/dev/full"), "needs /dev/full (Linux)"))
    func aTraceThatCannotBeWrittenIsToldAtTheEnd() throws {
        let recorder = TraceRecorder(sinks: [try JSONLinesSink(path: "/dev/full")])
        try recorder.operation(.rmi) { op in op.emit(.imageDeleted(id: Self.id)) }
        do {
            try recorder.finish()
            Issue.record("a full disk went unnoticed")
        } catch {
            #expect(error.code == .cannotWrite)
            #expect(error.description.hasPrefix("cannot write trace file /dev/full (record #1)"), "\(error)")
        }
    }

    @Test func aTraceFileThatIsASymlinkIsWrittenThroughNotReplaced() throws {
        let folder = TemporaryDirectory("trace")
        let target = folder.file("target.jsonl")
        try FileManager.default.createSymbolicLink(atPath: folder.file("link.jsonl"), withDestinationPath: target)
        do {
            let recorder = TraceRecorder(sinks: [try JSONLinesSink(path: folder.file("link.jsonl"))])
            try recorder.operation(.rmi) { _ in }
            try recorder.finish()
        }
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: folder.file("link.jsonl")) == target)
        #expect(try TraceFile.read(path: target).count == 2)
    }

    @Test func aTraceWithAGapOrOutOfOrderSaysWhere() throws {
        let folder = TemporaryDirectory("trace")
        let path = folder.file("trace.jsonl")
        func line(_ sequence: Int, _ event: TraceEvent) throws -> String {
            let record = TraceRecord(sequence: sequence, operation: 1, event: event)
            return String(decoding: try JSONEncoder().encode(record), as: UTF8.self)
        }
        let start = TraceEvent.operationStarted(kind: .rmi, arguments: [])
        let deleted = TraceEvent.imageDeleted(id: Self.id)
        let twoRuns = try [line(1, start), line(2, deleted), line(1, start), line(2, deleted)]
        try Data((twoRuns.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: path))
        #expect(try TraceFile.read(path: path).count == 4, "runs appended to one file each start at #1")

        for (lines, bad) in try [([line(1, start), line(3, deleted)], 2), ([line(2, start)], 1)] {
            try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: path))
            do {
                _ = try TraceFile.read(path: path)
                Issue.record("a broken order was accepted: \(lines)")
            } catch {
                #expect(error.code == .outOfOrder)
                #expect(error.message.hasPrefix("\(path):\(bad): record #"), "\(error)")
            }
        }
    }

    @Test func aTraceOfTheOlderSchemaIsNamedAsOlder() throws {
        let folder = TemporaryDirectory("trace")
        let path = folder.file("trace.jsonl")
        let line =
            #"{"event":{"pullLayer":{"digest":"\#(Self.id)","status":"Downloading","detail":"1/2"}},"#
            + #""operation":1,"sequence":1,"version":1}"#
        try Data((line + "\n").utf8).write(to: URL(fileURLWithPath: path))
        do {
            _ = try TraceFile.read(path: path)
            Issue.record("a version 1 record was accepted")
        } catch {
            #expect(error.code == .unsupportedVersion)
            #expect(error.message.contains("version 1 is older than this layerlab reads (2)"), "\(error)")
        }
    }

    @Test func aRefusalWrittenBeforeNamedDescendantsReadsAsNamingNone() throws {
        let folder = TemporaryDirectory("trace")
        let path = folder.file("trace.jsonl")
        let conflict =
            #"{"image":"\#(Self.id)","requested":"base","cause":{"dependentChildren":{"_0":["\#(Self.id)"]}},"#
            + #""isHard":true,"message":"conflict"}"#
        let line = #"{"event":{"rmiConflict":{"_0":\#(conflict)}},"operation":1,"sequence":1,"version":2}"#
        try Data((line + "\n").utf8).write(to: URL(fileURLWithPath: path))
        let records = try TraceFile.read(path: path)
        guard case .rmiConflict(let read)? = records.first?.event else {
            Issue.record("read \(records)")
            return
        }
        #expect(read.namedDescendants.isEmpty)
        #expect(read.cause == .dependentChildren([Self.id]))
    }

    @Test func newerSchemaVersionsAreRefusedWithTheLine() throws {
        let folder = TemporaryDirectory("trace")
        let path = folder.file("trace.jsonl")
        let line = #"{"event":{"imageDeleted":{"id":"\#(Self.id)"}},"operation":1,"sequence":1,"version":99}"#
        try Data((line + "\n").utf8).write(to: URL(fileURLWithPath: path))
        do {
            _ = try TraceFile.read(path: path)
            Issue.record("a future schema version was accepted")
        } catch {
            #expect(error.code == .unsupportedVersion)
            #expect(error.message.hasPrefix("\(path):1:"))
        }
    }

    @Test func garbageIsRefusedWithTheLine() throws {
        let folder = TemporaryDirectory("trace")
        let path = folder.file("trace.jsonl")
        try Data("not json\n".utf8).write(to: URL(fileURLWithPath: path))
        do {
            _ = try TraceFile.read(path: path)
            Issue.record("garbage was accepted")
        } catch {
            #expect(error.code == .malformed)
            #expect(error.message.hasPrefix("\(path):1: not a layerlab trace record"))
        }
    }
}

final class Counter: Sendable {
    private let storage = Mutex(0)
    func increment() { storage.withLock { $0 += 1 } }
    var value: Int { storage.withLock { $0 } }
}
