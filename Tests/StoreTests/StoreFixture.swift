import Foundation
import LayerlabTestSupport
import OCI
import Synchronization
import Trace

@testable import Store

/// A fresh store in a temporary folder, recording its trace, with a fixed clock.
struct StoreFixture {
    let folder = TemporaryDirectory("store-tests")
    let sink = RecordingSink()
    let store: ImageStore
    private let tick = Clock()

    init() throws {
        let tick = self.tick
        store = try ImageStore(
            root: folder.file("root"), trace: TraceRecorder(sinks: [sink]), clock: { tick.next() })
    }

    /// Imports a generated root filesystem (GNU tar's tarball of it) and names it.
    @discardableResult
    func importImage(_ name: String?, seed: String = "base", gzip: Bool = false, message: String? = nil) throws
        -> Digest
    {
        let tarball = try RootFSFixture.makeTarball(
            at: folder.file("\(seed)-\(UUID().uuidString).tar"), seed: seed, gzip: gzip)
        return try store.importImage(from: .file(tarball), repository: name, message: message)
    }

    /// Makes an image whose classic parent is `parent`, with the same layers and one more history step,
    /// the way a metadata-only step of a classic build does.
    @discardableResult
    func makeChild(of parent: Digest, step: String, name: String? = nil) throws -> Digest {
        let reference = try name.map { try Reference.parseDocker($0) }
        return try store.operation("test-child", arguments: []) { (op) throws(StoreError) in
            var state = try store.readState()
            guard let base = state.images[parent] else { throw StoreError(.noSuchImage, "no parent") }
            var config = base.config
            config.history =
                (config.history ?? []) + [History(created: Timestamp(tick.next()), createdBy: step, emptyLayer: true)]
            let id = try store.createImage(config, parent: parent, state: &state, op: op)
            if let reference { try store.addTag(reference, to: id, state: &state, op: op) }
            return id
        }
    }

    var snapshot: FolderSnapshot { FolderSnapshot(folder.file("root")) }

    /// Advances one second per call, so images have distinct, ordered creation times.
    final class Clock: Sendable {
        private let counter = Counter()
        func next() -> Date { Date(timeIntervalSince1970: 1_700_000_000 + Double(counter.increment())) }
    }
}

final class Counter: Sendable {
    private let value = Mutex(0)
    func increment() -> Int {
        value.withLock {
            $0 += 1; return $0
        }
    }
}
