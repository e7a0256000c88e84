import ArgumentParser
import Foundation
import Store
import Trace

/// `layerlab logs`: what a container's command wrote, from the log Docker's json-file driver keeps.
struct Logs: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Fetch the logs of a container.",
        discussion: HelpText.unwrapped(
            """
            Every run of the container's command (run, start) is kept in containers/<id>/<id>-json.log, a
            line of JSON for each line of output, as Docker's json-file log driver writes it. What the
            command wrote to its standard error is printed to standard error. -f goes on printing what a
            container running in the background writes, until its command ends.
            Example: layerlab run -d --name hi busybox sh -c 'echo hello; sleep 2; echo bye' && layerlab logs -f hi
            """)
    )

    @OptionGroup var global: GlobalOptions

    @Flag(name: [.customShort("t"), .customLong("timestamps")], help: "Show timestamps.")
    var timestamps = false

    @Flag(name: [.customShort("f"), .customLong("follow")], help: "Follow log output (until the command ends).")
    var follow = false

    @Option(
        name: [.customShort("n"), .long], help: "Number of lines to show from the end of the logs (a number or all).")
    var tail: String = "all"

    @Argument(help: "The container, by name or ID.")
    var container: String

    func validate() throws {
        guard tail == "all" || Int(tail).map({ $0 >= 0 }) == true else {
            throw ValidationError("invalid value \"\(tail)\" for --tail: a number of lines, or all")
        }
    }

    func run() throws {
        try reportingErrors {
            let store = try global.openStore()
            let entries = try store.trace.operation(.logs, arguments: arguments) { _ in
                try store.containers.logs(container).entries
            }
            LogFollower.write(Int(tail).map { Array(entries.suffix($0)) } ?? entries, timestamps: timestamps)
            if follow {
                try LogFollower.follow(container, in: store, from: entries.count) {
                    LogFollower.write($0, timestamps: timestamps)
                }
            }
        }
    }

    private var arguments: [String] {
        (timestamps ? ["-t"] : []) + (follow ? ["-f"] : []) + (tail == "all" ? [] : ["--tail", tail]) + [container]
    }
}
