import Archive
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Applies a layer to an empty root inside a sandbox folder and checks that nothing outside the
/// root appeared or changed: the sandbox holds only the root and a canary folder whose one file
/// keeps its bytes. Whatever the layer, an error is fine; an escape stops the process.
final class LayerApplyCheck: @unchecked Sendable {
    // @unchecked: `run` holds `lock` while it uses the sandbox.
    static let shared = LayerApplyCheck()
    /// libFuzzer calls one input at a time, but tests run the corpus from several at once, and
    /// they share this sandbox: one would remove the root another was checking.
    private let lock = NSLock()

    private let sandbox: String
    private var root: String { sandbox + "/root" }
    private var canary: String { sandbox + "/outside/canary" }
    private static let canaryBytes = Array("nothing may touch this".utf8)

    private init() {
        sandbox = NSTemporaryDirectory() + "/layerlab-fuzz-apply-\(getpid())"
        try? FileManager.default.createDirectory(atPath: sandbox + "/outside", withIntermediateDirectories: true)
        precondition(
            FileManager.default.createFile(atPath: canary, contents: Data(Self.canaryBytes)),
            "cannot make the canary \(canary)")
        atexit { try? removeItem(atPath: LayerApplyCheck.shared.sandbox) }
    }

    func run(_ bytes: [UInt8]) {
        lock.lock()
        defer { lock.unlock() }
        try? removeItem(atPath: root)
        guard (try? FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: false)) != nil
        else { preconditionFailure("cannot make the fuzz root \(root)") }
        var reader = TarReader(BufferSource(bytes))
        _ = try? LayerExtractor(root: root).apply(&reader)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: sandbox))?.sorted()
        precondition(names == ["outside", "root"], "the sandbox now holds \(names ?? [])")
        let outside = try? FileManager.default.contentsOfDirectory(atPath: sandbox + "/outside")
        precondition(outside == ["canary"], "outside the root: \(outside ?? [])")
        var info = stat()
        precondition(lstat(canary, &info) == 0 && info.st_mode & S_IFMT == S_IFREG, "the canary is no longer a file")
        precondition(
            FileManager.default.contents(atPath: canary).map(Array.init) == Self.canaryBytes, "the canary changed")
    }
}
