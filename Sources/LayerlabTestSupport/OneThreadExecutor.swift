import Foundation

/// A task executor with one thread of its own. A test that asks whether some work blocks the
/// thread it runs on runs that work here: other suites in the same process may block the few
/// threads of Swift's shared pool for a minute (a synchronous peer tool, say), which would look
/// like the same fault. The thread lives as long as the test process.
public final class OneThreadExecutor: TaskExecutor, @unchecked Sendable {
    /// Guards `jobs`; the thread waits on it for the next one.
    private let condition = NSCondition()
    private var jobs: [UnownedJob] = []
    /// The thread's, once it runs (a thread's name is no test: Foundation on Linux reads back another).
    private var thread: pthread_t?

    public init(name: String) {
        let thread = Thread { self.runJobs() }
        thread.name = name
        thread.start()
    }

    public func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        condition.lock()
        jobs.append(job)
        condition.signal()
        condition.unlock()
    }

    /// Whether the caller runs on this executor's thread.
    public var isCurrent: Bool {
        condition.lock()
        defer { condition.unlock() }
        return thread.map { pthread_equal($0, pthread_self()) != 0 } ?? false
    }

    private func runJobs() {
        condition.lock()
        thread = pthread_self()
        condition.unlock()
        while true {
            condition.lock()
            while jobs.isEmpty { condition.wait() }
            let job = jobs.removeFirst()
            condition.unlock()
            job.runSynchronously(on: asUnownedTaskExecutor())
        }
    }
}
