import ArgumentParser
import Foundation
import Lessons
import Playground

/// `layerlab playground`: the lessons as levels in a browser, on a sandbox store of their own.
struct PlaygroundCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "playground",
        abstract: "Play the lessons as levels in a browser: type commands, watch the layer graph change.",
        discussion: HelpText.unwrapped(
            """
            Starts a web app on 127.0.0.1 and prints its address. Each level starts a fresh store of its
            own (and a registry when the level needs one) in a temporary folder, removed when you stop the
            playground with Ctrl-C. Works offline: the page and every asset come from this binary.
            Example: layerlab playground --port 8080 --lang zh
            """)
    )

    @OptionGroup var source: LessonCommand.Source

    @Option(name: .long, help: "The port to listen on (0: any free port).")
    var port = 8080

    @Option(name: .long, help: "The page's language, en or zh (default: the browser's language).")
    var lang: String?

    @Option(
        name: .customLong("time-limit"),
        help: ArgumentHelp("Stop a command that runs longer than this.", valueName: "seconds"))
    var timeLimit = 60

    func run() async throws {
        try await reportingErrors {
            guard (0...65535).contains(port) else { throw ValidationError("--port must be between 0 and 65535") }
            guard timeLimit > 0 else { throw ValidationError("--time-limit must be a positive number of seconds") }
            var executor = ProcessExecutor.current
            executor.timeLimit = .seconds(timeLimit)
            let server = PlaygroundServer(
                lessons: try source.load(), executor: executor,
                configuration: .init(
                    port: port, language: try GlobalOptions.language(lang),
                    chosenLanguage: try lang.map { try GlobalOptions.language($0) },
                    commands: Layerlab.configuration.subcommands.filter { $0.configuration.shouldDisplay }
                        .map { $0._commandName },
                    flags: CommandFlags.all()))
            let serving = Task {
                try await server.run { port in
                    // Unbuffered: whoever started the playground (a test, a script) waits for this line.
                    FileHandle.standardOutput.write(
                        Data("layerlab playground: http://127.0.0.1:\(port)/  (Ctrl-C to stop)\n".utf8))
                }
            }
            // Ctrl-C or a SIGTERM stops the server, and the levels' stores and registries with it.
            let stops = [SIGINT, SIGTERM].map { number in
                signal(number, SIG_IGN)
                let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
                source.setEventHandler { serving.cancel() }
                source.resume()
                return source
            }
            defer { stops.forEach { $0.cancel() } }
            do {
                try await serving.value
            } catch is CancellationError {
                // Stopped by a signal: a normal end.
            }
        }
    }
}
