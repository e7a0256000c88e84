import ArgumentParser
import Foundation
import Store

/// `layerlab stop`: SIGTERM to a running container's command, then SIGKILL once the time is up.
struct Stop: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Stop one or more running containers.",
        discussion: HelpText.unwrapped(
            """
            The command is sent SIGTERM, and SIGKILL once --time seconds have passed. A container's first
            process (its PID 1) ignores a signal it has no handler for, so `sleep` and the built-in shell
            end only by SIGKILL: stop waits the whole time, and the status is 137 (128 + 9), as under Docker.
            Example: layerlab run -d --name web busybox sleep 3600 && layerlab stop -t 1 web
            """)
    )

    @OptionGroup var global: GlobalOptions

    @Option(
        name: [.customShort("t"), .customLong("time")],
        help: "Seconds to wait before killing the container.")
    var time = 10

    @Argument(help: "Containers, by name or ID.")
    var containers: [String]

    func validate() throws {
        if containers.isEmpty { throw ValidationError("\"stop\" requires at least 1 argument.") }
        if time < 0 { throw ValidationError("invalid value for --time: \(time): a number of seconds, 0 or more") }
    }

    func run() throws {
        try reportingErrors {
            let store = try global.openStore()
            try eachContainer(containers) { container in
                try store.containers.stop(container, timeout: .seconds(time))
                return container
            }
        }
    }
}
