import Foundation
import LayerlabTestSupport

/// What a user sees of one command, with only what must differ between Docker and layerlab made
/// the same: image and container IDs, ages, the padding of table columns, the program's name, and
/// the first words of an error (layerlab has no daemon, so no `Error response from daemon:`).
struct Seen: Equatable, CustomStringConvertible {
    enum Ordering {
        case asPrinted
        /// Rows after the header in any order: Docker sorts images by their creation second and
        /// lists one image's repositories in Go's map order, which changes from run to run.
        case rowsInAnyOrder
    }

    var status: Int32
    var stdout: [String]
    var stderr: [String]

    init(_ result: ProcessResult, ordering: Ordering = .asPrinted) {
        status = result.status
        stdout = result.stdoutText.split(separator: "\n", omittingEmptySubsequences: false).map {
            Self.normalize(String($0))
        }
        stderr = result.stderr.split(separator: "\n", omittingEmptySubsequences: false).map {
            Self.normalizeError(String($0))
        }
        if ordering == .rowsInAnyOrder, let header = stdout.first {
            stdout = [header] + stdout.dropFirst().sorted()
        }
    }

    var description: String {
        "exit \(status)\n--- stdout\n\(stdout.joined(separator: "\n"))\n--- stderr\n\(stderr.joined(separator: "\n"))"
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
