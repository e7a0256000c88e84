import Builder
import OCI
import Render
import Store
import Testing
import Trace

/// A build explained in plain words: each step, and why it hit or missed the cache.
struct BuildNarrationTests {
    @Test(arguments: Language.allCases)
    func eachStepIsNarratedWithItsCacheDecision(language: Language) throws {
        let fixture = try BuildFixture()
        try fixture.write("app.txt", "v1\n")
        try fixture.build("FROM base:1\nENV MODE=demo\nCOPY app.txt /app/\n")
        try fixture.write("app.txt", "v2\n")
        let start = fixture.sink.records.count
        try fixture.build()
        let narration = Narrator(language: language).narrate(Array(fixture.sink.records.dropFirst(start)))
        let headings = narration.filter { $0.kind == .heading }.map(\.text).filter { $0.contains("Dockerfile") }
        #expect(headings.count == 3)
        #expect(headings[2].contains("COPY app.txt /app/"))
        let steps = narration.filter { $0.kind == .step }.map(\.text)
        #expect(steps.contains { $0.hasPrefix(language == .zh ? "使用缓存" : "Using cache") })
        let miss = try #require(steps.first { $0.hasPrefix(language == .zh ? "缓存未命中" : "Cache miss") })
        #expect(miss.contains(language == .zh ? "要复制的文件" : "files it copies changed"), "the reason names what changed")
        #expect(narration.last?.kind == .outcome || narration.contains { $0.kind == .outcome })
    }

    /// A step's layer is named as the store, `rmi` and the layer graph name it: by its chain ID,
    /// which for any layer but the bottom one is not its diff ID.
    @Test func aStepNamesItsLayerByTheChainIDTheStoreKnowsItBy() throws {
        let fixture = try BuildFixture()
        try fixture.write("app.txt", "v1\n")
        let start = fixture.sink.records.count
        let image = try fixture.build("FROM base:1\nCOPY app.txt /app/\n").image
        let records = Array(fixture.sink.records.dropFirst(start))
        let top = try #require(try fixture.store.image(image.description).layers.last)
        #expect(top.chainID != top.diffID, "the base has a layer below it")
        let steps = fixture.stepResults(since: start)
        #expect(steps.last?.chainID == top.chainID)
        #expect(steps.last?.layer == top.diffID)
        let narrated = Narrator(language: .en).narrate(records).map(\.text)
        #expect(narrated.contains { $0.contains("adds layer \(top.chainID.shortID)") })
        #expect(!narrated.contains { $0.contains(top.diffID.shortID) })
    }
}
