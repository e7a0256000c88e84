// Source: https://github.com/opencontainers/distribution-spec/blob/main/spec.md#pulling-manifests
/// The grammars of the names a registry turns into paths: repository names, tags and upload IDs.
/// Each is checked before it touches disk (R-S3, R-E1).
public enum RepositoryName {
    /// `[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*(\/[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*)*`, at most 255 characters.
    public static func isValid(_ name: String) -> Bool {
        guard !name.isEmpty, name.utf8.count <= 255 else { return false }
        return name.split(separator: "/", omittingEmptySubsequences: false).allSatisfy(isComponent)
    }

    /// One path component: alphanumeric runs joined by `.`, `_`, `__` or any number of `-`.
    static func isComponent(_ component: Substring) -> Bool {
        let bytes = Array(component.utf8)
        guard let first = bytes.first, let last = bytes.last, isAlnum(first), isAlnum(last) else { return false }
        var index = 0
        while index < bytes.count {
            if isAlnum(bytes[index]) {
                index += 1
                continue
            }
            // A separator: its run must be `.`, `_`, `__` or `-+`, between alphanumerics.
            let start = index
            while index < bytes.count, !isAlnum(bytes[index]) { index += 1 }
            let run = bytes[start..<index]
            let isSeparator =
                run == [0x2E] || run == [0x5F] || run == [0x5F, 0x5F] || run.allSatisfy { $0 == 0x2D }
            guard isSeparator else { return false }
        }
        return true
    }

    /// `[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}`.
    public static func isValidTag(_ tag: String) -> Bool {
        let bytes = Array(tag.utf8)
        guard let first = bytes.first, bytes.count <= 128, isWord(first) else { return false }
        return bytes.allSatisfy { isWord($0) || $0 == 0x2E || $0 == 0x2D }
    }

    private static func isAlnum(_ c: UInt8) -> Bool { (0x61...0x7A).contains(c) || (0x30...0x39).contains(c) }
    private static func isWord(_ c: UInt8) -> Bool { isAlnum(c) || (0x41...0x5A).contains(c) || c == 0x5F }
}
