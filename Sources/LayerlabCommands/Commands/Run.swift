import ArgumentParser
import Foundation
import Runtime
import Store
import Trace

extension RuntimeKind: ExpressibleByArgument {}

/// `layerlab run`: create a container and run its command; afterwards the container is exited.
struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Create and run a new container from an image.",
        discussion: HelpText.unwrapped(
            """
            --runtime sim (the default, anywhere) runs the command in layerlab's built-in shell, a subset of
            POSIX sh whose commands (echo, printf, cat, mkdir, touch, rm, cp, mv, ln, chmod, chown, test, env,
            cd, export, set, sh -c …) change the container's layer through the union file system.
            --runtime overlay (Linux, as root) mounts the image's layers with the kernel's overlayfs and
            runs the image's own programs in new mount, PID, UTS and IPC namespaces, chrooted into the
            merged folder.
            -d starts the command in the background, as Docker's does, and prints the container's ID: ps
            shows it Up, logs what it writes, stop and kill end it. Under --runtime overlay, -d runs the
            command to its end first.
            Example: layerlab run --name web busybox sh -c 'echo hi > /hello' && layerlab diff web
            """)
    )

    @OptionGroup var global: GlobalOptions

    @Flag(name: .long, help: "Automatically remove the container when it exits.")
    var rm = false

    @Flag(
        name: [.customShort("d"), .customLong("detach")],
        help: "Run the command in the background and print the container's ID (logs shows its output).")
    var detach = false

    @Flag(name: [.customShort("i"), .customLong("interactive")], help: "Keep STDIN open: the command reads it.")
    var interactive = false

    @Flag(
        name: [.customShort("t"), .customLong("tty")],
        help: "Accepted as Docker takes it; no terminal is allocated (the input is read as it comes).")
    var tty = false

    @Option(name: .long, help: "Where the command runs: sim (built-in shell) or overlay (kernel overlayfs, root).")
    var runtime: RuntimeKind = .sim

    @OptionGroup var options: ContainerOptions

    func run() throws {
        try reportingErrors {
            // Detached, the output goes only to the container's log, as Docker's does.
            let store = try global.openStore(extraSinks: detach ? [] : [TranscriptPrinter().sink])
            var io = RunIO.discarded
            if interactive {
                io.standardInput = .standardInput
                if runtime == .sim, isatty(0) == 1 {
                    // Docker's -it gives a live shell; the built-in one reads its script whole first.
                    FileHandle.standardError.write(Data(Self.typeThenEnd.utf8))
                }
            }
            if detach && runtime == .sim {
                try runInBackground(store)
                return
            }
            let result = try store.containers.run(
                options.spec, runtime: Self.runtime(runtime), io: io, flags: detach ? ["-d"] : [])
            if rm { try store.containers.remove(result.container.id.value) }
            // Docker prints the ID of a detached container whatever its command does next.
            if detach {
                emit(result.container.id.value)
                return
            }
            if result.exitCode != 0 { throw ExitCode(result.exitCode) }
        }
    }

    /// `run -d`: the container is created here and its command started by a shim of its own,
    /// which outlives this command; its ID is printed once it runs.
    private func runInBackground(_ store: ImageStore) throws {
        let container = try store.containers.create(options.spec, for: .run, flags: ["-d"])
        if rm { try store.containers.removeWhenEnded(container.id) }
        try BackgroundShim.start(
            container.id, root: store.layout.root, maxLayerSize: global.maxLayerSize, store: store)
        emit(container.id.value)
    }

    static let typeThenEnd =
        "layerlab: the built-in shell (--runtime sim) reads its commands whole: type them, then Ctrl-D to run them.\n"

    static func runtime(_ kind: RuntimeKind) -> any ContainerRuntime {
        switch kind {
        case .overlay: OverlayRuntime()
        case .sim: SimRuntime()
        }
    }
}
