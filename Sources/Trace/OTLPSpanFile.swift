import Foundation
import InMemoryTracing
import Tracing

/// The spans of one run, written as OpenTelemetry's OTLP/JSON (an `ExportTraceServiceRequest`,
/// as a collector's file exporter writes it), for `--trace-format otlp-json`: the same operations
/// as the JSON Lines trace, with their events, and AsyncHTTPClient's request spans under them.
///
/// IDs are random hex of OTLP's sizes (16 bytes for a trace, 8 for a span); times are
/// nanoseconds since the epoch as decimal strings, as the proto3 JSON mapping writes 64-bit
/// integers.
public final class OTLPSpanFile: Sendable {
    public let path: String
    private let collector: InMemoryTracer

    public init(path: String) {
        self.path = path
        collector = InMemoryTracer(
            idGenerator: .init(nextTraceID: { Self.randomHex(bytes: 16) }, nextSpanID: { Self.randomHex(bytes: 8) }))
    }

    /// The tracer to give the recorder and the HTTP client.
    public var tracer: any Tracer { collector }

    /// Writes every finished span to ``path``.
    /// - Throws: ``TraceError/Code/cannotWrite`` when the file cannot be written.
    public func write() throws(TraceError) {
        let spans = collector.finishedSpans.sorted {
            $0.startInstant.nanosecondsSinceEpoch < $1.startInstant.nanosecondsSinceEpoch
        }
        let document: [String: Any] = [
            "resourceSpans": [
                [
                    "resource": ["attributes": [Self.attribute("service.name", .string("layerlab"))]],
                    "scopeSpans": [
                        [
                            "scope": ["name": "layerlab", "version": String(TraceRecord.schemaVersion)],
                            "spans": spans.map(Self.span),
                        ]
                    ],
                ]
            ]
        ]
        do {
            let data = try JSONSerialization.data(withJSONObject: document, options: [.sortedKeys])
            try data.write(to: URL(fileURLWithPath: path))
        } catch {
            throw TraceError(.cannotWrite, "cannot write the OTLP trace \(path): \(error)")
        }
    }

    private static func span(_ span: FinishedInMemorySpan) -> [String: Any] {
        var result: [String: Any] = [
            "traceId": span.traceID, "spanId": span.spanID, "name": span.operationName, "kind": kind(span.kind),
            "startTimeUnixNano": String(span.startInstant.nanosecondsSinceEpoch),
            "endTimeUnixNano": String(span.endInstant.nanosecondsSinceEpoch),
            "attributes": attributes(span.attributes),
            "events": span.events.map { event in
                [
                    "name": event.name, "timeUnixNano": String(event.nanosecondsSinceEpoch),
                    "attributes": attributes(event.attributes),
                ] as [String: Any]
            },
        ]
        if let parent = span.parentSpanID { result["parentSpanId"] = parent }
        if let error = span.errors.first {
            result["status"] = ["code": 2, "message": String(describing: error.error)]
        } else if let status = span.status {
            result["status"] = ["code": status.code == .ok ? 1 : 2, "message": status.message ?? ""] as [String: Any]
        }
        return result
    }

    /// OTLP's `SpanKind` numbers.
    private static func kind(_ kind: SpanKind) -> Int {
        switch kind {
        case .server: 2
        case .client: 3
        case .producer: 4
        case .consumer: 5
        default: 1
        }
    }

    private static func attributes(_ attributes: SpanAttributes) -> [[String: Any]] {
        var result: [[String: Any]] = []
        attributes.forEach { key, value in result.append(attribute(key, value)) }
        return result.sorted { ($0["key"] as? String ?? "") < ($1["key"] as? String ?? "") }
    }

    private static func attribute(_ key: String, _ value: SpanAttribute) -> [String: Any] {
        ["key": key, "value": anyValue(value)]
    }

    /// An OTLP `AnyValue`: 64-bit integers as decimal strings, arrays as `arrayValue`.
    private static func anyValue(_ value: SpanAttribute) -> [String: Any] {
        switch value {
        case .int32(let number): ["intValue": String(number)]
        case .int64(let number): ["intValue": String(number)]
        case .double(let number): ["doubleValue": number]
        case .bool(let flag): ["boolValue": flag]
        case .string(let text): ["stringValue": text]
        case .int32Array(let numbers): array(numbers.map { .int32($0) })
        case .int64Array(let numbers): array(numbers.map { .int64($0) })
        case .doubleArray(let numbers): array(numbers.map { .double($0) })
        case .boolArray(let flags): array(flags.map { .bool($0) })
        case .stringArray(let texts): array(texts.map { .string($0) })
        default: ["stringValue": String(describing: value)]
        }
    }

    private static func array(_ values: [SpanAttribute]) -> [String: Any] {
        ["arrayValue": ["values": values.map(anyValue)]]
    }

    private static func randomHex(bytes: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<bytes).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
    }
}
