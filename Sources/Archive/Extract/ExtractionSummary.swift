/// What ``LayerExtractor/apply(_:)`` did, for progress views and the narrator.
public struct ExtractionSummary: Sendable, Hashable {
    /// Entries read from the archive, including skipped ones.
    public var entries: Int = 0
    /// Content bytes written to regular files.
    public var bytes: Int64 = 0
    /// Device entries not created because the process may not create devices (not root).
    public var skippedDevices: Int = 0
    /// Extended attributes not set: not `user.*`, on a symlink or special file, or refused.
    public var ignoredXattrs: Int = 0

    public init() {}
}
