import ArgumentParser
import Dockerfile
import Foundation

/// `layerlab dockerfile parse FILE`: how Docker reads a Dockerfile, line by line.
struct DockerfileCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dockerfile",
        abstract: "Look at a Dockerfile as the builder reads it.",
        subcommands: [Parse.self]
    )

    struct Parse: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print each instruction as BuildKit's parser sees it, one s-expression a line.",
            discussion: HelpText.unwrapped(
                """
                Continuations are joined, comments dropped, JSON (exec) form recognised and flags set apart:
                `COPY --from=build /app /app` prints as (copy ["--from=build"] "/app" "/app").
                Example: layerlab dockerfile parse Dockerfile
                """)
        )

        @Argument(help: "The Dockerfile (- for standard input).")
        var file: String

        func run() throws {
            try reportingErrors {
                let text: String
                if file == "-" {
                    text = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
                } else {
                    guard let read = try? String(contentsOfFile: file, encoding: .utf8) else {
                        throw ValidationError("cannot read \(file)")
                    }
                    text = read
                }
                let parsed = try DockerfileParser.parse(text, file: (file as NSString).lastPathComponent)
                for warning in parsed.warnings {
                    FileHandle.standardError.write(Data("[warning] line \(warning.line): \(warning.short)\n".utf8))
                }
                print(parsed.dump())
                // The form above is the parser's; an instruction it cannot give meaning to is an error.
                _ = try BuildPlan(parsed)
            }
        }
    }
}
