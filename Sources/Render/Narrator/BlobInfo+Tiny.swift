import Trace

extension BlobInfo {
    /// A compressed layer under 1 KiB whose tar headers and gzip framing may weigh more than its
    /// files, which a learner who sees "169 bytes" beside "15 bytes" asks about: when the files'
    /// bytes are known, only if the blob is the larger (501 bytes of repetitive text pack into 104).
    func outweighs(files: Int64?) -> Bool { size < 1024 && (files.map { size > $0 } ?? true) }
}
