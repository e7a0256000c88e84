import Foundation

/// `sleep`, as busybox's: what a container runs to stay up (`run -d busybox sleep 3600`).
extension Builtins {
    static let sleepBuiltins: [String: Builtin] = ["sleep": Builtin(run: sleep)]

    /// `sleep N[smhd]...`: the durations added up, fractions allowed; `inf` sleeps until the
    /// container is stopped.
    private static func sleep(_ shell: Shell, _ invocation: Invocation) throws -> Int32 {
        guard !invocation.arguments.isEmpty else { return invocation.fail("missing operand") }
        var total = 0.0
        for argument in invocation.arguments {
            guard let seconds = Self.seconds(argument) else { return invocation.fail("invalid number '\(argument)'") }
            total += seconds
        }
        Self.pause(total)
        return 0
    }

    /// `1.5`, `2m`, `1h`, `1d`, `inf` in seconds; nil for what busybox refuses.
    static func seconds(_ text: String) -> Double? {
        let units: [Character: Double] = ["s": 1, "m": 60, "h": 3600, "d": 86400]
        var number = Substring(text)
        var unit = 1.0
        if let last = text.last, let scale = units[last], text.count > 1 {
            number = number.dropLast()
            unit = scale
        }
        if ["inf", "infinity"].contains(number.lowercased()) { return .infinity }
        guard number.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }), let value = Double(number),
            value >= 0
        else { return nil }
        return value * unit
    }

    /// Sleeps `seconds` (forever when infinite), a day at a time so that no count overflows; a
    /// signal the shell ignores does not cut it short.
    private static func pause(_ seconds: Double) {
        var left = seconds
        while left > 0 {
            let step = min(left, 86400)
            var request = timespec(tv_sec: Int(step), tv_nsec: Int((step - step.rounded(.down)) * 1e9))
            var remaining = timespec()
            while nanosleep(&request, &remaining) != 0 && errno == EINTR { request = remaining }
            if left.isFinite { left -= step }
        }
    }
}
