import ArgumentParser
import Foundation

/// Every command's flags and options, for the playground's Tab completion: read from the
/// argument parser's own description of the command tree (what `--experimental-dump-help`
/// prints), so completion never lists a flag the parser would refuse.
enum CommandFlags {
    /// `images` → `["--all", "--digests", …, "-a", "-q"]`; a subcommand's key is its path
    /// (`system df`). Empty if the parser's description cannot be read.
    static func all() -> [String: [String]] {
        guard let command = description()?["command"] as? [String: Any] else { return [:] }
        var flags: [String: [String]] = [:]
        for child in command["subcommands"] as? [[String: Any]] ?? [] { collect(child, path: [], into: &flags) }
        return flags
    }

    private static func description() -> [String: Any]? {
        let message: String
        do {
            _ = try Layerlab.parseAsRoot(["--experimental-dump-help"])
            return nil
        } catch {
            message = Layerlab.fullMessage(for: error)
        }
        return (try? JSONSerialization.jsonObject(with: Data(message.utf8))) as? [String: Any]
    }

    private static func collect(_ command: [String: Any], path: [String], into flags: inout [String: [String]]) {
        guard let name = command["commandName"] as? String else { return }
        let key = (path + [name]).joined(separator: " ")
        var names: [String] = []
        for argument in command["arguments"] as? [[String: Any]] ?? [] where argument["kind"] as? String != "positional"
        {
            for spelling in argument["names"] as? [[String: Any]] ?? [] {
                guard let text = spelling["name"] as? String, text != "help", text != "h" else { continue }
                names.append(spelling["kind"] as? String == "short" ? "-" + text : "--" + text)
            }
        }
        flags[key] = names.sorted()
        for child in command["subcommands"] as? [[String: Any]] ?? [] {
            collect(child, path: path + [name], into: &flags)
        }
    }
}
