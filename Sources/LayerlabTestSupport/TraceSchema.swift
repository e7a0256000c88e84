import Foundation

/// The trace record schema in the repository, and its check by a real JSON Schema validator
/// (python3-jsonschema, through `scripts/validate-trace.py`).
public enum TraceSchema {
    /// The checkout's root, found from this file's place in it.
    static var checkout: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
    }

    /// `Sources/Trace/Schema/trace-record.schema.json`.
    public static var path: String {
        checkout.appendingPathComponent("Sources/Trace/Schema/trace-record.schema.json").path
    }

    static let python = "/usr/bin/python3"

    /// Whether Debian's python3 with python3-jsonschema is there (`make test` installs both).
    public static var canValidate: Bool {
        guard FileManager.default.isExecutableFile(atPath: python) else { return false }
        return (try? runTool(python, ["-c", "import jsonschema"], expectSuccess: false))?.status == 0
    }

    /// Validates every record of `traces`: status 0 and `N records valid` when all pass, status 1
    /// and a `FILE:LINE: …` line for each refused record otherwise.
    public static func validate(_ traces: [String]) throws -> ProcessResult {
        try runTool(
            python, [checkout.appendingPathComponent("scripts/validate-trace.py").path, path] + traces,
            expectSuccess: false)
    }
}
