import Foundation

/// A fresh folder under the system's temporary folder, removed when the value goes away.
///
/// Tests hold one per test (Swift Testing makes a new suite value per test), so no two tests
/// share files and nothing is left behind.
public final class TemporaryDirectory: Sendable {
    /// The folder's absolute path.
    public let path: String

    public init(_ label: String = "layerlab") {
        let template = NSTemporaryDirectory() + "/\(label).XXXXXX"
        var bytes = Array(template.utf8CString)
        let made = bytes.withUnsafeMutableBufferPointer { buffer in
            buffer.baseAddress.flatMap { mkdtemp($0) } != nil
        }
        precondition(made, "mkdtemp failed: \(String(cString: strerror(errno)))")
        path = String(decoding: bytes.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }

    /// The path of `name` inside this folder.
    public func file(_ name: String) -> String { path + "/" + name }

    /// Writes `contents` to `name` (creating parent folders) and returns its path.
    @discardableResult
    public func write(_ name: String, _ contents: String) throws -> String {
        let target = file(name)
        try FileManager.default.createDirectory(
            atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(contents.utf8).write(to: URL(fileURLWithPath: target))
        return target
    }
}
