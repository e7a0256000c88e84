import ArgumentParser
import Foundation
import Runtime
import Store

extension RuntimeKind: ExpressibleByArgument {}

/// `layerlab run`: create a container and run its command; afterwards the container is exited.
struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Create and run a new container from an image.",
        discussion: """
            --runtime overlay (Linux, as root) mounts the image's layers with the kernel's overlayfs and
            runs the command in new mount, PID, UTS and IPC namespaces, chrooted into the merged folder.
            Example: layerlab run --runtime overlay busybox sh -c 'echo hi > /hello' && layerlab diff <id>
            """
    )

    @OptionGroup var global: GlobalOptions

    @Flag(name: .long, help: "Automatically remove the container when it exits.")
    var rm = false

    @Option(name: .long, help: "Where the command runs: overlay (kernel overlayfs, root) or sim (built-in shell).")
    var runtime: RuntimeKind = .overlay

    @OptionGroup var options: ContainerOptions

    func run() throws {
        try reportingErrors {
            let store = try global.openStore()
            let result = try store.run(options.spec, runtime: try Self.runtime(runtime))
            if rm { try store.removeContainer(result.container.id.value) }
            if result.exitCode != 0 { throw ExitCode(result.exitCode) }
        }
    }

    static func runtime(_ kind: RuntimeKind) throws -> any ContainerRuntime {
        switch kind {
        case .overlay: return OverlayRuntime()
        case .sim:
            throw RuntimeError(
                .unavailable, "the sim runtime (built-in shell) is not available yet; use --runtime overlay")
        }
    }
}
