import Foundation
import OCI
import Render
import Synchronization
import Trace

/// Prints a command's ``DockerTranscript`` as its trace records arrive, unbuffered, so that a
/// container's output and the command's own lines interleave as they happen. On a terminal the
/// layers of a pull are drawn by ``TransferProgress`` instead, each keeping one line with its bar.
final class TranscriptPrinter: Sendable {
    private let transcript: Mutex<DockerTranscript>
    private let progress: TransferProgress?

    init(quiet: Bool = false, isTerminal: Bool = isatty(STDOUT_FILENO) == 1) {
        transcript = Mutex(DockerTranscript(quiet: quiet))
        progress = isTerminal && !quiet ? TransferProgress() : nil
    }

    /// The sink to open the store with.
    var sink: ClosureSink {
        ClosureSink { [self] record in
            if let progress, case .pullLayer(let digest, let step, _) = record.event {
                progress.update(digest.shortID, step)
                return
            }
            Self.write(transcript.withLock { Self.output(for: record, in: &$0) })
        }
    }

    /// What `record` prints: the command line's own tables (`search`) here, the rest from
    /// `transcript`. Live and `trace replay` both print through this.
    static func output(for record: TraceRecord, in transcript: inout DockerTranscript) -> [DockerTranscript.Output] {
        if case .searchListed(let listing) = record.event {
            let lines = (try? SearchView.lines(listing)) ?? []
            return lines.map(DockerTranscript.Output.line)
        }
        return transcript.output(for: record)
    }

    /// Prints the transcript's closing lines.
    func finish() {
        Self.write(transcript.withLock { $0.finish() })
    }

    static func write(_ outputs: [DockerTranscript.Output]) {
        for output in outputs {
            let handle: FileHandle = output.stream == .standardError ? .standardError : .standardOutput
            handle.write(Data(output.bytes))
        }
    }
}
