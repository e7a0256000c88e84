import OCI
import Testing

/// Every engine error prints its cause, once: a message that already quotes its cause is not
/// followed by the same words again, and the rest of the chain still shows.
@Suite struct EngineErrorTests {
    struct Failure: EngineError {
        struct Code: Hashable, Sendable, CustomStringConvertible {
            var description: String { "failure" }
        }
        var code = Code()
        var message: String
        var cause: (any Error)?
        var description: String { Self.describe(message, cause: cause) }
    }

    struct SystemFailure: Error, CustomStringConvertible {
        var description: String { "No space left on device" }
    }

    @Test func aCauseIsPrintedAfterTheMessage() {
        #expect(
            Failure(message: "cannot write blob", cause: SystemFailure()).description
                == "cannot write blob: No space left on device")
        #expect(Failure(message: "cannot write blob").description == "cannot write blob")
    }

    @Test func aCauseTheMessageAlreadyQuotesIsNotRepeated() {
        let system = SystemFailure()
        #expect(
            Failure(message: "cannot write blob: \(system)", cause: system).description
                == "cannot write blob: No space left on device")
    }

    @Test func aChainShowsEachLevelOnce() {
        let inner = Failure(message: "layer.tar: truncated at byte 512", cause: SystemFailure())
        let outer = Failure(message: "layer 1: \(inner.message)", cause: inner)
        #expect(outer.description == "layer 1: layer.tar: truncated at byte 512: No space left on device")
        let wrapped = Failure(message: "load failed", cause: outer)
        #expect(
            wrapped.description == "load failed: layer 1: layer.tar: truncated at byte 512: No space left on device")
    }
}
