import Testing
import Transfer

@testable import LayerlabCommands

/// The pull progress bar as docker/cli draws it, and the ticks that feed it.
@Suite struct TransferProgressTests {
    @Test func theBarFillsFiftyColumnsWithAnArrowAndTheAmounts() {
        #expect(
            TransferProgress.bar(received: 0, total: 100) == "[>" + String(repeating: " ", count: 50)
                + "]       0B/100B")
        #expect(
            TransferProgress.bar(received: 1_500_000, total: 3_000_000)
                == "[" + String(repeating: "=", count: 25) + ">" + String(repeating: " ", count: 25) + "]    1.5MB/3MB"
        )
        #expect(
            TransferProgress.bar(received: 3_000_000, total: 3_000_000).hasPrefix(
                "[" + String(repeating: "=", count: 50) + ">]"))
    }

    @Test func ticksComeAtMostOncePerTwentieth() {
        let ticks = ProgressTicks(total: 1000)
        let reported = stride(from: 0, through: 1000, by: 10).filter { ticks.advance(to: Int64($0)) }
        #expect(reported.count == 20)
        #expect(reported.last == 1000)
    }
}
