import Archive

/// The times `touch -d DATE` and `touch -t STAMP` take, read as busybox reads them, in UTC: the
/// zone of a container that names none. What a form leaves out comes from `now` (busybox takes
/// the clock's; the built-in shell's clock is the layer's time).
enum TouchDate {
    /// `-d`: `@SECONDS`, `YYYY-MM-DD` (at now's time of day) or `YYYY-MM-DD hh:mm[:ss]` (at
    /// now's second when none is given).
    static func date(_ text: String, now: TarTime) -> TarTime? {
        if text.hasPrefix("@") { return Int64(text.dropFirst()).map { TarTime(seconds: $0) } }
        let halves = text.split(separator: " ").map(String.init)
        guard (1...2).contains(halves.count) else { return nil }
        let day = halves[0].split(separator: "-", omittingEmptySubsequences: false).map { Int($0) }
        guard day.count == 3, let year = day[0], let month = day[1], let date = day[2] else { return nil }
        let clock = Civil(now)
        var time = [clock.hour, clock.minute, clock.second]
        if halves.count == 2 {
            let parts = halves[1].split(separator: ":", omittingEmptySubsequences: false).map { Int($0) }
            guard (2...3).contains(parts.count), parts.allSatisfy({ $0 != nil }) else { return nil }
            for (index, part) in parts.enumerated() { time[index] = part ?? 0 }
        }
        return Civil(year: year, month: month, day: date, hour: time[0], minute: time[1], second: time[2]).time
    }

    /// `-t`: `[[CC]YY]MMDDhhmm[.ss]`, POSIX's stamp; a two-digit year is 1969–2068, and none is
    /// now's year.
    static func stamp(_ text: String, now: TarTime) -> TarTime? {
        let (digits, seconds): (Substring, Int)
        if let dot = text.firstIndex(of: ".") {
            guard let value = Int(text[text.index(after: dot)...]), text.distance(from: dot, to: text.endIndex) == 3
            else { return nil }
            (digits, seconds) = (text[..<dot], value)
        } else {
            (digits, seconds) = (text[...], 0)
        }
        guard [8, 10, 12].contains(digits.count), digits.allSatisfy(\.isASCII), Int(digits) != nil else { return nil }
        func number(_ from: Int, _ count: Int) -> Int {
            Int(digits.dropFirst(from).prefix(count)) ?? 0
        }
        let yearDigits = digits.count - 8
        var year = yearDigits == 0 ? Civil(now).year : number(0, yearDigits)
        if yearDigits == 2 { year += year < 69 ? 2000 : 1900 }
        return Civil(
            year: year, month: number(yearDigits, 2), day: number(yearDigits + 2, 2), hour: number(yearDigits + 4, 2),
            minute: number(yearDigits + 6, 2), second: seconds
        ).time
    }
}

/// A UTC calendar time, to and from seconds since 1970 (Howard Hinnant's civil algorithms).
struct Civil: Equatable {
    var year: Int
    var month: Int
    var day: Int
    var hour: Int
    var minute: Int
    var second: Int

    init(year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int) {
        (self.year, self.month, self.day) = (year, month, day)
        (self.hour, self.minute, self.second) = (hour, minute, second)
    }

    init(_ time: TarTime) {
        let days = Int(time.seconds >= 0 ? time.seconds / 86_400 : (time.seconds - 86_399) / 86_400)
        let ofDay = Int(time.seconds - Int64(days) * 86_400)
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        self.init(
            year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month: month,
            day: dayOfYear - (153 * monthIndex + 2) / 5 + 1, hour: ofDay / 3600, minute: ofDay / 60 % 60,
            second: ofDay % 60)
    }

    /// The time, or nil when a field is out of range (the 30th of February, hour 24).
    var time: TarTime? {
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        let lengths = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        guard (1...12).contains(month), (1...lengths[month - 1]).contains(day), (0...23).contains(hour),
            (0...59).contains(minute), (0...60).contains(second)
        else { return nil }
        let shifted = month <= 2 ? year - 1 : year
        let era = (shifted >= 0 ? shifted : shifted - 399) / 400
        let yearOfEra = shifted - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        let days = era * 146_097 + dayOfEra - 719_468
        return TarTime(seconds: Int64(days) * 86_400 + Int64(hour * 3600 + minute * 60 + second))
    }
}
