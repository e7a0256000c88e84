import Foundation
import LayerlabTestSupport
import OCI
import Store
import Trace

/// Real traces for diagram and narration tests: a real store doing real operations.
struct TraceFixture {
    let folder = TemporaryDirectory("render-tests")
    let sink = RecordingSink()
    let store: ImageStore

    init() throws {
        store = try ImageStore(
            root: folder.file("store"), trace: TraceRecorder(sinks: [sink]),
            clock: { Date(timeIntervalSince1970: 1_700_000_000) })
    }

    @discardableResult
    func importImage(_ name: String, message: String? = nil) throws -> Digest {
        let tarball = try RootFSFixture.makeTarball(at: folder.file("rootfs-\(UUID().uuidString).tar"))
        return try store.importImage(from: .file(tarball), repository: name, message: message)
    }

    /// The records from `from` on.
    func records(since start: Int) -> [TraceRecord] { Array(sink.records.dropFirst(start)) }
}
