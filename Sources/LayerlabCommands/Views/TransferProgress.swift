import Foundation
import OCI
import Render
import Trace

/// Docker's per-layer lines of a pull on a terminal: every layer keeps one line, rewritten in
/// place as its status changes, with a progress bar while it downloads. (On a pipe or a file the
/// lines come from ``DockerTranscript``, one per change of status.)
final class TransferProgress: @unchecked Sendable {
    // Guarded by `lock`: trace sinks are called from the download tasks.
    private let lock = NSLock()
    private var order: [String] = []
    private var lines: [String: String] = [:]
    private var drawn = 0

    func update(_ id: String, _ step: LayerTransferStep) {
        let status = step.status.rawValue
        lock.withLock {
            if lines[id] == nil { order.append(id) }
            lines[id] =
                if case .downloadProgress(let received, let total) = step {
                    "\(id): \(status) " + Self.bar(received: received, total: total)
                } else {
                    "\(id): \(status)"
                }
            var text = drawn > 0 ? "\u{1B}[\(drawn)A" : ""
            for line in order { text += "\u{1B}[2K" + (lines[line] ?? "") + "\n" }
            drawn = order.count
            FileHandle.standardOutput.write(Data(text.utf8))
        }
    }

    /// `[=====>      ]  1.2MB/3.4MB`, as docker/cli's `JSONProgress` draws it (50 wide).
    static func bar(received: Int64, total: Int64) -> String {
        let width = 50
        let filled = total > 0 ? min(width, Int(received * Int64(width) / total)) : 0
        let amounts =
            String(repeating: " ", count: max(0, 8 - ByteCount.docker(received).count))
            + ByteCount.docker(received) + "/" + ByteCount.docker(total)
        return "[" + String(repeating: "=", count: filled) + ">" + String(repeating: " ", count: width - filled) + "] "
            + amounts
    }
}
