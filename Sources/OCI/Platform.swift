// Source: https://github.com/opencontainers/image-spec/blob/main/image-index.md#image-index-property-descriptions
/// The operating system and CPU an image runs on.
public struct Platform: Codable, Hashable, Sendable, CustomStringConvertible {
    /// The CPU architecture in Go's spelling (`amd64`, `arm64`, …).
    public var architecture: String
    /// The operating system in Go's spelling (`linux`, `windows`, …).
    public var os: String
    /// The CPU variant, such as `v8` for arm64.
    public var variant: String?
    /// The OS version (Windows only).
    public var osVersion: String?
    /// Required OS features (Windows only).
    public var osFeatures: [String]?

    enum CodingKeys: String, CodingKey {
        case architecture, os, variant
        case osVersion = "os.version"
        case osFeatures = "os.features"
    }

    public init(architecture: String, os: String, variant: String? = nil) {
        self.architecture = architecture
        self.os = os
        self.variant = variant
    }

    /// The platform of the machine layerlab runs on, in Go's spelling.
    public static var host: Platform {
        #if arch(x86_64)
            let arch = "amd64"
        #elseif arch(arm64)
            let arch = "arm64"
        #else
            let arch = "unknown"
        #endif
        #if os(macOS)
            // Images for macOS hosts are Linux images run in a VM, as with Docker Desktop.
            return Platform(architecture: arch, os: "linux")
        #else
            return Platform(architecture: arch, os: "linux")
        #endif
    }

    /// `os/architecture[/variant]`, as `--platform` takes it.
    public var description: String {
        [os, architecture, variant].compactMap { $0 }.joined(separator: "/")
    }
}

extension Platform {
    /// Parses `os/arch[/variant]`, the form `--platform` takes; `nil` for anything else.
    public init?(parsing text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 2 || parts.count == 3, !parts.contains(where: \.isEmpty) else { return nil }
        self.init(architecture: parts[1], os: parts[0], variant: parts.count == 3 ? parts[2] : nil)
    }
}
