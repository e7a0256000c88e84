import ArgumentParser
import Foundation

/// `--format`: the part of Go's text/template that docker/cli's formatting uses — `{{.Field}}`,
/// `{{json .}}`, `{{json .Field}}`, a `table` prefix for aligned columns with headers, and `\t`
/// and `\n` written as escapes.
struct OutputTemplate {
    /// One piece of the template: text as written, or a field's value.
    private enum Piece {
        case text(String)
        case field(String)
        case json(String?)
    }

    private let pieces: [Piece]
    /// `table …`: cells separated by tabs become aligned columns under headers.
    let isTable: Bool

    /// - Parameter fields: the names a template may use (`Name`, `StarCount` …).
    /// - Throws: ``TemplateError`` naming an unknown field or an unclosed `{{` (exit status 1, as
    ///   docker's template errors).
    init(_ text: String, fields: Set<String>) throws {
        var body = text
        isTable = body.hasPrefix("table")
        if isTable { body = String(body.dropFirst("table".count)).trimmingCharacters(in: .whitespaces) }
        body = body.replacingOccurrences(of: "\\t", with: "\t").replacingOccurrences(of: "\\n", with: "\n")
        var pieces: [Piece] = []
        var rest = body[...]
        while let open = rest.range(of: "{{") {
            if open.lowerBound > rest.startIndex { pieces.append(.text(String(rest[..<open.lowerBound]))) }
            guard let close = rest[open.upperBound...].range(of: "}}") else {
                throw TemplateError(description: "template parsing error: unclosed action in \"\(text)\"")
            }
            let action = rest[open.upperBound..<close.lowerBound].trimmingCharacters(in: .whitespaces)
            if action == "json ." {
                pieces.append(.json(nil))
            } else if action.hasPrefix("json .") {
                let name = String(action.dropFirst("json .".count))
                guard fields.contains(name) else { throw Self.unknown(name) }
                pieces.append(.json(name))
            } else if action.hasPrefix(".") {
                let name = String(action.dropFirst())
                guard fields.contains(name) else { throw Self.unknown(name) }
                pieces.append(.field(name))
            } else {
                throw TemplateError(description: "template parsing error: function \"\(action)\" not defined")
            }
            rest = rest[close.upperBound...]
        }
        if !rest.isEmpty { pieces.append(.text(String(rest))) }
        self.pieces = pieces
    }

    private static func unknown(_ name: String) -> TemplateError {
        TemplateError(description: "template: can't evaluate field \(name): use one of the fields the command lists")
    }

    /// The names the template uses, in order: a table's headers come from them.
    var fieldNames: [String] {
        pieces.compactMap { if case .field(let name) = $0 { name } else { nil } }
    }

    /// One line for a value whose fields are `values` and whose JSON form is `json`.
    func render(_ values: [String: String], json: [String: Any]) -> String {
        pieces.map { piece in
            switch piece {
            case .text(let text): return text
            case .field(let name): return values[name] ?? ""
            case .json(let name?):
                return Self.encode(json[name] ?? NSNull())
            case .json(nil):
                // docker/cli's row contexts marshal themselves with Go's defaults, which escape
                // `<`, `>` and `&`; its template `json` function does not.
                return Self.goEscaped(Self.encode(json))
            }
        }.joined()
    }

    private static func encode(_ value: Any) -> String {
        if let go = value as? GoJSON { return go.compact() }
        guard JSONSerialization.isValidJSONObject([value]),
            let data = try? JSONSerialization.data(
                withJSONObject: [value], options: [.sortedKeys, .withoutEscapingSlashes])
        else { return "null" }
        return String(String(decoding: data, as: UTF8.self).dropFirst().dropLast())
    }

    /// Go's `encoding/json` escapes `<`, `>` and `&` inside strings (`"\u003cnone\u003e"`); in
    /// JSON text they appear nowhere else.
    static func goEscaped(_ json: String) -> String {
        json.replacingOccurrences(of: "<", with: "\\u003c").replacingOccurrences(of: ">", with: "\\u003e")
            .replacingOccurrences(of: "&", with: "\\u0026")
    }

    /// Lines for all `rows`: a table aligned under `headers` (by field name), else one line each.
    func lines(_ rows: [([String: String], [String: Any])], headers: [String: String]) -> [String] {
        let rendered = rows.map { render($0.0, json: $0.1) }
        guard isTable else { return rendered }
        var table = Table(fieldNames.map { headers[$0] ?? $0.uppercased() })
        for line in rendered { table.append(line.components(separatedBy: "\t")) }
        return table.render()
    }
}

/// A `--format` template that cannot be used, as docker reports it: a plain error, exit status 1.
struct TemplateError: Error, CustomStringConvertible {
    var description: String
}
