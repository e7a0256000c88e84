import Foundation

/// Docker's human-readable durations (github.com/docker/go-units), so tables read as Docker's do;
/// sizes are Render's ``ByteCount``.
enum HumanUnits {
    /// `units.HumanDuration`: how long ago, in Docker's words (`About a minute`, `3 days`).
    static func duration(_ interval: TimeInterval) -> String {
        let seconds = Int(interval)
        if seconds < 1 { return "Less than a second" }
        if seconds == 1 { return "1 second" }
        if seconds < 60 { return "\(seconds) seconds" }
        let minutes = Int(interval / 60)
        if minutes == 1 { return "About a minute" }
        if minutes < 60 { return "\(minutes) minutes" }
        let hours = Int(interval / 3600 + 0.5)
        if hours == 1 { return "About an hour" }
        if hours < 48 { return "\(hours) hours" }
        if hours < 24 * 7 * 2 { return "\(hours / 24) days" }
        if hours < 24 * 30 * 2 { return "\(hours / 24 / 7) weeks" }
        if hours < 24 * 365 * 2 { return "\(hours / 24 / 30) months" }
        return "\(Int(interval / 3600) / 24 / 365) years"
    }

    /// `CREATED` as Docker shows it: `3 days ago`, or `N/A` when unknown.
    static func ago(_ date: Date?, now: Date) -> String {
        guard let date else { return "N/A" }
        return duration(now.timeIntervalSince(date)) + " ago"
    }

    /// Docker's `stringutils.Ellipsis`: at most `limit` characters, the last one `…` when cut.
    static func ellipsis(_ text: String, _ limit: Int) -> String {
        guard text.count > limit else { return text }
        return String(text.prefix(limit - 1)) + "…"
    }
}
