import Foundation
import Render

/// Prints narrations: coloured on a terminal, plain when piped or when `NO_COLOR` is set.
struct NarrationView: Sendable {
    let narrator: Narrator
    let colours: Bool

    init(language: Language, handle: FileHandle, environment: [String: String] = ProcessInfo.processInfo.environment) {
        narrator = Narrator(language: language)
        colours = isatty(handle.fileDescriptor) != 0 && environment["NO_COLOR"] == nil
    }

    func lines(_ narrations: [Narration]) -> [String] {
        narrations.map(line)
    }

    func line(_ narration: Narration) -> String {
        let (marker, colour): (String, String) =
            switch narration.kind {
            case .heading: ("▶", "1")
            case .step: ("  •", "0")
            case .refusal: ("  ✗", "31")
            case .advice: ("  →", "33")
            case .outcome: ("  ✓", "32")
            case .failure: ("  ✗", "31")
            case .term: ("    ?", "36")
            case .exchange: ("    ·", "2")
            }
        let text = "\(marker) \(narration.text)"
        return colours ? "\u{1B}[\(colour)m\(text)\u{1B}[0m" : text
    }
}
