import Render
import Testing
import Trace

@testable import Playground

/// The terminal shows Docker's error; the narration's `Failed: …` is left out when it would say
/// the same again, and kept when the terminal does not show it.
struct RepeatedFailureTests {
    let narration = [Narration(.heading, "rmi"), Narration(.refusal, "why"), Narration(.failure, "Failed: conflict")]
    let records = [
        TraceRecord(sequence: 1, operation: 1, event: .operationStarted(kind: .rmi, arguments: ["a:1"])),
        TraceRecord(sequence: 2, operation: 1, event: .operationFinished(error: "conflict: unable to delete")),
    ]

    @Test func theFailureShownInTheTerminalIsNotToldAgain() {
        let shown = PlaygroundSession.withoutRepeatedFailure(
            narration, records: records, output: "Error: conflict: unable to delete\n")
        #expect(shown.map(\.kind) == [.heading, .refusal])
    }

    @Test func aFailureTheTerminalDoesNotShowIsTold() {
        let told = PlaygroundSession.withoutRepeatedFailure(narration, records: records, output: "")
        #expect(told.map(\.kind) == [.heading, .refusal, .failure])
    }
}
