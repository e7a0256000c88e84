/// Go's `path.Clean` and `path.Dir` for slash-separated paths, which patternmatcher applies to patterns and
/// paths before comparing them.
enum GoPath {
    /// The shortest equivalent path by lexical processing: repeated slashes collapsed, `.` elements removed,
    /// `..` elements resolved against the element before them where there is one. Empty becomes `.`.
    static func clean(_ path: String) -> String {
        if path.isEmpty { return "." }
        let rooted = path.hasPrefix("/")
        var elements: [Substring] = []
        var leadingParents = 0
        for element in path.split(separator: "/", omittingEmptySubsequences: true) {
            switch element {
            case ".":
                continue
            case "..":
                if !elements.isEmpty {
                    elements.removeLast()
                } else if !rooted {
                    leadingParents += 1
                }
            default:
                elements.append(element)
            }
        }
        let parts = Array(repeating: "..", count: leadingParents) + elements.map(String.init)
        let joined = parts.joined(separator: "/")
        if rooted { return "/" + joined }
        return joined.isEmpty ? "." : joined
    }

    /// Everything but the last element, cleaned: `a/b/c` gives `a/b`, `c` gives `.`.
    static func directory(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return clean(String(path[...slash]))
    }
}
