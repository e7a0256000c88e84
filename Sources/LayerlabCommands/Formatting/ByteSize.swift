import Foundation

/// A size as the command line takes it: `16GiB`, `512m`, `1048576`. Units are binary and
/// case-insensitive, with or without `b` or `ib` (`k`, `kb`, `kib` are all 1,024 bytes), as
/// Docker reads memory sizes (go-units' `RAMInBytes`).
enum ByteSize {
    /// The bytes `text` names, or `nil` when it is not a size.
    static func parse(_ text: String) -> Int64? {
        let lowered = text.lowercased().trimmingCharacters(in: .whitespaces)
        let digits = lowered.prefix { $0.isNumber || $0 == "." }
        guard let number = Double(digits), number >= 0 else { return nil }
        var unit = String(lowered.dropFirst(digits.count)).trimmingCharacters(in: .whitespaces)
        for suffix in ["ib", "b"] where unit.hasSuffix(suffix) && unit.count > suffix.count {
            unit.removeLast(suffix.count)
            break
        }
        let shifts: [String: Int] = ["": 0, "b": 0, "k": 10, "m": 20, "g": 30, "t": 40]
        guard let shift = shifts[unit] else { return nil }
        let bytes = number * Double(Int64(1) << shift)
        guard bytes < Double(Int64.max) else { return nil }
        return Int64(bytes)
    }
}
