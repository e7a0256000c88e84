import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A whole-store lock between processes (R-S6): writers take it exclusively, readers shared,
/// so a reader sees the store before or after a write, never during one.
struct StoreLock: ~Copyable {
    enum Mode { case shared, exclusive }

    private let fd: Int32

    init(path: String, mode: Mode) throws(StoreError) {
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw .io("cannot open lock", path: path, errno: errno) }
        while flock(fd, mode == .exclusive ? LOCK_EX : LOCK_SH) != 0 {
            if errno == EINTR { continue }
            let code = errno
            close(fd)
            throw .io("cannot lock", path: path, errno: code)
        }
        self.fd = fd
    }

    deinit {
        flock(fd, LOCK_UN)
        close(fd)
    }
}
