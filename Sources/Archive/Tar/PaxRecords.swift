/// POSIX `pax` extended header records: `"%d %s=%s\n"` where the decimal length counts the
/// whole record including itself (IEEE 1003.1-2017, pax, "pax Extended Header").
///
/// Keys and values are kept as bytes: values of `path` and `linkpath` may be raw non-UTF-8 bytes
/// when the archive says `hdrcharset=BINARY` (GNU tar writes that for such names).
enum PaxRecords {
    /// Parses records in order; a later record for a key replaces an earlier one.
    /// - Throws: ``ArchiveError/Code/badPaxRecord`` describing the first bad record.
    static func parse(_ data: [UInt8], entryOffset: Int64) throws -> [(key: String, value: [UInt8])] {
        var records: [(key: String, value: [UInt8])] = []
        var rest = data[...]
        func bad(_ why: String) -> ArchiveError {
            ArchiveError(.badPaxRecord, "bad PAX record in extended header at byte \(entryOffset): \(why)")
        }
        // Go tolerates trailing NULs after the last record (some writers pad); so do we.
        while let first = rest.first, first != 0 {
            guard let space = rest.firstIndex(of: UInt8(ascii: " ")) else { throw bad("no length") }
            let lengthText = rest[rest.startIndex..<space]
            guard !lengthText.isEmpty, lengthText.count <= 10,
                lengthText.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }),
                let length = Int(String(decoding: lengthText, as: UTF8.self))
            else { throw bad("length is not a decimal number") }
            guard length > lengthText.count + 1, length <= rest.count else {
                throw bad("length \(length) does not fit the header")
            }
            let record = rest[rest.startIndex..<(rest.startIndex + length)]
            guard record.last == UInt8(ascii: "\n") else {
                throw bad("record of length \(length) does not end in a newline")
            }
            let body = record[(space + 1)..<(record.endIndex - 1)]
            guard let equals = body.firstIndex(of: UInt8(ascii: "=")) else { throw bad("no '=' in record") }
            let keyBytes = body[body.startIndex..<equals]
            guard !keyBytes.isEmpty, !keyBytes.contains(0) else { throw bad("empty key or NUL in key") }
            guard let key = String(validating: keyBytes, as: UTF8.self) else { throw bad("key is not UTF-8") }
            let value = Array(body[(equals + 1)...])
            records.append((key, value))
            rest = rest[record.endIndex...]
        }
        return records
    }

    /// Formats one record, finding the length that includes its own digits.
    static func format(key: String, value: [UInt8]) -> [UInt8] {
        let payload = 1 + key.utf8.count + 1 + value.count + 1  // " key=value\n"
        var length = payload + String(payload).utf8.count
        if String(length).utf8.count + payload != length { length = payload + String(length).utf8.count }
        return Array("\(length) \(key)=".utf8) + value + [UInt8(ascii: "\n")]
    }

    /// Parses a PAX time: decimal seconds with an optional fraction, possibly negative
    /// (Go's `parsePAXTime`: the fraction is truncated to nanoseconds).
    static func time(_ value: [UInt8]) -> TarTime? {
        var text = value[...]
        let isNegative = text.first == UInt8(ascii: "-")
        if isNegative { text = text.dropFirst() }
        let parts = text.split(separator: UInt8(ascii: "."), maxSplits: 1, omittingEmptySubsequences: false)
        let isDigit: (UInt8) -> Bool = { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
        guard let whole = parts.first, !whole.isEmpty, whole.count <= 18, whole.allSatisfy(isDigit),
            let seconds = Int64(String(decoding: whole, as: UTF8.self))
        else { return nil }
        var nanos: Int64 = 0
        if parts.count == 2 {
            let fraction = parts[1]
            guard !fraction.isEmpty, fraction.allSatisfy(isDigit) else { return nil }
            let nine =
                Array(fraction.prefix(9)) + [UInt8](repeating: UInt8(ascii: "0"), count: max(0, 9 - fraction.count))
            nanos = Int64(String(decoding: nine, as: UTF8.self)) ?? 0
        }
        guard isNegative else { return TarTime(seconds: seconds, nanoseconds: Int32(nanos)) }
        // -1.25 is 1.25 seconds before the epoch: seconds -2, nanoseconds 750_000_000.
        if nanos == 0 { return TarTime(seconds: -seconds) }
        return TarTime(seconds: -seconds - 1, nanoseconds: Int32(1_000_000_000 - nanos))
    }

    /// Formats a time as a PAX decimal, without a fraction when it has none.
    static func format(time: TarTime) -> [UInt8] {
        if time.nanoseconds == 0 { return Array(String(time.seconds).utf8) }
        if time.seconds >= 0 { return Array(time.description.utf8) }
        // Negative with fraction: seconds -2 + 0.75 is -1.25.
        let fraction = 1_000_000_000 - Int64(time.nanoseconds)
        let digits = String(String(fraction + 1_000_000_000).dropFirst())
        return Array("-\(-(time.seconds + 1)).\(digits)".utf8)
    }
}
