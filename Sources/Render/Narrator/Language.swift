/// The languages narrations are written in: the course is Chinese, the code English.
public enum Language: String, Sendable, CaseIterable {
    case en
    case zh

    /// The language `LANG`/`LC_ALL` asks for: Chinese for `zh*`, English otherwise.
    public static func from(environment: [String: String]) -> Language {
        let locale = environment["LC_ALL"].flatMap { $0.isEmpty ? nil : $0 } ?? environment["LANG"] ?? ""
        return locale.lowercased().hasPrefix("zh") ? .zh : .en
    }
}
