import Foundation

/// The trace record schema in the repository, and its check by a real JSON Schema validator
/// (python3-jsonschema, through `scripts/validate-trace.py`).
public enum TraceSchema {
    /// The checkout's root, found from this file's place in it.
    static var checkout: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
    }

    /// `Sources/Trace/Schema/trace-record.schema.json`: a JSON Lines trace's records.
    public static var path: String { schema("trace-record") }

    /// `Sources/Trace/Schema/otlp-json-trace.schema.json`: `--trace-format otlp-json`'s file.
    public static var otlpPath: String { schema("otlp-json-trace") }

    private static func schema(_ name: String) -> String {
        checkout.appendingPathComponent("Sources/Trace/Schema/\(name).schema.json").path
    }

    static let python = "/usr/bin/python3"

    /// Whether Debian's python3 with python3-jsonschema is there (`make test` installs both).
    public static var canValidate: Bool {
        guard FileManager.default.isExecutableFile(atPath: python) else { return false }
        return (try? runTool(python, ["-c", "import jsonschema"], expectSuccess: false))?.status == 0
    }

    /// Validates every line of `traces` against `schema`: status 0 and `N records valid` when all
    /// pass, status 1 and a `FILE:LINE: …` line for each refused record otherwise.
    public static func validate(_ traces: [String], against schema: String = path) throws -> ProcessResult {
        try runTool(
            python, [checkout.appendingPathComponent("scripts/validate-trace.py").path, schema] + traces,
            expectSuccess: false)
    }
}
