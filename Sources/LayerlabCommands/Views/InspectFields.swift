import Foundation

/// Every field of an inspect document by its dotted path (`RootFS.Layers`), as Go's template
/// prints it (`{{.Size}}`) and as a JSON value (`{{json .RootFS}}`).
struct InspectFields {
    var text: [String: String] = [:]
    var json: [String: Any] = [:]

    init(_ document: GoJSON) {
        add(document, path: "")
    }

    /// The fields that are Go `time.Time` values, which a template prints in Go's own layout.
    static let timeFields: Set<String> = ["Metadata.LastTagTime"]

    private mutating func add(_ value: GoJSON, path: String) {
        if !path.isEmpty {
            text[path] = Self.goText(value)
            if Self.timeFields.contains(path), case .string(let time) = value { text[path] = Self.goTime(time) }
            json[path] = value
        }
        if case .object(let members) = value {
            for (key, child) in members { add(child, path: path.isEmpty ? key : path + "." + key) }
        }
    }

    /// Go's `time.Time.String()` of an RFC 3339 time in UTC: `2024-01-02 03:04:05.5 +0000 UTC`.
    static func goTime(_ rfc3339: String) -> String {
        guard rfc3339.hasSuffix("Z") else { return rfc3339 }
        return rfc3339.dropLast().replacingOccurrences(of: "T", with: " ") + " +0000 UTC"
    }

    /// Go's `%v`: strings bare, lists as `[a b]`, maps as `map[k:v]`, null as `<nil>`.
    static func goText(_ value: GoJSON) -> String {
        switch value {
        case .string(let string): string
        case .bool(let bool): bool ? "true" : "false"
        case .number(let text): text
        case .array(let list): "[" + list.map(goText).joined(separator: " ") + "]"
        case .object(let members): "map[" + members.map { "\($0.key):\(goText($0.value))" }.joined(separator: " ") + "]"
        case .null: "<nil>"
        }
    }
}
