import Foundation

/// An RFC 3339 time as written in image configs, kept as written so that re-encoding a config
/// cannot change its digest, and parsed to a date on demand.
public struct Timestamp: Codable, Hashable, Sendable, CustomStringConvertible {
    /// The text as it appears in the document.
    public let rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }

    /// The timestamp of `date`, in UTC with nanosecond precision the way Go writes it
    /// (trailing zeros of the fraction dropped).
    public init(_ date: Date) {
        let seconds = date.timeIntervalSince1970.rounded(.down)
        let nanos = Int(((date.timeIntervalSince1970 - seconds) * 1_000_000_000).rounded())
        var tm = tm()
        var t = time_t(seconds)
        gmtime_r(&t, &tm)
        var text = String(
            format: "%04d-%02d-%02dT%02d:%02d:%02d",
            Int(tm.tm_year) + 1900, Int(tm.tm_mon) + 1, Int(tm.tm_mday),
            Int(tm.tm_hour), Int(tm.tm_min), Int(tm.tm_sec)
        )
        if nanos > 0 && nanos < 1_000_000_000 {
            var fraction = String(format: "%09d", nanos)
            while fraction.hasSuffix("0") { fraction.removeLast() }
            text += "." + fraction
        }
        rawValue = text + "Z"
    }

    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    public var description: String { rawValue }

    /// The moment this timestamp names, or `nil` when it is not RFC 3339.
    public var date: Date? {
        // yyyy-mm-ddThh:mm:ss[.fraction](Z|±hh:mm)
        let bytes = Array(rawValue.utf8)
        guard bytes.count >= 20 else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for i in range {
                guard i < bytes.count, (0x30...0x39).contains(bytes[i]) else { return nil }
                value = value * 10 + Int(bytes[i] - 0x30)
            }
            return value
        }
        guard let year = number(0..<4), bytes[4] == 0x2D, let month = number(5..<7), bytes[7] == 0x2D,
            let day = number(8..<10), bytes[10] == 0x54 || bytes[10] == 0x74, let hour = number(11..<13),
            bytes[13] == 0x3A, let minute = number(14..<16), bytes[16] == 0x3A, let second = number(17..<19)
        else { return nil }
        var index = 19
        var fraction = 0.0
        if bytes[index] == 0x2E {
            index += 1
            var scale = 0.1
            while index < bytes.count, (0x30...0x39).contains(bytes[index]) {
                fraction += Double(bytes[index] - 0x30) * scale
                scale /= 10
                index += 1
            }
        }
        guard index < bytes.count else { return nil }
        var offset = 0
        switch bytes[index] {
        case 0x5A, 0x7A:
            guard index + 1 == bytes.count else { return nil }
        case 0x2B, 0x2D:
            guard index + 6 == bytes.count, let h = number(index + 1..<index + 3), bytes[index + 3] == 0x3A,
                let m = number(index + 4..<index + 6)
            else { return nil }
            offset = (h * 3600 + m * 60) * (bytes[index] == 0x2B ? 1 : -1)
        default:
            return nil
        }
        var tm = tm()
        tm.tm_year = Int32(year - 1900)
        tm.tm_mon = Int32(month - 1)
        tm.tm_mday = Int32(day)
        tm.tm_hour = Int32(hour)
        tm.tm_min = Int32(minute)
        tm.tm_sec = Int32(second)
        let epoch = timegm(&tm)
        return Date(timeIntervalSince1970: Double(epoch - offset) + fraction)
    }
}
