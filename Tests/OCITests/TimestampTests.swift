import Foundation
import OCI
import Testing

@Suite struct TimestampTests {
    @Test(arguments: [
        ("2024-01-02T03:04:05Z", 1_704_164_645.0),
        ("2024-01-02T03:04:05.5Z", 1_704_164_645.5),
        ("2024-01-02T03:04:05.123456789Z", 1_704_164_645.123456789),
        ("2024-01-02T05:04:05+02:00", 1_704_164_645.0),
        ("1970-01-01T00:00:00Z", 0),
    ])
    func rfc3339TimesParse(text: String, epoch: Double) throws {
        let date = try #require(Timestamp(rawValue: text).date)
        #expect(abs(date.timeIntervalSince1970 - epoch) < 1e-6)
    }

    @Test(arguments: ["", "2024-01-02", "2024-01-02 03:04:05Z", "2024-13-02T03:04:05", "yesterday"])
    func nonRFC3339TimesDoNotParse(text: String) {
        #expect(Timestamp(rawValue: text).date == nil)
    }

    @Test func datesAreWrittenInUTCLikeGo() {
        #expect(Timestamp(Date(timeIntervalSince1970: 1_704_164_645)).rawValue == "2024-01-02T03:04:05Z")
        #expect(Timestamp(Date(timeIntervalSince1970: 1_704_164_645.25)).rawValue == "2024-01-02T03:04:05.25Z")
    }
}
