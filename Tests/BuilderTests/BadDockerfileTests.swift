import Builder
import Foundation
import LayerlabTestSupport
import Store
import Testing
import Trace

/// A bad Dockerfile or context gets a clear error that says where. BuildKit checks before the
/// first step, so the store stays as it was; the legacy builder, as Docker's, finds a bad source at
/// its step and keeps the images of the steps before it, whole, as cache.
struct BadDockerfileTests {
    /// Each case with the builder that refuses it before its first step (the legacy builder finds
    /// a source outside the context only at its step).
    @Test(arguments: [
        ("FROM base:1\nFOO bar\n", BuildError.Code.invalidDockerfile, "unknown instruction", BuilderKind.classic),
        ("FROM base:1\nRUN <<EOF\necho never ends\n", .invalidDockerfile, "heredoc", .classic),
        ("FROM base:1\nRUN true\nENV GREETING=\"unterminated\n", .invalidDockerfile, "double-quote", .classic),
        ("FROM base:1\nRUN echo 'ok'\nCOPY ../outside /x\n", .outsideContext, "outside the build context", .modern),
        ("FROM base:1\nCOPY missing.txt /x\n", .missingSource, "file not found in build context", .classic),
        ("FROM base:1\nRUN true\nCOPY --from=nope /a /b\n", .unknownStage, "nope", .classic),
        ("FROM base:1 AS one\nCOPY --from=two /a /b\nFROM base:1 AS two\n", .unknownStage, "comes later", .classic),
        ("FROM nothere:1\nRUN true\n", .noSuchImage, "nothere:1", .classic),
        ("# only a comment\n", .invalidDockerfile, "file with no instructions", .classic),
    ])
    func aBadDockerfileChangesNothing(dockerfile: String, code: BuildError.Code, words: String, builder: BuilderKind)
        throws
    {
        let fixture = try BuildFixture()
        try fixture.write("Dockerfile", dockerfile)
        let before = FolderSnapshot(fixture.store.layout.root)
        do {
            try fixture.build(builder: builder)
            Issue.record("built")
        } catch {
            let error = try #require(error as? BuildError, "\(error)")
            #expect(error.code == code)
            #expect(error.message.contains(words), "\(error.message)")
        }
        #expect(FolderSnapshot(fixture.store.layout.root) == before)
    }

    @Test func theLegacyBuilderFailsAtTheStepAndKeepsTheStepsBefore() throws {
        let fixture = try BuildFixture()
        let images = try fixture.store.images().count
        do {
            try fixture.build("FROM base:1\nRUN echo ok\nCOPY missing.txt /x\n")
            Issue.record("built")
        } catch {
            let error = try #require(error as? BuildError, "\(error)")
            #expect(error.code == .missingSource)
            #expect(error.message.hasPrefix("COPY failed: file not found in build context"), "\(error.message)")
        }
        #expect(fixture.stepResults().map(\.number) == [1, 2], "FROM and RUN ran")
        #expect(try fixture.store.images().count == images + 1)
        #expect(try fixture.store.check(repair: false).problems == 0)
    }

    /// R-L4: a value doubled step after step stops at its line, before it fills memory.
    @Test func aDoublingVariableStopsAtItsLine() throws {
        let fixture = try BuildFixture()
        let doubling = Array(repeating: "ENV A=$A$A", count: 40).joined(separator: "\n")
        do {
            try fixture.build("FROM base:1\nENV A=0123456789\n\(doubling)\n")
            Issue.record("built")
        } catch {
            let error = try #require(error as? BuildError, "\(error)")
            #expect(error.code == .invalidDockerfile)
            // 10 bytes doubled 17 times is 1,310,720: the 17th doubling (line 19) is refused.
            #expect(error.message.hasPrefix("Dockerfile:19"), "\(error.message)")
            #expect(error.message.contains("variable substitution would make more than 1048576 bytes"))
        }
    }

    /// A config the store could not read back is never written: six values of 900 KB.
    @Test func anImageConfigPastTheRecordLimitIsRefusedBeforeItIsWritten() throws {
        let fixture = try BuildFixture()
        let value = String(repeating: "v", count: 900_000)
        let lines = (0..<6).map { "ENV V\($0)=\(value)" }.joined(separator: "\n")
        do {
            try fixture.build("FROM base:1\n\(lines)\n")
            Issue.record("built")
        } catch {
            #expect("\(error)".contains("more than the 4194304 the store reads back"), "\(error)")
        }
        let check = try fixture.store.check(repair: false)
        #expect(check.problems == 0)
    }

    @Test func anUnknownTargetAndAMissingDockerfileAreNamed() throws {
        let fixture = try BuildFixture()
        #expect(throws: BuildError.self) { try fixture.build() }
        do {
            try fixture.build("FROM base:1\n") { $0.target = "nope" }
            Issue.record("built")
        } catch {
            #expect((error as? BuildError)?.message == "target stage \"nope\" could not be found")
        }
    }

    @Test func anUnknownInstructionSaysWhere() throws {
        let fixture = try BuildFixture()
        do {
            try fixture.build("FROM base:1\n\nFOO bar\n")
            Issue.record("built")
        } catch {
            let message = (error as? BuildError)?.message ?? ""
            #expect(message.contains("Dockerfile:3"), "\(message)")
        }
    }
}
