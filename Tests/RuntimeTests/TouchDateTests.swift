import Archive
import Testing

@testable import Runtime

/// `touch -d` and `-t` as busybox 1.35 reads them (checked against /bin/busybox): what a form
/// leaves out comes from the clock, which for the built-in shell is the layer's time.
@Suite struct TouchDateTests {
    /// 2026-12-06 22:04:43 UTC.
    static let now = TarTime(seconds: 1_796_594_683)

    @Test(arguments: [
        ("@0", Int64(0)), ("@-86400", -86_400), ("2020-01-02 03:04:05", 1_577_934_245),
        ("2000-02-29 23:59:59", 951_868_799), ("1969-12-31 23:59:59", -1),
        // Left out: the second, then the whole time of day, are now's.
        ("2020-01-02 03:04", 1_577_934_283), ("2021-06-07", 1_623_103_483),
    ])
    func dashDReadsBusyboxsForms(text: String, seconds: Int64) {
        #expect(TouchDate.date(text, now: Self.now) == TarTime(seconds: seconds))
    }

    @Test(arguments: [
        "", "2020", "2020-01", "2021-02-29", "2020-13-01", "2020-01-02 24:00", "2020-01-02 03", "@x", "tomorrow",
        "2021-06-07T08:09:10",
    ])
    func dashDRefusesWhatBusyboxRefuses(text: String) {
        #expect(TouchDate.date(text, now: Self.now) == nil)
    }

    @Test func dashTReadsPOSIXStamps() {
        #expect(TouchDate.stamp("202001020304.05", now: Self.now) == TarTime(seconds: 1_577_934_245))
        #expect(TouchDate.stamp("2001020304", now: Self.now) == TarTime(seconds: 1_577_934_240))
        #expect(TouchDate.stamp("6901020304", now: Self.now) == TouchDate.date("1969-01-02 03:04:00", now: Self.now))
        // No year: now's (busybox gave 2026-01-02 03:04:00 on 2026-12-06).
        #expect(TouchDate.stamp("01020304", now: Self.now) == TouchDate.date("2026-01-02 03:04:00", now: Self.now))
        for bad in ["0102030", "202001020304.5", "2020010203x4", "202013020304", "202001020304.61"] {
            #expect(TouchDate.stamp(bad, now: Self.now) == nil, "\(bad)")
        }
    }

    @Test(arguments: [Int64(0), -1, 951_868_799, 1_796_594_683, -62_135_596_800])
    func aTimeReadAsACalendarTimeGivesItBack(seconds: Int64) {
        #expect(Civil(TarTime(seconds: seconds)).time == TarTime(seconds: seconds))
    }
}
