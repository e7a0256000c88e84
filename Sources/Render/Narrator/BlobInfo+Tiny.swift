import Trace

extension BlobInfo {
    /// A compressed layer under 1 KiB: its tar headers and gzip framing can weigh more than its files,
    /// which a learner who sees "169 bytes" beside "15 bytes" asks about.
    var isTiny: Bool { size < 1024 }
}
