import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The store's `tmp/`, where commands stage what they are still working on, and where the next
/// command's recovery removes what an interrupted one left (R-S5).
///
/// A folder used while the store is not locked (a pull's downloads, an overlay run's mounts) is
/// leased: `tmp/<name>.lease` is held with `flock` for as long as the folder is in use. Recovery in
/// another process removes only what no live lease covers, so opening the store while a pull
/// downloads, or while a container runs on the kernel's overlayfs, takes nothing from under them.
public struct TemporaryArea: Sendable {
    /// The `tmp/` folder.
    public let root: String
    /// The store's lock: leases are taken under it (shared), and recovery runs under it (exclusive),
    /// so recovery never sees a lease half made.
    let lockFile: String

    init(root: String, lockFile: String) {
        self.root = root
        self.lockFile = lockFile
    }

    /// A new folder `tmp/<prefix>-<random>` with its lease held until ``LeasedFolder/release()``.
    public func lease(_ prefix: String) throws(StoreError) -> LeasedFolder {
        let lock = try StoreLock(path: lockFile, mode: .shared)
        let name = "\(prefix)-\(String(UInt64.random(in: 0...UInt64.max), radix: 36))"
        let leaseFile = "\(root)/\(name).lease"
        let descriptor = open(leaseFile, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw .io("cannot create lease", path: leaseFile, errno: errno) }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0, mkdir("\(root)/\(name)", 0o700) == 0 else {
            let code = errno
            close(descriptor)
            unlink(leaseFile)
            throw .io("cannot lease a staging folder", path: "\(root)/\(name)", errno: code)
        }
        _ = consume lock
        return LeasedFolder(path: "\(root)/\(name)", leaseFile: leaseFile, descriptor: descriptor)
    }

    /// The entries of `tmp/` no live lease covers: what recovery may unmount and remove. Called
    /// with the store locked exclusively.
    func staleEntries() -> [String] {
        let names = FileSystem.list(root)
        let held = Set(
            names.filter { $0.hasSuffix(".lease") && Self.isHeld(root + "/" + $0) }.map { String($0.dropLast(6)) })
        return names.filter { name in !held.contains(name.hasSuffix(".lease") ? String(name.dropLast(6)) : name) }
    }

    /// Whether another open file holds the lease: the lock cannot be taken without waiting.
    private static func isHeld(_ leaseFile: String) -> Bool {
        let descriptor = open(leaseFile, O_RDWR | O_CLOEXEC)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        return flock(descriptor, LOCK_EX | LOCK_NB) != 0 && errno == EWOULDBLOCK
    }
}

/// A folder of the store's `tmp/` that a command is using; see ``TemporaryArea``.
public final class LeasedFolder: Sendable {
    public let path: String
    private let leaseFile: String
    /// The lease's open file, until released.
    private let descriptor: Mutex<Int32?>

    init(path: String, leaseFile: String, descriptor: Int32) {
        self.path = path
        self.leaseFile = leaseFile
        self.descriptor = Mutex(descriptor)
    }

    /// Removes the folder, then gives the lease up. Calling it again does nothing.
    public func release() {
        descriptor.withLock { descriptor in
            guard let open = descriptor else { return }
            try? FileManager.default.removeItem(atPath: path)
            unlink(leaseFile)
            close(open)
            descriptor = nil
        }
    }

    deinit { release() }
}
