import ArgumentParser
import Foundation
import Lessons
import Runtime
import Store

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `layerlab container-shim ID`: what `run -d` starts to keep a container running in the
/// background (see ``BackgroundShim``). Not for people to type; hidden from the help.
struct ContainerShim: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "container-shim",
        abstract: "Run a container's command in the background (started by run -d).",
        shouldDisplay: false)

    @Option(name: .long, help: "The store's root folder.")
    var root: String

    @Option(name: .customLong("max-layer-size"), help: "As the command that started it was given.")
    var maxLayerSize: String?

    @Argument(help: "The container's full ID.")
    var container: String

    func run() throws {
        // A session of its own: no terminal's hang-up and no process group's signal reaches it.
        setsid()
        // The built-in shell is the container's PID 1, which the kernel shields from a signal it
        // has no handler for: `stop`'s SIGTERM changes nothing, and SIGKILL ends it (137).
        signal(SIGTERM, SIG_IGN)
        signal(SIGINT, SIG_IGN)
        // Started by a workspace's command: it ends with the workspace's process, as SIGKILL
        // would end it (the container's record is left to the store's next recovery).
        ContainerShimOwner.watch(ProcessInfo.processInfo.environment) { _exit(128 + SIGKILL) }
        var global = try GlobalOptions.parse(["--root", root])
        global.maxLayerSize = maxLayerSize
        // Exits 0 once the command ran, whatever its status (the container's record keeps that);
        // an error says why it could not run, for run -d or start to print.
        try reportingErrors {
            // No recovery: it is the next command of the learner's that tells what happened meanwhile.
            let store = try global.openStore(recovering: false)
            _ = try store.containers.start(container, runtime: SimRuntime(), io: .discarded, watched: false)
        }
    }
}
