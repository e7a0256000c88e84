/// Paths inside a container as its programs name them.
public enum ContainerPath {
    /// `path` made absolute against `directory` and tidied (`.`, `..`, doubled slashes) without
    /// looking at any file system; `..` at the root stays at the root. How `cd` keeps `PWD` and
    /// how `WORKDIR` resolves a relative path.
    public static func absolute(_ path: String, in directory: String) -> String {
        let start = path.hasPrefix("/") ? path : directory + "/" + path
        var components: [Substring] = []
        for component in start.split(separator: "/") {
            if component == "." { continue }
            if component == ".." {
                _ = components.popLast()
            } else {
                components.append(component)
            }
        }
        return "/" + components.joined(separator: "/")
    }
}
