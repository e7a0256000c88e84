/// A set of scalars: ranges of code points, possibly negated.
struct ScalarTest {
    var ranges: [ClosedRange<UInt32>]
    var negated = false

    /// Go's `.`: anything but a newline.
    static let anyButNewline = ScalarTest(ranges: [10...10], negated: true)

    static func single(_ scalar: Unicode.Scalar) -> ScalarTest {
        ScalarTest(ranges: [scalar.value...scalar.value])
    }

    func matches(_ scalar: Unicode.Scalar) -> Bool {
        ranges.contains { $0.contains(scalar.value) } != negated
    }

    /// The scalars this test does not match, as positive ranges, for `\D` inside a class.
    var complementRanges: [ClosedRange<UInt32>] {
        var result: [ClosedRange<UInt32>] = []
        var next: UInt32 = 0
        for range in ranges.sorted(by: { $0.lowerBound < $1.lowerBound }) {
            if range.lowerBound > next { result.append(next...(range.lowerBound - 1)) }
            next = max(next, range.upperBound &+ 1)
        }
        if next <= 0x10FFFF { result.append(next...0x10FFFF) }
        return result
    }
}
