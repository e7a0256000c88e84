/// The 512-byte header block of ustar (POSIX.1-1988), its GNU and v7 variants, and the numeric
/// encodings of its fields.
///
/// Field offsets are POSIX `pax` "ustar Interchange Format"; the parsing rules (trim spaces and
/// NULs around octal numbers, base-256 when the first byte has its high bit set, accept a signed
/// or unsigned checksum) are Go's `archive/tar` `parser`, which Docker's reader is built on.
enum TarHeaderBlock {
    static let size = 512

    enum Field {
        static let name = 0..<100
        static let mode = 100..<108
        static let uid = 108..<116
        static let gid = 116..<124
        static let size = 124..<136
        static let mtime = 136..<148
        static let checksum = 148..<156
        static let typeflag = 156
        static let linkname = 157..<257
        static let magic = 257..<263
        static let version = 263..<265
        static let uname = 265..<297
        static let gname = 297..<329
        static let devmajor = 329..<337
        static let devminor = 337..<345
        static let prefix = 345..<500
        /// Old GNU headers keep atime and ctime where ustar has its prefix.
        static let gnuAtime = 345..<357
        static let gnuCtime = 357..<369
    }

    enum Format {
        case v7, ustar, gnu
    }

    static let ustarMagic: [UInt8] = Array("ustar\0".utf8)
    static let ustarVersion: [UInt8] = Array("00".utf8)
    static let gnuMagic: [UInt8] = Array("ustar ".utf8)
    static let gnuVersion: [UInt8] = [UInt8(ascii: " "), 0]

    static func format(of block: [UInt8]) -> Format {
        let magic = Array(block[Field.magic])
        let version = Array(block[Field.version])
        if magic == ustarMagic { return .ustar }  // ustar and pax; Go also ignores the version here
        if magic == gnuMagic && version == gnuVersion { return .gnu }
        return .v7
    }

    /// The bytes of a string field up to its first NUL.
    static func string(_ block: [UInt8], _ range: Range<Int>) -> [UInt8] {
        let field = block[range]
        if let nul = field.firstIndex(of: 0) { return Array(field[..<nul]) }
        return Array(field)
    }

    /// Parses an octal or base-256 number field, as Go's `parser.parseNumeric`.
    /// - Returns: `nil` when the field is not a number or does not fit in Int64.
    static func number(_ block: [UInt8], _ range: Range<Int>) -> Int64? {
        let field = Array(block[range])
        guard let first = field.first else { return 0 }
        if first & 0x80 != 0 {
            // GNU base-256: two's complement, big-endian, the top bit of the first byte a marker.
            let inverted: UInt8 = first & 0x40 != 0 ? 0xff : 0
            var x: UInt64 = 0
            for (i, byte) in field.enumerated() {
                var c = byte ^ inverted
                if i == 0 { c &= 0x7f }
                guard x >> 56 == 0 else { return nil }
                x = x << 8 | UInt64(c)
            }
            guard x >> 63 == 0 else { return nil }
            return inverted == 0xff ? ~Int64(x) : Int64(x)
        }
        return octal(field)
    }

    /// Parses an octal field with optional leading/trailing spaces and NULs; empty means 0.
    static func octal(_ field: [UInt8]) -> Int64? {
        let isPadding: (UInt8) -> Bool = { $0 == 0 || $0 == UInt8(ascii: " ") }
        guard let start = field.firstIndex(where: { !isPadding($0) }) else { return 0 }
        guard let end = field.lastIndex(where: { !isPadding($0) }) else { return 0 }
        var x: Int64 = 0
        for c in field[start...end] {
            guard (UInt8(ascii: "0")...UInt8(ascii: "7")).contains(c) else { return nil }
            let (shifted, overflow) = x.multipliedReportingOverflow(by: 8)
            guard !overflow else { return nil }
            x = shifted + Int64(c - UInt8(ascii: "0"))
        }
        return x
    }

    /// The unsigned and signed sums of the block with the checksum field read as spaces
    /// (historic writers used signed chars; Go accepts either).
    static func checksums(_ block: [UInt8]) -> (unsigned: Int64, signed: Int64) {
        var unsigned: Int64 = 0
        var signed: Int64 = 0
        for (i, byte) in block.enumerated() {
            let c = Field.checksum.contains(i) ? UInt8(ascii: " ") : byte
            unsigned += Int64(c)
            signed += Int64(Int8(bitPattern: c))
        }
        return (unsigned, signed)
    }

    // MARK: Writing

    /// Whether `value` fits a field of `width` bytes as octal digits plus a NUL.
    static func fitsOctal(_ value: Int64, width: Int) -> Bool {
        value >= 0 && (width - 1) * 3 >= 64 - value.leadingZeroBitCount
    }

    /// Writes `value` as zero-padded octal followed by NUL, as Go's `formatter.formatOctal`.
    static func putOctal(_ block: inout [UInt8], _ range: Range<Int>, _ value: Int64) {
        let digits = Array(String(value, radix: 8).utf8)
        let width = range.count - 1
        let padded = [UInt8](repeating: UInt8(ascii: "0"), count: max(0, width - digits.count)) + digits
        putString(&block, range, padded)
    }

    /// Writes `value` as GNU base-256, for numbers octal cannot hold (Go's `formatNumeric`).
    static func putBase256(_ block: inout [UInt8], _ range: Range<Int>, _ value: Int64) {
        var x = UInt64(bitPattern: value)
        for i in range.reversed() {
            block[i] = UInt8(truncatingIfNeeded: x)
            x >>= 8
        }
        block[range.lowerBound] |= 0x80
    }

    /// Writes a number in octal when it fits, else in base-256.
    static func putNumber(_ block: inout [UInt8], _ range: Range<Int>, _ value: Int64) {
        if fitsOctal(value, width: range.count) {
            putOctal(&block, range, value)
        } else {
            putBase256(&block, range, value)
        }
    }

    /// Copies `bytes` into the field, truncated to its width, NUL-padded.
    static func putString(_ block: inout [UInt8], _ range: Range<Int>, _ bytes: [UInt8]) {
        for (i, index) in range.enumerated() { block[index] = i < bytes.count ? bytes[i] : 0 }
    }

    /// Fills in the checksum field: six octal digits, NUL, space (what Go and GNU tar write).
    static func putChecksum(_ block: inout [UInt8]) {
        let sum = checksums(block).unsigned
        putOctal(&block, 148..<155, sum)
        block[155] = UInt8(ascii: " ")
    }
}
