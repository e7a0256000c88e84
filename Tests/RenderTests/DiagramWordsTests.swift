import OCI
import Testing
import Trace

@testable import Render

@Suite struct DiagramWordsTests {
    /// Every word a diagram draws on its own, in each language.
    static func words(_ language: Language) -> [String] {
        let w = language.diagramWords
        let digest = Digest.sha256(of: Array("x".utf8))
        return [
            w.image(digest), w.layer(digest), w.topLayer, w.onTopOf, w.layerGraphTitle(images: 2, layers: 3),
            w.sharedBy(2), w.parentImage, w.layerGraphKey.tag, w.layerGraphKey.image, w.layerGraphKey.layer,
            w.layerGraphKey.shared, w.unionTitle("app", layers: 2), w.unionLayerHeader(1, digest, size: "1kB"),
            w.mergedHeader(files: 3), w.fromLayer(1), w.noFiles, w.andMore(4), w.unionKey.changes,
            w.unionKey.merged, w.buildTitle, w.buildOf("Dockerfile", builder: .classic), w.usingCache,
            w.baseImage, w.cacheMiss(.newInstruction), w.emptyLayer, w.successfullyBuilt(digest), w.buildKey.line,
            w.buildKey.made, w.buildKey.cached, w.buildKey.layer, w.buildKey.empty, w.transferTitle,
            w.transferStatus(.alreadyExists(usedBy: [])), w.transferStatus(.mountedFrom(repository: "a/b")),
            w.pullSummary(manifest: digest, image: digest, upToDate: true),
            w.pushSummary(manifest: digest, size: 9), w.transferFailed("x"), w.transferKey.sent,
            w.transferKey.shared, w.httpTitle, w.tokenService, w.client, w.registry, w.aToken,
            w.notThereWillUpload, w.moreExchanges(3), w.httpKey.request, w.httpKey.answer, w.httpKey.refused,
            w.removalTitle, w.removal("a", refused: true), w.untagged, w.untag, w.deleted, w.kept,
            w.keptFor(images: 2, containers: 1, users: 3),
            w.refused, w.notRemoved, w.childImage(digest), w.builtOn, w.container("c", running: false), w.uses,
            w.removalKey.asked, w.removalKey.deleted, w.removalKey.kept, w.removalKey.blocks,
            w.condensedLayerGraphTitle(images: 9, layers: 20, runs: 3), w.layerRun(3, from: digest),
            w.imagesOnBase(4, shared: true), w.imagesOnBase(1, shared: false), w.ownLayers(2, size: "3MB"),
            w.noOwnLayers, w.inTheStoreAs(digest), w.namelessKey.intermediate, w.namelessKey.dangling,
            w.containersImageDeleted(digest), w.imageSize("3MB"), w.parentArrowKey, w.digestNameKey,
            w.imageIDAsked("89e1cbeec42d"),
            w.keptFor(images: nil, containers: nil, users: 2),
        ]
    }

    @Test func everyChineseWordIsChineseAndDiffersFromTheEnglish() {
        let english = Self.words(.en)
        let chinese = Self.words(.zh)
        #expect(english.count == chinese.count)
        for (en, zh) in zip(english, chinese) {
            #expect(zh != en, "\"\(en)\" is not translated")
            #expect(zh.unicodeScalars.contains { (0x3400...0x9FFF).contains($0.value) }, "\"\(zh)\" has no Chinese")
            #expect(!en.unicodeScalars.contains { (0x3400...0x9FFF).contains($0.value) }, "\"\(en)\"")
        }
    }

    @Test func dockersOwnStatusWordsAreKeptBesideTheTranslation() {
        let zh = Language.zh.diagramWords
        #expect(zh.transferStatus(.alreadyExists(usedBy: [])).contains("Already exists"))
        #expect(zh.transferStatus(.mountedFrom(repository: "tour/base")).contains("Mounted from"))
        #expect(zh.usingCache.contains("Using cache"))
        #expect(Language.zh.diagramWords.font == "Noto Sans CJK SC" && Language.en.diagramWords.font == "Helvetica")
    }

    @Test(arguments: Language.allCases)
    func aDiagramIsSetInItsLanguagesFont(_ language: Language) {
        let graph = RemovalDiagram(records: [], language: language).graph()
        #expect(graph.attributes.text("fontname") == language.diagramWords.font)
        #expect(graph.nodeDefaults.text("fontname") == language.diagramWords.font)
        #expect(graph.edgeDefaults.text("fontname") == language.diagramWords.font)
        guard case .html(let heading)? = graph.attributes["label"] else {
            Issue.record("no heading")
            return
        }
        #expect(heading.contains(DOTWriter.html(language.diagramWords.removalTitle)))
    }
}
