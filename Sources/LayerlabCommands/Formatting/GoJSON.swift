import Foundation

/// JSON as Go's `encoding/json` writes it, for output that must read as Docker's: object keys in
/// the order given (a Go struct's field order), `json.MarshalIndent`'s layout (`"Key": value`,
/// `[]` and `{}` when empty), and U+2028 and U+2029 escaped; `<`, `>` and `&` stay as they are,
/// as in what the docker CLI re-encodes (inspect, a template's `json`).
indirect enum GoJSON: Equatable {
    case null
    case bool(Bool)
    /// A number as its text (Go writes integers without a fraction).
    case number(String)
    case string(String)
    case array([GoJSON])
    case object([(key: String, value: GoJSON)])

    static func == (left: GoJSON, right: GoJSON) -> Bool { left.indented() == right.indented() }

    /// A value `JSONSerialization` read; a map's keys come out sorted, as Go sorts a map's.
    init(_ value: Any?) {
        switch value {
        case nil, is NSNull: self = .null
        case let string as String: self = .string(string)
        case let number as NSNumber where String(cString: number.objCType) == "c": self = .bool(number.boolValue)
        case let number as NSNumber: self = .number(number.stringValue)
        case let list as [Any]: self = .array(list.map { GoJSON($0) })
        case let map as [String: Any]:
            self = .object(map.keys.sorted().map { ($0, GoJSON(map[$0])) })
        default: self = .null
        }
    }

    /// `json.MarshalIndent(value, "", indent)` with `prefix` before every line but the first.
    func indented(_ indent: String = "    ", prefix: String = "") -> String {
        let inner = prefix + indent
        switch self {
        case .null: return "null"
        case .bool(let value): return value ? "true" : "false"
        case .number(let text): return text
        case .string(let text): return Self.quoted(text)
        case .array(let items):
            guard !items.isEmpty else { return "[]" }
            let lines = items.map { inner + $0.indented(indent, prefix: inner) }
            return "[\n" + lines.joined(separator: ",\n") + "\n" + prefix + "]"
        case .object(let members):
            guard !members.isEmpty else { return "{}" }
            let lines = members.map {
                inner + Self.quoted($0.key) + ": " + $0.value.indented(indent, prefix: inner)
            }
            return "{\n" + lines.joined(separator: ",\n") + "\n" + prefix + "}"
        }
    }

    /// On one line, as docker/cli's template `json` function writes a value: no HTML escaping.
    func compact() -> String {
        switch self {
        case .null: "null"
        case .bool(let value): value ? "true" : "false"
        case .number(let text): text
        case .string(let text): Self.quoted(text)
        case .array(let items): "[" + items.map { $0.compact() }.joined(separator: ",") + "]"
        case .object(let members):
            "{"
                + members.map { Self.quoted($0.key) + ":" + $0.value.compact() }.joined(
                    separator: ",")
                + "}"
        }
    }

    /// A Go string literal as `encoding/json` writes it with HTML escaping off.
    static func quoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case "\u{2028}", "\u{2029}":
                result += String(format: "\\u%04x", scalar.value)
            case _ where scalar.value < 0x20:
                result += String(format: "\\u%04x", scalar.value)
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }
}
