/// Standard base64 (RFC 4648 §4), for libarchive's `LIBARCHIVE.xattr.*` PAX values; kept here
/// so the module needs no Foundation.
enum Base64 {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    /// Decodes with or without `=` padding; `nil` for any other character.
    static func decode(_ text: [UInt8]) -> [UInt8]? {
        var table = [UInt8](repeating: 0xff, count: 256)
        for (i, c) in alphabet.enumerated() { table[Int(c)] = UInt8(i) }
        var output: [UInt8] = []
        var accumulator: UInt32 = 0
        var bits = 0
        for c in text where c != UInt8(ascii: "=") {
            let value = table[Int(c)]
            guard value != 0xff else { return nil }
            accumulator = accumulator << 6 | UInt32(value)
            bits += 6
            if bits >= 8 {
                bits -= 8
                output.append(UInt8(truncatingIfNeeded: accumulator >> UInt32(bits)))
            }
        }
        return output
    }
}
