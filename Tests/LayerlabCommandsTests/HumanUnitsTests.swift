import Render
import Testing

@testable import LayerlabCommands

/// Cases from github.com/docker/go-units (size_test.go, duration_test.go).
@Suite struct HumanUnitsTests {
    static let sizes: [(Int64, String)] = [
        (0, "0B"), (1, "1B"), (999, "999B"), (1000, "1kB"), (1024, "1.02kB"), (5_580_000, "5.58MB"),
        (77_800_000, "77.8MB"), (1_000_000_000, "1GB"), (123_456_789_012, "123GB"), (3_000_000_000_000, "3TB"),
    ]

    @Test(arguments: sizes)
    func sizesUseDecimalUnitsWithThreeSignificantDigits(bytes: Int64, expected: String) {
        #expect(ByteCount.docker(bytes) == expected)
    }

    static let durations: [(Double, String)] = [
        (0.5, "Less than a second"), (1, "1 second"), (47, "47 seconds"), (60, "About a minute"),
        (180, "3 minutes"), (3540, "59 minutes"), (3600, "About an hour"), (7200, "2 hours"),
        (169_200, "47 hours"), (172_800, "2 days"), (1_123_200, "13 days"), (1_209_600, "2 weeks"),
        (5_184_000, "2 months"), (62_985_600, "24 months"), (63_072_000, "2 years"),
    ]

    @Test(arguments: durations)
    func durationsReadLikeDockers(seconds: Double, expected: String) {
        #expect(HumanUnits.duration(seconds) == expected)
    }

    @Test func ellipsisCutsToTheLimitWithAnEllipsis() {
        #expect(HumanUnits.ellipsis("short", 45) == "short")
        let long = "/bin/sh -c apt-get update && apt-get install -y curl ca-certificates"
        let cut = HumanUnits.ellipsis(long, 45)
        #expect(cut.count == 45)
        #expect(cut.hasSuffix("…"))
    }
}

@Suite struct TableTests {
    @Test func columnsArePaddedLikeGosTabwriter() {
        var table = Table(["REPOSITORY", "TAG", "SIZE"])
        table.append(["a-very-long-repository-name", "v1", "1MB"])
        let lines = table.render()
        #expect(
            lines[0] == "REPOSITORY" + String(repeating: " ", count: 20) + "TAG" + String(repeating: " ", count: 7)
                + "SIZE")
        #expect(lines[1] == "a-very-long-repository-name   v1        1MB")
    }
}
