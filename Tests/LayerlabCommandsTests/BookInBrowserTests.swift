import Foundation
import LayerlabTestSupport
import Testing

/// What the course's book looks like to a reader: both books and one diagram of each kind in each
/// language, opened in headless Chromium by `scripts/check-in-browser.py`, measured from the DOM.
@Suite(
    .enabled(if: ContainerCommandTests.isBuilt, "needs the layerlab executable built"),
    .enabled(if: BrowserCheck.isAvailable, BrowserCheck.missing)
)
struct BookInBrowserTests {
    let folder = TemporaryDirectory("book-browser")

    @Test func everyDiagramIsReadableAtTheBooksWidthAndSpeaksItsLanguage() async throws {
        let book = folder.file("book")
        let lessons = try await runTool(
            ContainerCommandTests.executable, ["lesson", "run", "--lessons", LessonCommandTests.lessons, "-o", book],
            currentDirectory: folder.path, expectSuccess: false)
        try #require(lessons.status == 0, "\(lessons.stderr)")

        let pages = try await BrowserCheck.run([book + "/book.zh.html", book + "/book.en.html"])
        for page in pages {
            #expect(page.figures >= 14, "\(page.file): the lessons draw at least 14 diagrams")
            #expect(page.texts > 100, "\(page.file) shows too little text to have been measured")
            #expect((page.smallest ?? 0) >= 11, "\(page.file): the smallest text is \(page.smallest ?? 0) px")
            #expect(page.tooSmall.isEmpty, "\(page.file): text under 11 px: \(page.tooSmall)")
            #expect(page.brokenImages.isEmpty, "\(page.file): \(page.brokenImages)")
            #expect(page.pageWidth <= page.windowWidth, "\(page.file) is wider than the 1,280-pixel window")
            #expect(page.consoleErrors.isEmpty, "\(page.file): \(page.consoleErrors)")
        }
        #expect(pages.first?.chinese == true && pages.first?.notChinese == [], "\(pages.first?.notChinese ?? [])")

        // One file of each kind, opened alone at its own size, in each language.
        let kinds = ["transfer", "http", "graph", "union", "build", "rmi"]
        var files: [String: [String]] = ["zh": [], "en": []]
        for kind in kinds {
            for language in ["zh", "en"] {
                let found = try FileManager.default.subpathsOfDirectory(atPath: book).sorted()
                    .first { $0.hasSuffix("-\(kind).\(language).svg") }
                files[language, default: []].append(book + "/" + (try #require(found, "no \(kind) diagram")))
            }
        }
        let chinese = try await BrowserCheck.run(files["zh"] ?? [], chinese: true)
        let english = try await BrowserCheck.run(files["en"] ?? [])
        #expect(chinese.count == kinds.count && english.count == kinds.count)
        for diagram in chinese + english {
            #expect(diagram.texts > 3 && (diagram.smallest ?? 0) >= 11, "\(diagram.file): \(diagram.tooSmall)")
        }
        let untranslated = chinese.filter { !$0.notChinese.isEmpty }.map(\.file)
        #expect(untranslated.isEmpty, "Chinese diagrams without Chinese text: \(untranslated)")
        for file in files["en"] ?? [] {
            let text = try String(contentsOfFile: file, encoding: .utf8)
            #expect(!text.unicodeScalars.contains { (0x3400...0x9FFF).contains($0.value) }, "\(file) has Chinese")
        }
    }

    /// The check itself can fail: a diagram squeezed into 200 pixels is reported too small.
    @Test func aShrunkenDiagramIsReportedTooSmall() async throws {
        let drawn = try await runTool(
            ContainerCommandTests.executable,
            ["graph", "--root", folder.file("store"), "-o", folder.file("layers.svg")])
        #expect(drawn.status == 0)
        let svg = try String(contentsOfFile: folder.file("layers.svg"), encoding: .utf8)
        let start = try #require(svg.range(of: "<svg"))
        let page = try folder.write(
            "shrunk.html",
            "<!doctype html><html lang=\"en\"><body><figure class=\"diagram graph\" style=\"width: 200px\">"
                + "<svg style=\"width: 100%; height: auto\"" + svg[start.upperBound...] + "</figure></body></html>")
        let report = try #require(try await BrowserCheck.run([page]).first)
        #expect(report.figures == 1 && report.texts > 0)
        #expect((report.smallest ?? 99) < 11 && !report.tooSmall.isEmpty, "\(report)")
    }
}

/// `scripts/check-in-browser.py`, run with Debian's Python, Chromium and chromedriver.
enum BrowserCheck {
    static let python = "/usr/bin/python3"
    static let needed = ["/usr/bin/chromium", "/usr/bin/chromedriver", python]

    static var isAvailable: Bool {
        needed.allSatisfy(FileManager.default.isExecutableFile(atPath:))
            && FileManager.default.fileExists(atPath: "/usr/lib/python3/dist-packages/selenium")
    }

    static let missing: Comment =
        "needs chromium, chromium-driver and python3-selenium (make test installs them)"

    static var script: String {
        URL(fileURLWithPath: LessonCommandTests.lessons).deletingLastPathComponent()
            .appendingPathComponent("scripts/check-in-browser.py").path
    }

    /// What the browser showed of one file.
    struct Report: Decodable {
        var file: String
        var chinese: Bool
        var figures: Int
        var texts: Int
        var smallest: Double?
        var tooSmall: [String]
        var notChinese: [String]
        var brokenImages: [String]
        var pageWidth: Int
        var windowWidth: Int
        var consoleErrors: [String]
    }

    static func run(_ files: [String], chinese: Bool = false) async throws -> [Report] {
        let result = try await runTool(python, [script] + (chinese ? ["--chinese"] : []) + files, expectSuccess: false)
        guard result.status == 0 else {
            throw PeerToolError(description: "check-in-browser.py failed (\(result.status)): \(result.stderr)")
        }
        return try JSONDecoder().decode([Report].self, from: Data(result.stdoutText.utf8))
    }
}
