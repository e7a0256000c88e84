import OCI
import Registry
import Render
import Testing
import Trace

/// A real pull narrated: the layer details in the trace are data, and each language phrases them.
@Suite struct PullNarrationTests {
    let fixture = RegistryFixture()

    @Test func sizesAndSharingAreToldInEachLanguagesOwnWords() async throws {
        let fixture = self.fixture
        let source = try fixture.makeStore("source")
        let imageID = try fixture.makeImage(in: source, name: "demo:1")
        let recording = RecordingSink()
        let target = try fixture.makeStore("target", trace: TraceRecorder(sinks: [recording]))
        try await fixture.makeRegistry().withRunning { port in
            let client = RegistryClient(registry: "127.0.0.1:\(port)")
            let first = try Reference.parseDocker("127.0.0.1:\(port)/a/demo:1")
            let second = try Reference.parseDocker("127.0.0.1:\(port)/b/other:1")
            _ = try await Pusher(store: source, client: client).push(first, image: "demo:1")
            _ = try await Pusher(store: source, client: client).push(second, image: "demo:1")
            _ = try await Puller(store: target, client: client).pull(first)
            _ = try await Puller(store: target, client: client).pull(second)
        }
        let english = Narrator(language: .en).narrate(recording.records).map(\.text)
        let chinese = Narrator(language: .zh).narrate(recording.records).map(\.text)
        #expect(english.contains { $0.hasPrefix("Downloading layer ") && $0.hasSuffix(" bytes).") })
        #expect(english.contains { $0.contains("Already exists") && $0.contains("(used by \(imageID.shortID))") })
        #expect(chinese.contains { $0.hasPrefix("正在下载镜像层 ") && $0.hasSuffix(" 字节）。") })
        #expect(chinese.contains { $0.contains("已存在") && $0.contains("（镜像 \(imageID.shortID) 正在使用它）") })
        #expect(!chinese.joined().contains("used by") && !chinese.joined().contains("bytes"))
    }
}
