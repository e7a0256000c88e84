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
            command wrote to its standard error is printed to standard error.
            Example: layerlab run -d --name hi busybox echo hello && layerlab logs hi
            """)
    )

    @OptionGroup var global: GlobalOptions

    @Flag(name: [.customShort("t"), .customLong("timestamps")], help: "Show timestamps.")
    var timestamps = false

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
            let shown = Int(tail).map { Array(entries.suffix($0)) } ?? entries
            for entry in shown {
                let line = (timestamps ? entry.time + " " : "") + entry.log
                let handle: FileHandle = entry.stream == "stderr" ? .standardError : .standardOutput
                handle.write(Data(line.utf8))
            }
        }
    }

    private var arguments: [String] {
        (timestamps ? ["-t"] : []) + (tail == "all" ? [] : ["--tail", tail]) + [container]
    }
}
