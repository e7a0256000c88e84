import Foundation
import Store

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The `layerlab container-shim` processes that keep a workspace's background containers running
/// (`run -d`), found by their command line as `pgrep -f` finds them: they outlive the command that
/// started them, so a workspace that goes, or goes back (undo), must end them itself.
enum BackgroundShims {
    struct Shim: Equatable {
        var pid: Int32
        /// The container's full ID.
        var container: String
        /// The store it keeps the container in.
        var root: String
    }

    /// The shims of the stores under `folder`.
    static func running(under folder: String) -> [Shim] {
        #if os(Linux)
            let prefix = (folder as NSString).standardizingPath + "/"
            let pids = (try? FileManager.default.contentsOfDirectory(atPath: "/proc"))?.compactMap { Int32($0) } ?? []
            return pids.compactMap { pid in
                guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") else { return nil }
                let words = data.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
                guard let verb = words.firstIndex(of: "container-shim"), let flag = words.firstIndex(of: "--root"),
                    flag > verb, flag + 1 < words.count, let container = words.last,
                    (words[flag + 1] as NSString).standardizingPath.hasPrefix(prefix)
                else { return nil }
                return Shim(pid: pid, container: container, root: words[flag + 1])
            }
        #else
            return []
        #endif
    }

    /// Ends (SIGKILL) every shim under `folder` but those `keep` asks for, and waits, briefly, until
    /// they are gone.
    static func stop(under folder: String, keeping keep: (Shim) -> Bool = { _ in false }) {
        let ending = running(under: folder).filter { !keep($0) }
        for shim in ending { kill(shim.pid, SIGKILL) }
        let deadline = ContinuousClock.now + .seconds(5)
        while ending.contains(where: { ProcessLiveness.isAlive($0.pid) }), ContinuousClock.now < deadline {
            usleep(10_000)
        }
    }

    /// Whether the store at `root` records `shim`'s container as running in that very process: the
    /// store an undo put back still has the container it keeps.
    static func isKept(_ shim: Shim) -> Bool {
        let path = "\(shim.root)/containers/\(shim.container)/config.v2.json"
        guard let data = FileManager.default.contents(atPath: path),
            let record = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            let state = record["State"] as? [String: Any]
        else { return false }
        return state["Status"] as? String == "running" && (state["Pid"] as? NSNumber)?.int32Value == shim.pid
    }

    /// The names of the containers the store at `root` records as running while no process runs
    /// them: an undo put back a container that a later `stop` ended, and no undo brings a process back.
    static func stranded(in root: String) -> [String] {
        let folder = root + "/containers"
        let ids = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return ids.sorted().compactMap { id in
            guard let data = FileManager.default.contents(atPath: "\(folder)/\(id)/config.v2.json"),
                let record = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
                let state = record["State"] as? [String: Any], state["Status"] as? String == "running",
                let pid = (state["Pid"] as? NSNumber)?.int32Value, !ProcessLiveness.isAlive(pid)
            else { return nil }
            return record["Name"] as? String ?? String(id.prefix(12))
        }
    }
}
