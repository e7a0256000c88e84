import Archive
import Builder
import Foundation
import LayerlabTestSupport
import OCI
import Runtime
import Store
import Trace
import UnionFS

/// A store with a base image, a build context folder, and the build's trace.
struct BuildFixture {
    let folder = TemporaryDirectory("builder")
    let sink = RecordingSink()
    let store: ImageStore
    let contextFolder: String

    static let epoch: Int64 = 1_700_000_000

    /// - Parameter withBusybox: the base gets the host's busybox and `/bin/sh` (for `--runtime overlay`).
    init(withBusybox: Bool = false, storeName: String = "store") throws {
        store = try ImageStore(
            root: folder.file(storeName), trace: TraceRecorder(sinks: [sink]),
            clock: { Date(timeIntervalSince1970: TimeInterval(Self.epoch)) })
        contextFolder = folder.file("context")
        try FileManager.default.createDirectory(atPath: contextFolder, withIntermediateDirectories: true)
        try Self.importBase(into: store, folder: folder, withBusybox: withBusybox)
    }

    static var hasBusybox: Bool { FileManager.default.isExecutableFile(atPath: "/bin/busybox") }

    /// `base:1`: a small root file system with `/etc/passwd` (root and app) and fixed times.
    static func importBase(into store: ImageStore, folder: TemporaryDirectory, withBusybox: Bool) throws {
        let root = folder.file("base-rootfs-\(UUID().uuidString)")
        let manager = FileManager.default
        for directory in ["bin", "etc", "tmp", "home/app"] {
            try manager.createDirectory(atPath: root + "/" + directory, withIntermediateDirectories: true)
        }
        try "root:x:0:0:root:/root:/bin/sh\napp:x:1000:1000:app:/home/app:/bin/sh\n".write(
            toFile: root + "/etc/passwd", atomically: false, encoding: .utf8)
        try "root:x:0:\napp:x:1000:\n".write(toFile: root + "/etc/group", atomically: false, encoding: .utf8)
        if withBusybox {
            try manager.copyItem(atPath: "/bin/busybox", toPath: root + "/bin/busybox")
            for applet in ["sh", "ls", "wc", "cat", "echo", "mkdir", "tr", "sed"] {
                try manager.createSymbolicLink(atPath: root + "/bin/" + applet, withDestinationPath: "busybox")
            }
        } else {
            // RUN execs /bin/sh, which must exist; the built-in shell runs in its place.
            _ = manager.createFile(
                atPath: root + "/bin/sh", contents: Data("#!placeholder\n".utf8), attributes: [.posixPermissions: 0o755]
            )
        }
        let time = Date(timeIntervalSince1970: TimeInterval(epoch))
        for path in try manager.subpathsOfDirectory(atPath: root) + [""] {
            try? manager.setAttributes([.modificationDate: time], ofItemAtPath: root + "/" + path)
        }
        try store.importImage(from: .folder(root), repository: "base:1", message: "the builder tests' base")
    }

    /// Writes a file of the context (folders made as needed).
    func write(_ path: String, _ text: String) throws {
        let full = contextFolder + "/" + path
        try FileManager.default.createDirectory(
            atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try text.write(toFile: full, atomically: false, encoding: .utf8)
    }

    /// Builds the context's Dockerfile (written from `dockerfile` when given).
    @discardableResult
    func build(
        _ dockerfile: String? = nil, tags: [String] = [], builder: BuilderKind = .classic,
        configure: (inout BuildOptions) -> Void = { _ in }
    ) throws -> BuildResult {
        if let dockerfile { try write("Dockerfile", dockerfile) }
        var options = BuildOptions()
        options.tags = tags
        options.builder = builder
        options.sourceDateEpoch = Self.epoch
        options.runtime = SimRuntime(modificationTime: TarTime(seconds: Self.epoch))
        options.io = RunIO(standardOutput: .nullDevice, standardError: .nullDevice)
        configure(&options)
        return try store.build(context: try BuildContext(folder: contextFolder), options: options)
    }

    /// The results of the steps of the builds since record `start`.
    func stepResults(since start: Int = 0) -> [BuildStepResult] {
        sink.records.dropFirst(start).compactMap {
            if case .buildStepFinished(let result) = $0.event { result } else { nil }
        }
    }

    /// The text of a file in an image, `nil` when it has none.
    func text(_ path: String, in image: Digest) throws -> String? {
        let record = try store.image(image.description)
        let view = UnionView(layers: record.layers, layout: store.layout)
        guard let entry = try view.lookup(path), entry.kind == .regular else { return nil }
        return String(decoding: try view.contents(of: entry), as: UTF8.self)
    }
}
