import Trace

/// One command's own records: its operations and what they emitted, without what a command
/// does first on its own account (cleaning up after an interrupted one, telling of background
/// containers that ended), which the narration tells under headings of their own.
struct CommandRecords {
    /// The command's operation: the first one it started.
    let kind: OperationKind
    let arguments: [String]
    /// Every event of the command's operations and of the operations they started, in order.
    let events: [TraceEvent]
    /// One of its operations ended with an error.
    let failed: Bool

    private static let asides: Set<OperationKind> = [.ended, .recover]
    /// The flags that take the next word as their value, of the commands whose words a gist reads.
    private static let flagsWithValues: [OperationKind: Set<String>] = [
        .commit: ["-m", "--message", "-a", "--author", "-c", "--change"],
        .login: ["-u", "--username", "-p", "--password"],
        .stop: ["-t", "--time", "-s", "--signal"],
        .kill: ["-s", "--signal"],
    ]

    init?(_ records: [TraceRecord]) {
        var kind: OperationKind?
        var arguments: [String] = []
        var events: [TraceEvent] = []
        var failed = false
        var depth = 0
        var aside = false
        for record in records {
            switch record.event {
            case .operationStarted(let started, let words):
                if depth == 0 {
                    aside = Self.asides.contains(started)
                    if !aside && kind == nil {
                        kind = started
                        arguments = words
                    }
                }
                depth += 1
            case .operationFinished(let error):
                depth = max(0, depth - 1)
                if !aside && error != nil { failed = true }
            default:
                if !aside { events.append(record.event) }
            }
        }
        guard let kind else { return nil }
        self.kind = kind
        self.arguments = arguments
        self.events = events
        self.failed = failed
    }

    /// How the container's command ended, and the bytes its own layer held then, when one of the
    /// command's operations saw it end.
    var exit: (code: Int32, layerSize: Int64?)? {
        events.lazy.compactMap { event -> (Int32, Int64?)? in
            if case .containerExited(_, let code, let size) = event { (code, size) } else { nil }
        }.first
    }

    /// The arguments that are not flags or their values: the images, containers and names.
    var positional: [String] {
        var words: [String] = []
        var skipNext = false
        for word in arguments {
            if skipNext {
                skipNext = false
            } else if word.hasPrefix("-") {
                skipNext = !word.contains("=") && Self.flagsWithValues[kind]?.contains(word) == true
            } else {
                words.append(word)
            }
        }
        return words
    }
}
