import ArgumentParser
import Foundation

extension Layerlab {
    /// Runs the command the arguments name. Mistakes in the command line are told as the docker
    /// CLI tells them (``DockerUsageError``); everything else as the argument parser does.
    public static func main() async {
        let arguments = Array(CommandLine.arguments.dropFirst())
        do {
            var command = try parseAsRoot(arguments)
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            guard let usage = DockerUsageError(message: message(for: error), arguments: arguments) else {
                exit(withError: error)
            }
            FileHandle.standardError.write(Data((usage.text + "\n").utf8))
            Foundation.exit(usage.status)
        }
    }
}
