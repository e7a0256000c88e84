#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The C library's `fsetxattr`, looked up at run time.
///
/// Swift's Glibc module does not include `<sys/xattr.h>`, and this module may not change the
/// package's C targets, so the function is found with `dlsym` in the already loaded C library
/// (no library is loaded; RELIABILITY R-X9 is about code from images, which this is not).
enum ExtendedAttributes {
    #if os(Linux)
        typealias SetFunction = @convention(c) (Int32, UnsafePointer<CChar>, UnsafeRawPointer?, Int, Int32) -> Int32
    #else
        typealias SetFunction =
            @convention(c) (Int32, UnsafePointer<CChar>, UnsafeRawPointer?, Int, UInt32, Int32) -> Int32
    #endif

    /// Sets `name` to `value` on an open file.
    /// - Returns: Whether the attribute was set.
    static func set(_ name: String, _ value: [UInt8], fd: Int32) -> Bool {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "fsetxattr") else { return false }
        let function = unsafeBitCast(symbol, to: SetFunction.self)
        return value.withUnsafeBytes { bytes in
            #if os(Linux)
                function(fd, name, bytes.baseAddress, bytes.count, 0) == 0
            #else
                function(fd, name, bytes.baseAddress, bytes.count, 0, 0) == 0
            #endif
        }
    }
}
