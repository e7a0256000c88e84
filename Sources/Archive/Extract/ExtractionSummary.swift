/// What ``LayerExtractor/apply(_:)`` did, for progress views and the narrator.
public struct ExtractionSummary: Sendable, Hashable {
    /// Entries read from the archive, including skipped ones.
    public var entries: Int = 0
    /// The layer's size as Docker counts it (moby's `directory.Size`): content bytes written to
    /// regular files, once per hard-linked file, and each symlink's target (a link's own size).
    public var bytes: Int64 = 0
    /// Device entries not created because the process may not create devices (not root).
    public var skippedDevices: Int = 0
    /// Extended attributes not set: not `user.*`, on a symlink or special file, or refused.
    public var ignoredXattrs: Int = 0

    public init() {}
}
