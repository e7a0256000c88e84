import Builder
import Foundation
import LayerlabTestSupport
import Store
import Testing

/// A bad Dockerfile or context gets a clear error that says where, and the store stays as it was.
struct BadDockerfileTests {
    @Test(arguments: [
        ("FROM base:1\nFOO bar\n", BuildError.Code.invalidDockerfile, "unknown instruction"),
        ("FROM base:1\nRUN <<EOF\necho never ends\n", .invalidDockerfile, "heredoc"),
        ("FROM base:1\nRUN true\nENV GREETING=\"unterminated\n", .invalidDockerfile, "double-quote"),
        ("FROM base:1\nRUN echo 'ok'\nCOPY ../outside /x\n", .outsideContext, "outside the build context"),
        ("FROM base:1\nCOPY missing.txt /x\n", .missingSource, "file not found in build context"),
        ("FROM base:1\nRUN true\nCOPY --from=nope /a /b\n", .unknownStage, "nope"),
        ("FROM base:1 AS one\nCOPY --from=two /a /b\nFROM base:1 AS two\n", .unknownStage, "comes later"),
        ("FROM nothere:1\nRUN true\n", .noSuchImage, "nothere:1"),
        ("# only a comment\n", .invalidDockerfile, "file with no instructions"),
    ])
    func aBadDockerfileChangesNothing(dockerfile: String, code: BuildError.Code, words: String) throws {
        let fixture = try BuildFixture()
        try fixture.write("Dockerfile", dockerfile)
        let before = FolderSnapshot(fixture.store.layout.root)
        do {
            try fixture.build()
            Issue.record("built")
        } catch {
            let error = try #require(error as? BuildError, "\(error)")
            #expect(error.code == code)
            #expect(error.message.contains(words), "\(error.message)")
        }
        #expect(FolderSnapshot(fixture.store.layout.root) == before)
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
