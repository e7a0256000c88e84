import ArgumentParser
import Foundation
import Store

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `layerlab kill`: a signal (SIGKILL unless -s says another) to a running container's command.
struct Kill: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Kill one or more running containers.",
        discussion: "Example: layerlab run -d --name web busybox sleep 3600 && layerlab kill web   (status 137)"
    )

    @OptionGroup var global: GlobalOptions

    @Option(name: .shortAndLong, help: "Signal to send to the container (KILL, TERM, INT, HUP, or a number).")
    var signal = "KILL"

    @Argument(help: "Containers, by name or ID.")
    var containers: [String]

    func validate() throws {
        if containers.isEmpty { throw ValidationError("\"kill\" requires at least 1 argument.") }
        if Self.number(of: signal) == nil { throw ValidationError("invalid signal: \(signal)") }
    }

    func run() throws {
        try reportingErrors {
            let store = try global.openStore()
            let number = Self.number(of: signal) ?? SIGKILL
            try eachContainer(containers) { container in
                try store.containers.kill(container, signal: number)
                return container
            }
        }
    }

    /// `KILL`, `SIGKILL`, `kill` or `9`: the signals a container's command can be sent here.
    static func number(of name: String) -> Int32? {
        if let number = Int32(name) { return (1...31).contains(number) ? number : nil }
        let bare = name.uppercased().hasPrefix("SIG") ? String(name.uppercased().dropFirst(3)) : name.uppercased()
        let known: [String: Int32] = [
            "HUP": SIGHUP, "INT": SIGINT, "QUIT": SIGQUIT, "KILL": SIGKILL, "USR1": SIGUSR1, "USR2": SIGUSR2,
            "TERM": SIGTERM,
        ]
        return known[bare]
    }
}
