import Foundation

extension TestEnvironment {
    /// Whether the kernel has the overlay filesystem (`overlay` in `/proc/filesystems`); with
    /// ``isRoot`` it decides whether the kernel differential tests can mount layers.
    public static var hasOverlayFS: Bool {
        guard let text = try? String(contentsOfFile: "/proc/filesystems", encoding: .utf8) else { return false }
        return text.split(separator: "\n").contains { $0.split(whereSeparator: \.isWhitespace).last == "overlay" }
    }

    /// Whether kernel overlay tests can run here: root and overlayfs.
    public static var canMountOverlay: Bool { isRoot && hasOverlayFS }
}
