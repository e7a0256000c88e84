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
            --runtime sim (the default, anywhere) runs the command in layerlab's built-in shell, a subset of
            POSIX sh whose commands (echo, printf, cat, mkdir, touch, rm, cp, mv, ln, chmod, chown, test, env,
            cd, export, set, sh -c …) change the container's layer through the union file system.
            --runtime overlay (Linux, as root) mounts the image's layers with the kernel's overlayfs and
            runs the image's own programs in new mount, PID, UTS and IPC namespaces, chrooted into the
            merged folder.
            Example: layerlab run --name web busybox sh -c 'echo hi > /hello' && layerlab diff web
            """
    )

    @OptionGroup var global: GlobalOptions

    @Flag(name: .long, help: "Automatically remove the container when it exits.")
    var rm = false

    @Option(name: .long, help: "Where the command runs: sim (built-in shell) or overlay (kernel overlayfs, root).")
    var runtime: RuntimeKind = .sim

    @OptionGroup var options: ContainerOptions

    func run() throws {
        try reportingErrors {
            let store = try global.openStore(extraSinks: [TranscriptPrinter().sink])
            let result = try store.containers.run(options.spec, runtime: Self.runtime(runtime), io: .discarded)
            if rm { try store.containers.remove(result.container.id.value) }
            if result.exitCode != 0 { throw ExitCode(result.exitCode) }
        }
    }

    static func runtime(_ kind: RuntimeKind) -> any ContainerRuntime {
        switch kind {
        case .overlay: OverlayRuntime()
        case .sim: SimRuntime()
        }
    }
}
