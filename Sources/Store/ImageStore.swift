import Foundation
import OCI
import Trace

/// The image store: configs, layers, names and blobs under one root, laid out like Docker's.
///
/// Every public operation takes the store lock, reads the state from disk, and reports what it
/// does through its ``TraceRecorder``; it returns values and never prints.
public final class ImageStore: Sendable {
    /// Where things live.
    public let layout: StoreLayout
    /// Where operations report what they do.
    public let trace: TraceRecorder
    /// The clock new images and tags are stamped with; lessons fix it (SOURCE_DATE_EPOCH).
    public let clock: @Sendable () -> Date
    /// How far untrusted input may grow (R-L1).
    public let limits: StoreLimits

    /// Opens (creating if needed) the store at `root`, and cleans what an interrupted command left
    /// (R-S5), reporting what it cleaned as a `recover` operation, then how background containers
    /// ended since the last command (an `ended` operation).
    /// - Parameter recovering: `false` leaves the cleaning to the caller: `fsck` does it inside its
    ///   own operation, so that what it cleaned is part of its report.
    /// - Throws: ``StoreError`` when the folders cannot be created.
    public init(
        root: String, trace: TraceRecorder = .disabled, clock: @escaping @Sendable () -> Date = { Date() },
        limits: StoreLimits = .default, recovering: Bool = true
    ) throws(StoreError) {
        self.layout = StoreLayout(root: root)
        self.trace = trace
        self.clock = clock
        self.limits = limits
        for folder in layout.folders { try FileSystem.makeFolder(folder) }
        chmod(root, 0o700)
        guard recovering else { return }
        try recoverLeftovers()
        try tellUntoldExits()
    }

    /// Cleans what an interrupted command left (R-S5), reporting what it cleaned as a `recover`
    /// operation: at opening, and when a container's process is found gone without a word.
    func recoverLeftovers() throws(StoreError) {
        let cleaned = try withLock(.exclusive) { () throws(StoreError) in try recover() }
        guard !cleaned.isEmpty else { return }
        // The body cannot fail; a trace that cannot be written is reported when the command ends.
        try? trace.operation(.recover) { op in
            for entry in cleaned { op.emit(.storeRecovered(entry)) }
        }
    }

    /// The default store root: `LAYERLAB_ROOT`, else `$XDG_DATA_HOME/layerlab`, else `~/.local/share/layerlab`.
    public static func defaultRoot(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let root = environment["LAYERLAB_ROOT"], !root.isEmpty { return root }
        if let data = environment["XDG_DATA_HOME"], !data.isEmpty { return data + "/layerlab" }
        return NSHomeDirectory() + "/.local/share/layerlab"
    }

    // MARK: Locking and state

    func withLock<T>(_ mode: StoreLock.Mode, _ body: () throws(StoreError) -> T) throws(StoreError) -> T {
        let lock = try StoreLock(path: layout.lockFile, mode: mode)
        let result = try body()
        _ = consume lock
        return result
    }

    /// The whole store, read; a damaged record names the way out.
    func readState() throws(StoreError) -> StoreState {
        do throws(StoreError) {
            return try StoreState(layout: layout)
        } catch {
            guard error.code == .corrupt else { throw error }
            throw StoreError(
                .corrupt, error.message + " (`layerlab fsck` finds what is damaged, `fsck --repair` removes it)",
                cause: error.cause)
        }
    }

    /// Runs `body` as a traced operation holding the lock; errors keep their ``StoreError`` type.
    func operation<T>(
        _ kind: OperationKind,
        arguments: [String],
        mode: StoreLock.Mode = .exclusive,
        _ body: (TraceOperation) throws(StoreError) -> T
    ) throws(StoreError) -> T {
        do {
            return try trace.operation(kind, arguments: arguments) { op in
                try withLock(mode) { () throws(StoreError) in try body(op) }
            }
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(.io, String(describing: error), cause: error)
        }
    }

    // MARK: Reading

    /// Every image in the store.
    public func images() throws(StoreError) -> [ImageRecord] {
        try withLock(.shared) { () throws(StoreError) in
            let state = try readState()
            return try state.images.keys.sorted().map { id throws(StoreError) in try state.record(id) }
        }
    }

    /// The image's config as stored: the bytes its ID is the digest of.
    public func configBytes(of id: Digest) throws(StoreError) -> [UInt8] {
        try withLock(.shared) { () throws(StoreError) in try FileSystem.read(layout.config(id)) }
    }

    /// Every layer in the store with the images that use it: what makes sharing visible.
    public func layers() throws(StoreError) -> [(layer: LayerRecord, usedBy: [Digest])] {
        try withLock(.shared) { () throws(StoreError) in
            let state = try readState()
            return state.layers.values.sorted { $0.chainID < $1.chainID }.map { ($0, state.users(of: $0.chainID)) }
        }
    }

    /// The image a name or ID means, as moby's `GetImage` finds it: a reference, else an ID or ID prefix.
    /// - Throws: ``StoreError/Code/noSuchImage`` with Docker's message, or ``StoreError/Code/invalidReference``.
    public func image(_ nameOrID: String) throws(StoreError) -> ImageRecord {
        try withLock(.shared) { () throws(StoreError) in
            let state = try readState()
            return try state.record(try Self.resolve(nameOrID, in: state))
        }
    }

    /// Whether `image` has other images built on it.
    public func children(of image: Digest) throws(StoreError) -> [Digest] {
        try withLock(.shared) { () throws(StoreError) in try readState().children(of: image) }
    }

    /// Resolves a name or ID to an image ID in `state`.
    static func resolve(_ nameOrID: String, in state: StoreState) throws(StoreError) -> Digest {
        switch try ImageName(parsing: nameOrID) {
        case .id(let id):
            guard state.images[id] != nil else { throw StoreError(.noSuchImage, "No such image: \(nameOrID)") }
            return id
        case .reference(let reference):
            let tagged =
                reference.digest == nil && reference.tag == nil ? reference.with(tag: Reference.defaultTag) : reference
            if let id = state.tags.image(for: tagged) { return id }
            if let id = try searchIDPrefix(nameOrID, in: state) { return id }
            throw StoreError(.noSuchImage, "No such image: \(tagged.familiarString)")
        }
    }

    /// moby's `imageStore.Search`: a unique prefix of an image ID, with or without `sha256:`.
    static func searchIDPrefix(_ text: String, in state: StoreState) throws(StoreError) -> Digest? {
        let prefix = text.hasPrefix("sha256:") ? String(text.dropFirst(7)) : text
        guard !prefix.isEmpty, Digest.isHexPrefix(prefix) else { return nil }
        let matches = state.images.keys.filter { $0.encoded.hasPrefix(prefix) }
        if matches.count > 1 {
            throw StoreError(.ambiguousImageID, "multiple IDs found with provided prefix: \(prefix)")
        }
        return matches.first
    }

    /// Decodes the config of an image arriving with `layerCount` layers, refusing one whose diff IDs
    /// do not match them one for one (R-D4).
    static func decodeConfig(_ bytes: [UInt8], source: String, layerCount: Int) throws(StoreError) -> ImageConfig {
        let config = try decodeConfig(bytes, source: source)
        guard layerCount <= maximumLayerDepth else { throw tooDeep(layerCount) }
        guard config.rootfs.diffIDs.count == layerCount else {
            throw StoreError(
                .invalidInput,
                "\(source): the config lists \(config.rootfs.diffIDs.count) diff IDs but the image has "
                    + "\(layerCount) layers")
        }
        return config
    }

    /// Decodes a config, refusing documents that would mislead the store (R-D5, R-D7).
    static func decodeConfig(_ bytes: [UInt8], source: String) throws(StoreError) -> ImageConfig {
        let config: ImageConfig
        do {
            try DuplicateKeys.check(bytes)
            config = try JSONDecoder().decode(ImageConfig.self, from: Data(bytes))
        } catch {
            throw StoreError(.invalidInput, "\(source): not a valid image config: \(error)", cause: error)
        }
        guard config.rootfs.type == "layers" else {
            throw StoreError(.invalidInput, "\(source): rootfs type \"\(config.rootfs.type)\" is not \"layers\"")
        }
        return config
    }
}

extension Digest {
    static func isHexPrefix(_ s: String) -> Bool {
        s.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
    }
}
