import Foundation

/// A task executor with one thread of its own. A test that asks whether some work blocks the
/// thread it runs on runs that work here: other suites in the same process may block the few
/// threads of Swift's shared pool for a minute (a synchronous peer tool, say), which would look
/// like the same fault. The thread lives as long as the test process.
public final class OneThreadExecutor: TaskExecutor, @unchecked Sendable {
    /// Guards `jobs`; the thread waits on it for the next one.
    private let condition = NSCondition()
    private var jobs: [UnownedJob] = []

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

    private func runJobs() {
        while true {
            condition.lock()
            while jobs.isEmpty { condition.wait() }
            let job = jobs.removeFirst()
            condition.unlock()
            job.runSynchronously(on: asUnownedTaskExecutor())
        }
    }
}
