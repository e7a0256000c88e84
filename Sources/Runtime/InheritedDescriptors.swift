import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

#if os(Linux)
    public typealias SpawnFileActions = posix_spawn_file_actions_t
#else
    public typealias SpawnFileActions = posix_spawn_file_actions_t?
#endif

/// A process layerlab starts (a container's, a background container's shim) gets its three streams
/// and nothing else of layerlab's (R-B4), whatever another thread opens meanwhile without
/// close-on-exec.
public enum InheritedDescriptors {
    /// Adds to `actions` the closing, in the child, of every descriptor above 2: all at once with
    /// glibc's `posix_spawn_file_actions_addclosefrom_np` (2.34 and later), which leaves no moment
    /// for another thread's new descriptor to slip through; else each one open now.
    public static func closeAll(in actions: inout SpawnFileActions) {
        #if os(Linux)
            if let closeFrom {
                _ = closeFrom(&actions, 3)
                return
            }
        #endif
        // Closing one that another thread closed meanwhile is no error (glibc ignores EBADF here).
        for descriptor in open() where descriptor > 2 { posix_spawn_file_actions_addclose(&actions, descriptor) }
    }

    /// The descriptors open in this process now (Linux's `/proc/self/fd`; elsewhere the first 256,
    /// as closing one that is not open is no error).
    static func open() -> [Int32] {
        #if os(Linux)
            if let names = try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd") {
                return names.compactMap { Int32($0) }
            }
        #endif
        return Array(0..<256)
    }

    #if os(Linux)
        private typealias CloseFrom = @convention(c) (UnsafeMutablePointer<SpawnFileActions>, Int32) -> Int32
        /// Swift's Glibc module does not show it (it is a GNU extension): looked up by name.
        private static let closeFrom: CloseFrom? = dlsym(
            dlopen(nil, RTLD_NOW), "posix_spawn_file_actions_addclosefrom_np"
        ).map { unsafeBitCast($0, to: CloseFrom.self) }
    #endif
}
