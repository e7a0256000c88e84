import Foundation
import Store

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What a background container writes, printed as it writes it (`logs -f`, `start -a` of a running
/// container): its log is looked at every 100 ms until its command has ended.
enum LogFollower {
    /// Prints, through `printing`, the entries of `container`'s log after its first `seen`, until its
    /// command has ended (or its process is gone, or the container removed) and the last is printed.
    /// - Returns: the container as it is at the end; nil when it was removed meanwhile.
    @discardableResult
    static func follow(
        _ container: String, in store: ImageStore, from seen: Int, printing: ([ContainerLog.Entry]) -> Void
    ) throws -> ContainerRecord? {
        var seen = seen
        while true {
            usleep(100_000)
            guard let record = try? store.containers.inspect(container) else { return nil }
            // A process gone without a word (killed) ends the following too.
            let running = record.state.isRunning && ProcessLiveness.isAlive(record.state.pid)
            let entries = try store.containers.logs(record.id.value).entries
            printing(Array(entries.dropFirst(seen)))
            seen = max(seen, entries.count)
            guard !running else { continue }
            // Its end is told here, by the command that saw it, so the picture needs no other command.
            try store.tellUntoldExits()
            return record
        }
    }

    /// Each entry on the stream it was written to (`-t`: its time first).
    static func write(_ entries: [ContainerLog.Entry], timestamps: Bool = false) {
        for entry in entries {
            let line = (timestamps ? entry.time + " " : "") + entry.log
            let handle: FileHandle = entry.stream == "stderr" ? .standardError : .standardOutput
            handle.write(Data(line.utf8))
        }
    }
}
