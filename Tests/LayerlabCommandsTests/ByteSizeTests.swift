import Testing

@testable import LayerlabCommands

/// `--max-layer-size` reads sizes as Docker reads memory sizes: binary units, any case.
@Suite struct ByteSizeTests {
    static let sizes: [(String, Int64)] = [
        ("1048576", 1_048_576), ("512m", 536_870_912), ("512MiB", 536_870_912), ("512MB", 536_870_912),
        ("16GiB", 17_179_869_184), ("1.5g", 1_610_612_736), ("2 KiB", 2048), ("7b", 7), ("1t", 1_099_511_627_776),
    ]

    @Test(arguments: sizes)
    func sizesAreBinary(text: String, bytes: Int64) {
        #expect(ByteSize.parse(text) == bytes)
    }

    @Test(arguments: ["", "lots", "12x", "-5m", "1e3", "9999999999t"])
    func anythingElseIsNoSize(text: String) {
        #expect(ByteSize.parse(text) == nil)
    }
}
