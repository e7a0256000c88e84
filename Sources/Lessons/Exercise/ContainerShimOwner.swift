import Foundation
import Store

/// The process a background container's shim lives for. A workspace (a playground level, a
/// terminal exercise) names itself in its commands' environment; a shim started under it ends
/// when that process is gone. A workspace ends its shims when it closes, but a SIGKILLed
/// playground closes nothing, and its containers would run on for nobody.
public enum ContainerShimOwner {
    /// The environment variable that names the owner's pid.
    public static let variable = "LAYERLAB_SHIM_OWNER"

    /// How often, in microseconds, a shim looks whether its owner is still there.
    static let interval: useconds_t = 500_000

    /// When `environment` names an owner, watches it on a thread of its own and calls `gone` once
    /// it has ended. A pid that is not a number, or not above 1, names no owner.
    public static func watch(_ environment: [String: String], gone: @escaping @Sendable () -> Void) {
        guard let pid = environment[variable].flatMap(Int32.init), pid > 1 else { return }
        // A zombie has ended: an owner not yet reaped by its parent is gone too.
        let thread = Thread {
            while ProcessLiveness.isAlive(pid) { usleep(interval) }
            gone()
        }
        thread.name = "shim owner \(pid)"
        thread.start()
    }
}
