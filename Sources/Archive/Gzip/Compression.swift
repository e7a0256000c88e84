/// The compressions a layer blob can arrive in, told apart by their first bytes.
///
/// Media types can lie or be missing (`docker save` tarballs have none), so, like containerd's
/// `compression.DetectCompression` and moby's `archive.DetectCompression`, layerlab sniffs the
/// magic number.
public enum Compression: Sendable, Hashable {
    case none
    case gzip

    /// How many leading bytes ``detect(prefix:)`` wants to see.
    public static let sniffLength = 6

    /// Tells the compression of a stream from its first bytes (at least ``sniffLength`` when
    /// the stream is that long).
    /// - Throws: ``ArchiveError`` with code ``ArchiveError/Code/compression`` for zstd, bzip2 and
    ///   xz, which are real layer compressions layerlab does not read yet, rather than treating
    ///   them as a corrupt tar.
    public static func detect(prefix: [UInt8]) throws -> Compression {
        if prefix.starts(with: [0x1f, 0x8b]) { return .gzip }
        let unsupported: [(name: String, magic: [UInt8])] = [
            ("zstd", [0x28, 0xb5, 0x2f, 0xfd]),
            ("bzip2", [0x42, 0x5a, 0x68]),
            ("xz", [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]),
        ]
        for (name, magic) in unsupported where prefix.starts(with: magic) {
            throw ArchiveError(
                .compression, "unsupported compression: \(name); layerlab reads gzip-compressed and uncompressed layers"
            )
        }
        return .none
    }
}
