/// Go's `time.ParseDuration`, which BuildKit uses for HEALTHCHECK's intervals: a sign, then numbers with units,
/// as in `300ms`, `1.5h` or `2h45m`. Units are `ns`, `us` (`µs`, `μs`), `ms`, `s`, `m` and `h`. The arithmetic
/// is Go's, in unsigned 64-bit nanoseconds, so that results agree to the nanosecond.
enum GoDuration {
    struct Failure: Error {
        var message: String
    }

    private static let units: [String: UInt64] = [
        "ns": 1, "us": 1_000, "µs": 1_000, "μs": 1_000, "ms": 1_000_000, "s": 1_000_000_000,
        "m": 60_000_000_000, "h": 3_600_000_000_000,
    ]
    private static let limit: UInt64 = 1 << 63

    static func parse(_ text: String) throws(Failure) -> Duration {
        let invalid = Failure(message: "time: invalid duration \(GoQuote.quote(text))")
        var rest = Array(text.unicodeScalars)[...]
        var negative = false
        if let sign = rest.first, sign == "-" || sign == "+" {
            negative = sign == "-"
            rest = rest.dropFirst()
        }
        if rest.elementsEqual(["0"]) { return .zero }
        if rest.isEmpty { throw invalid }
        var total: UInt64 = 0
        while !rest.isEmpty {
            guard let first = rest.first, first == "." || first.isASCIIDigit else { throw invalid }
            let wholeDigits = rest.prefix { $0.isASCIIDigit }
            rest = rest.dropFirst(wholeDigits.count)
            guard var value = leadingInteger(wholeDigits) else { throw invalid }
            var fraction: (value: UInt64, scale: Double) = (0, 1)
            var fractionDigits = 0
            if rest.first == "." {
                rest = rest.dropFirst()
                let digits = rest.prefix { $0.isASCIIDigit }
                rest = rest.dropFirst(digits.count)
                fraction = leadingFraction(digits)
                fractionDigits = digits.count
            }
            if wholeDigits.isEmpty && fractionDigits == 0 { throw invalid }
            let unitName = String(scalars: rest.prefix { $0 != "." && !$0.isASCIIDigit })
            rest = rest.dropFirst(unitName.unicodeScalars.count)
            if unitName.isEmpty { throw Failure(message: "time: missing unit in duration \(GoQuote.quote(text))") }
            guard let unit = units[unitName] else {
                throw Failure(
                    message: "time: unknown unit \(GoQuote.quote(unitName)) in duration \(GoQuote.quote(text))")
            }
            if value > limit / unit { throw invalid }
            value *= unit
            if fraction.value > 0 {
                value += UInt64(Double(fraction.value) * (Double(unit) / fraction.scale))
                if value > limit { throw invalid }
            }
            total += value
            if total > limit { throw invalid }
        }
        if negative { return .nanoseconds(total == limit ? Int64.min : -Int64(total)) }
        if total > limit - 1 { throw invalid }
        return .nanoseconds(Int64(total))
    }

    /// The digits before a period, or nil if they overflow.
    private static func leadingInteger(_ digits: ArraySlice<Unicode.Scalar>) -> UInt64? {
        var value: UInt64 = 0
        for digit in digits {
            if value > limit / 10 { return nil }
            value = value * 10 + UInt64(digit.value - 48)
            if value > limit { return nil }
        }
        return value
    }

    /// The digits after a period as an integer and the power of ten to divide it by; digits past what fits in
    /// 63 bits are ignored.
    private static func leadingFraction(_ digits: ArraySlice<Unicode.Scalar>) -> (value: UInt64, scale: Double) {
        var value: UInt64 = 0
        var scale = 1.0
        for digit in digits {
            if value > (limit - 1) / 10 { break }
            let next = value * 10 + UInt64(digit.value - 48)
            if next > limit { break }
            value = next
            scale *= 10
        }
        return (value, scale)
    }
}
