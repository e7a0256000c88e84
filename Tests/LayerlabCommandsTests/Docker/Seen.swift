import Foundation
import LayerlabTestSupport
import Testing

/// What a user sees of one command, with only what must differ between Docker and layerlab made
/// the same: image and container IDs, ages, the padding of table columns, the program's name, and
/// the first words of an error (layerlab has no daemon, so no `Error response from daemon:`).
struct Seen: Equatable, CustomStringConvertible {
    enum Ordering {
        case asPrinted
        /// Rows after the header in any order: Docker sorts images by their creation second and
        /// lists one image's repositories in Go's map order, which changes from run to run.
        case rowsInAnyOrder
        /// Every line in any order: output with no header.
        case linesInAnyOrder
    }

    var status: Int32
    var stdout: [String]
    var stderr: [String]

    init(_ result: ProcessResult, ordering: Ordering = .asPrinted) {
        status = result.status
        stdout = Self.lines(result.stdoutText).map(Self.normalize)
        stderr = Self.lines(result.stderr).map(Self.normalizeError)
        switch ordering {
        case .asPrinted: break
        case .rowsInAnyOrder: stdout = Array(stdout.prefix(1)) + stdout.dropFirst().sorted()
        case .linesInAnyOrder: stdout.sort()
        }
    }

    var description: String {
        "exit \(status)\n--- stdout\n\(stdout.joined(separator: "\n"))\n--- stderr\n\(stderr.joined(separator: "\n"))"
    }

    /// The lines of `text`, split at every line feed. Deliberate: Docker ends its `Sending build
    /// context` progress line with `\r\r\n` (the progress bar's returns), layerlab with `\n`.
    static func lines(_ text: String) -> [String] {
        text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            String(String.UnicodeScalarView(line)).trimmingCharacters(in: CharacterSet(charactersIn: "\r"))
        }
    }

    static func normalize(_ line: String) -> String {
        var text = line
        for (pattern, replacement) in replacements {
            text = text.replacingOccurrences(of: pattern, with: replacement, options: .regularExpression)
        }
        // Columns are padded to their widest cell, and IDs and ages differ in width.
        return text.replacingOccurrences(of: " {2,}", with: " | ", options: .regularExpression)
            .trimmingCharacters(in: .whitespaces)
    }

    static let replacements: [(String, String)] = [
        ("\\b[0-9a-f]{64}\\b", "<id>"),
        ("\\b[0-9a-f]{12}\\b", "<id>"),
        ("(Less than a second|About a minute|About an hour|[0-9]+ (second|minute|hour)s?) ago", "<age>"),
        ("[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]+)? \\+0000 UTC", "<time>"),
        ("[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]+)?Z", "<time>"),
        // Each keeps its layers under its own root.
        ("\"[^\"]*/overlay2/", "\"<root>/overlay2/"),
        // Deliberate: layerlab is not a Docker engine and writes no docker_version.
        ("\"DockerVersion\": \"[^\"]*\"", "\"DockerVersion\": \"<version>\""),
        ("\\bdocker\\b", "layerlab"),
        // Deliberate: layerlab names the repository as Docker 25's reference parser does.
        ("repository name \\([^)]*\\) must be lowercase", "repository name must be lowercase"),
    ]

    /// Docker's errors come from the CLI (bare or `Error: `) or the daemon (`Error response from
    /// daemon: `); layerlab's all start `Error: `. The rest must be the same words.
    static func normalizeError(_ line: String) -> String {
        var text = normalize(line)
        for prefix in ["Error response from daemon: ", "Error: "] where text.hasPrefix(prefix) {
            text.removeFirst(prefix.count)
        }
        return text
    }
}

/// Fails the test unless Docker and layerlab were seen alike, naming the lines that differ.
func expectSame(
    _ seen: (docker: Seen, layerlab: Seen), _ what: String, sourceLocation: SourceLocation = #_sourceLocation
) {
    guard seen.docker != seen.layerlab else { return }
    var lines = ["\(what): Docker and layerlab differ"]
    if seen.docker.status != seen.layerlab.status {
        lines.append("exit: docker \(seen.docker.status), layerlab \(seen.layerlab.status)")
    }
    for (stream, docker, layerlab) in [
        ("stdout", seen.docker.stdout, seen.layerlab.stdout), ("stderr", seen.docker.stderr, seen.layerlab.stderr),
    ] where docker != layerlab {
        let difference = layerlab.difference(from: docker)
        for change in difference {
            switch change {
            case .remove(let offset, let line, _): lines.append("\(stream) \(offset + 1) docker:   \(line)")
            case .insert(let offset, let line, _): lines.append("\(stream) \(offset + 1) layerlab: \(line)")
            }
        }
    }
    Issue.record(Comment(rawValue: lines.joined(separator: "\n")), sourceLocation: sourceLocation)
}
