import Foundation
import LayerlabTestSupport
import OCI
import Synchronization
import Testing
import Trace

@testable import Store

/// R-S6: writers on one store serialize through the store lock, so none loses another's update.
@Suite struct ConcurrencyTests {
    @Test func concurrentImportsThroughSeparateHandlesAllLand() throws {
        let folder = TemporaryDirectory("concurrency")
        let root = folder.file("store")
        _ = try ImageStore(root: root)
        let tarballs = try (0..<6).map { index in
            try RootFSFixture.makeTarball(at: folder.file("rootfs-\(index).tar"), seed: "seed\(index)")
        }
        let failures = Mutex<[String]>([])
        DispatchQueue.concurrentPerform(iterations: tarballs.count) { index in
            // Each writer opens its own handle, as a separate process would: its own lock file descriptor.
            do {
                let store = try ImageStore(root: root)
                try store.importImage(from: .file(tarballs[index]), repository: "app\(index):v1")
            } catch {
                failures.withLock { $0.append(String(describing: error)) }
            }
        }
        #expect(failures.withLock { $0 }.isEmpty)
        let store = try ImageStore(root: root)
        let names = try store.images().flatMap(\.references).map(\.familiarString).sorted()
        #expect(names == (0..<6).map { "app\($0):v1" })
        #expect(try store.layers().count == 6)
    }
}
