import Foundation
import LayerlabTestSupport
import OCI
import Registry
import Store
import Synchronization
import Testing
import Transfer

#if canImport(Glibc)
    import Glibc
#endif

/// Issue 12: a pull that waits for the store lock (another process is building, say) waits on a
/// thread of its own, never on the thread its task runs on (one of the few threads Swift's
/// concurrency runs every task on).
@Suite struct LockWaitTests {
    let fixture = RegistryFixture()

    @Test func pullsWaitingForTheStoreLockLeaveEveryOtherTaskRunning() async throws {
        let fixture = self.fixture
        let source = try fixture.makeStore("source")
        try fixture.makeImage(in: source, name: "demo:1")
        // Everything here, the registry's handlers too, runs on a thread no other suite can block.
        let executor = OneThreadExecutor(name: "lock-wait test")
        try await withTaskExecutorPreference(executor) {
            try await fixture.makeRegistry().withRunning { port in
                let client = RegistryClient(registry: "127.0.0.1:\(port)")
                let reference = try Reference.parseDocker("127.0.0.1:\(port)/team/demo:1")
                _ = try await Pusher(store: source, client: client).push(reference, image: "demo:1")
                let target = try fixture.makeStore("target")

                // Another process's writer, as far as the pulls can tell: the store lock, held exclusively.
                let lockFile = fixture.folder.file("target/lock")
                let holder = open(lockFile, O_RDWR | O_CLOEXEC)
                #expect(holder >= 0 && flock(holder, LOCK_EX) == 0)
                // If a pull blocked the thread, nothing below could run until the lock went:
                // a plain thread gives it up after a while, whatever happens.
                let held = Mutex<Int32?>(holder)
                let releasedLate = Mutex<ContinuousClock.Instant?>(nil)
                @Sendable func release() -> Bool {
                    guard let descriptor = held.withLock({ $0.take() }) else { return false }
                    flock(descriptor, LOCK_UN)
                    close(descriptor)
                    return true
                }
                Thread.detachNewThread {
                    Thread.sleep(forTimeInterval: 10)
                    if release() { releasedLate.withLock { $0 = .now } }
                }

                // Two pulls on that one thread, each waiting for the lock, then a probe on it.
                let count = 2
                let pulls = (0..<count).map { _ in
                    Task(executorPreference: executor) {
                        try await Puller(store: target, client: client).pull(reference)
                    }
                }
                #expect(await Self.waiters(on: lockFile, reach: count))
                let probe = await Task(executorPreference: executor) { ContinuousClock.now }.value
                if let late = releasedLate.withLock({ $0 }) {
                    Issue.record("a task could run only at \(probe), after the lock was given up at \(late)")
                }
                _ = release()
                for pull in pulls { _ = try await pull.value }
                #expect(try target.image(reference.description).references.filter { $0.digest == nil } == [reference])
            }
        }
    }

    /// Waits (up to 5 s) until `count` processes or threads wait for a lock on `path`, as the
    /// kernel lists them in `/proc/locks` (a `->` line is a waiter).
    private static func waiters(on path: String, reach count: Int) async -> Bool {
        var info = stat()
        guard stat(path, &info) == 0 else { return false }
        let inode = ":\(info.st_ino) "
        for _ in 0..<100 {
            let locks = (try? String(contentsOfFile: "/proc/locks", encoding: .utf8)) ?? ""
            let waiting = locks.split(separator: "\n").filter { $0.contains("->") && $0.contains(inode) }.count
            if waiting >= count { return true }
            try? await Task.sleep(for: .milliseconds(50))
        }
        return false
    }
}
