/// One event in the order it happened, with the operation it belongs to.
///
/// Records hold no wall-clock time, so two runs of the same lesson give identical traces;
/// timing lives on the spans of the distributed-tracing bridge.
public struct TraceRecord: Codable, Sendable, Equatable {
    /// The version of the event model this record was written with. 2: a layer's pull and push
    /// steps carry typed facts (``LayerTransferStep``) instead of a text detail.
    public static let schemaVersion = 2

    /// ``schemaVersion`` at the time of writing.
    public var version: Int
    /// The position of this record in its trace, from 1.
    public var sequence: Int
    /// The operation this record belongs to, from 1.
    public var operation: Int
    /// What happened.
    public var event: TraceEvent

    public init(sequence: Int, operation: Int, event: TraceEvent) {
        self.version = Self.schemaVersion
        self.sequence = sequence
        self.operation = operation
        self.event = event
    }
}

extension Array where Element == TraceRecord {
    /// The records grouped by operation, in order. A group starts at each `operationStarted`, so
    /// traces of separate runs concatenated into one file (whose operation numbers restart at 1)
    /// still split correctly.
    public var operations: [[TraceRecord]] {
        var groups: [[TraceRecord]] = []
        for record in self {
            if case .operationStarted = record.event {
                groups.append([record])
            } else if groups.isEmpty || groups[groups.count - 1].last?.operation != record.operation {
                groups.append([record])
            } else {
                groups[groups.count - 1].append(record)
            }
        }
        return groups
    }
}
