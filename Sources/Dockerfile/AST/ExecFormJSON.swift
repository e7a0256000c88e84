/// What BuildKit's `parseJSON` makes of an instruction's arguments.
enum ExecFormJSON: Equatable {
    /// A JSON array of strings: the exec form.
    case strings([String])
    /// Valid JSON array holding something other than strings, which BuildKit rejects outright.
    case notStringArray
    /// Not a JSON array at all (or one Go's decoder refuses), which BuildKit treats as shell form instead.
    case notJSON

    /// Parses `text` the way `json.Unmarshal` into `[]any` does, after BuildKit's check for a leading `[`.
    static func parse(_ text: String) -> ExecFormJSON {
        let trimmed = Array(text.unicodeScalars.droppingLeadingGoSpace())
        guard trimmed.first == "[" else { return .notJSON }
        var reader = GoJSONReader(trimmed)
        guard let value = reader.document() else { return .notJSON }
        guard case .array(let items) = value else { return .notJSON }
        var strings: [String] = []
        for item in items {
            guard case .string(let string) = item else { return .notStringArray }
            strings.append(string)
        }
        return .strings(strings)
    }
}
