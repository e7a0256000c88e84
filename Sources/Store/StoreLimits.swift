/// How far untrusted input may grow before the store refuses it (RELIABILITY.md R-L1).
public struct StoreLimits: Sendable, Equatable {
    /// The most bytes one layer's tar may expand to from its compressed blob: a decompression
    /// bomb (a few megabytes of gzip that expand to terabytes) is refused once it passes this,
    /// before it fills the disk. The command line's `--max-layer-size` sets it.
    public var expandedLayerBytes: Int64

    public init(expandedLayerBytes: Int64) {
        self.expandedLayerBytes = expandedLayerBytes
    }

    /// 16 GiB: above the largest layers of common images (CUDA's are a few GiB), far below a bomb's size.
    public static let `default` = StoreLimits(expandedLayerBytes: 16 << 30)
}
