import Synchronization
import Tracing

/// The engine's single voice: numbers events, hands them to sinks, and mirrors operations as spans.
///
/// Engine types take a recorder in `init`, as AsyncHTTPClient takes its tracer; nothing is global.
/// ``disabled`` has no sinks and no tracer, and then emitting costs one branch: the event is never built.
public final class TraceRecorder: Sendable {
    private let sinks: [any TraceSink]
    private let tracer: (any Tracer)?
    private let operations = Mutex<Int>(0)
    /// The last sequence number given. Held while the record is handed to every sink, so that
    /// numbering and delivery are one step: every sink sees the records in sequence order, also
    /// when parallel downloads emit at once. Sinks therefore must not emit events themselves.
    private let sequence = Mutex<Int>(0)

    /// A recorder that records nothing.
    public static let disabled = TraceRecorder(sinks: [], tracer: nil)

    /// - Parameters:
    ///   - sinks: where records go.
    ///   - tracer: a distributed-tracing tracer that receives one span per operation, or `nil`.
    public init(sinks: [any TraceSink], tracer: (any Tracer)? = nil) {
        self.sinks = sinks
        self.tracer = tracer
    }

    /// The distributed-tracing tracer operations become spans of, if any: give it to the HTTP
    /// client too, so that its requests are spans under them.
    public var spanTracer: (any Tracer)? { tracer }

    /// Throws the first record a sink could not keep (a full disk, a closed pipe).
    public func finish() throws(TraceError) {
        for sink in sinks { try sink.finish() }
    }

    /// Whether anything listens; when not, events are not even built.
    public var isEnabled: Bool { !sinks.isEmpty || tracer != nil }

    /// Runs `body` as one operation: an `operationStarted` record, the body's events, and an
    /// `operationFinished` record carrying the error if the body threw.
    public func operation<T>(
        _ kind: OperationKind,
        arguments: [String] = [],
        _ body: (TraceOperation) throws -> T
    ) throws -> T {
        guard isEnabled else { return try body(TraceOperation(recorder: nil, id: 0, span: nil)) }
        let id = operations.withLock { last in
            last += 1
            return last
        }
        if let tracer {
            return try tracer.withSpan(kind.rawValue) { span in
                try run(kind, arguments, id, span, body)
            }
        }
        return try run(kind, arguments, id, nil, body)
    }

    /// The asynchronous form of `operation(_:arguments:_:)`, for operations that wait on the
    /// network (pull, push): the same records, and one span around the whole body.
    public func operation<T>(
        _ kind: OperationKind,
        arguments: [String] = [],
        _ body: (TraceOperation) async throws -> T
    ) async throws -> T {
        guard isEnabled else { return try await body(TraceOperation(recorder: nil, id: 0, span: nil)) }
        let id = operations.withLock { last in
            last += 1
            return last
        }
        guard let tracer else { return try await run(kind, arguments, id, nil, body) }
        return try await tracer.withSpan(kind.rawValue) { span in
            try await run(kind, arguments, id, span, body)
        }
    }

    private func run<T>(
        _ kind: OperationKind,
        _ arguments: [String],
        _ id: Int,
        _ span: (any Span)?,
        _ body: (TraceOperation) async throws -> T
    ) async throws -> T {
        span?.attributes["layerlab.operation"] = kind.rawValue
        span?.attributes["layerlab.arguments"] = SpanAttribute.stringArray(arguments)
        let operation = TraceOperation(recorder: self, id: id, span: span)
        operation.emit(.operationStarted(kind: kind, arguments: arguments))
        do {
            let result = try await body(operation)
            operation.emit(.operationFinished(error: nil))
            return result
        } catch {
            operation.emit(.operationFinished(error: String(describing: error)))
            throw error
        }
    }

    private func run<T>(
        _ kind: OperationKind,
        _ arguments: [String],
        _ id: Int,
        _ span: (any Span)?,
        _ body: (TraceOperation) throws -> T
    ) throws -> T {
        span?.attributes["layerlab.operation"] = kind.rawValue
        span?.attributes["layerlab.arguments"] = SpanAttribute.stringArray(arguments)
        let operation = TraceOperation(recorder: self, id: id, span: span)
        operation.emit(.operationStarted(kind: kind, arguments: arguments))
        do {
            let result = try body(operation)
            operation.emit(.operationFinished(error: nil))
            return result
        } catch {
            operation.emit(.operationFinished(error: String(describing: error)))
            throw error
        }
    }

    fileprivate func deliver(_ event: TraceEvent, operation: Int) {
        sequence.withLock { last in
            last += 1
            let record = TraceRecord(sequence: last, operation: operation, event: event)
            for sink in sinks { sink.receive(record) }
        }
    }
}

/// The handle an operation's body emits its events through.
public struct TraceOperation: Sendable {
    fileprivate let recorder: TraceRecorder?
    /// The operation's number in its trace (0 when tracing is off).
    public let id: Int
    private let span: (any Span)?

    fileprivate init(recorder: TraceRecorder?, id: Int, span: (any Span)?) {
        self.recorder = recorder
        self.id = id
        self.span = span
    }

    /// Whether events emitted here go anywhere.
    public var isEnabled: Bool { recorder != nil }

    /// Records `event`; the autoclosure keeps the cost nil when tracing is off.
    public func emit(_ event: @autoclosure () -> TraceEvent) {
        guard let recorder else { return }
        let event = event()
        recorder.deliver(event, operation: id)
        span?.addEvent(SpanEvent(name: event.name, attributes: event.spanAttributes))
    }
}

extension TraceEvent {
    /// A short, stable name for span events and summaries (`layerReused`, `tagAdded`, …).
    public var name: String {
        switch self {
        case .operationStarted: "operationStarted"
        case .operationFinished: "operationFinished"
        case .blobStored: "blobStored"
        case .layerRegistered: "layerRegistered"
        case .layerReused: "layerReused"
        case .layerReleased: "layerReleased"
        case .layerDeleted: "layerDeleted"
        case .imageCreated: "imageCreated"
        case .imageReused: "imageReused"
        case .imageDeleted: "imageDeleted"
        case .parentPruned: "parentPruned"
        case .tagAdded: "tagAdded"
        case .tagRemoved: "tagRemoved"
        case .rmiConflict: "rmiConflict"
        case .imageKept: "imageKept"
        case .storeSnapshot: "storeSnapshot"
        case .unionStack: "unionStack"
        case .historyListed: "historyListed"
        case .imagesListed: "imagesListed"
        case .imagesSaved: "imagesSaved"
        case .imageLoaded: "imageLoaded"
        case .containerCreated: "containerCreated"
        case .containerExited: "containerExited"
        case .containerOutput: "containerOutput"
        case .containerRemoved: "containerRemoved"
        case .containersListed: "containersListed"
        case .containerChangesListed: "containerChangesListed"
        case .objectInspected: "objectInspected"
        case .containerExported: "containerExported"
        case .unionLookup: "unionLookup"
        case .whiteoutApplied: "whiteoutApplied"
        case .copyUp: "copyUp"
        case .whiteoutWritten: "whiteoutWritten"
        case .buildStarted: "buildStarted"
        case .buildStepStarted: "buildStepStarted"
        case .buildTrigger: "buildTrigger"
        case .buildStepFinished: "buildStepFinished"
        case .buildFinished: "buildFinished"
        case .buildArgumentsUnused: "buildArgumentsUnused"
        case .httpExchange: "httpExchange"
        case .authStep: "authStep"
        case .searchListed: "searchListed"
        case .pullStarted: "pullStarted"
        case .pushStarted: "pushStarted"
        case .pullLayer: "pullLayer"
        case .pushLayer: "pushLayer"
        case .imagePulled: "imagePulled"
        case .imagePushed: "imagePushed"
        case .storeRecovered: "storeRecovered"
        case .storeProblem: "storeProblem"
        case .storeChecked: "storeChecked"
        }
    }
}
