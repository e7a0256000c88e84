import Foundation

/// Facts about the machine that decide whether a peer or root test can run.
public enum TestEnvironment {
    /// Whether the tests run as root (kernel overlayfs, namespaces, device nodes).
    public static var isRoot: Bool { geteuid() == 0 }

    /// The absolute path of `tool` on `PATH`, or `nil`.
    public static func which(_ tool: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for folder in path.split(separator: ":") {
            let candidate = "\(folder)/\(tool)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// Whether `tool` is on `PATH`; tests use it in `.enabled(if:)` so a skip says why.
    public static func has(_ tool: String) -> Bool { which(tool) != nil }
}
