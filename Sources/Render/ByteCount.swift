import Foundation

/// Sizes as Docker prints them (github.com/docker/go-units): decimal units and a number of
/// significant digits, so tables and diagrams read like Docker's.
public enum ByteCount {
    private static let decimalAbbreviations = ["B", "kB", "MB", "GB", "TB", "PB", "EB", "ZB", "YB"]

    /// `units.HumanSizeWithPrecision(size, precision)`: `5.58MB` with precision 3 (`docker images`),
    /// `1.982MB` with 4 (`units.HumanSize`, as `system df` uses).
    public static func docker(_ bytes: Int64, precision: Int = 3) -> String {
        var value = Double(bytes)
        var unit = 0
        while value >= 1000 && unit < decimalAbbreviations.count - 1 {
            value /= 1000
            unit += 1
        }
        return goFormatG(value, precision: precision) + decimalAbbreviations[unit]
    }

    /// Go's `%.*g`: shortest of %e/%f with `precision` significant digits, trailing zeros removed.
    static func goFormatG(_ value: Double, precision: Int) -> String {
        var text = String(format: "%.\(precision)g", value)
        if text.contains("e") { return text }
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text
    }
}
