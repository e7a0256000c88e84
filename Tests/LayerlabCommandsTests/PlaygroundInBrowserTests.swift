import Foundation
import LayerlabTestSupport
import Testing

/// The playground as a learner meets it: `scripts/play-in-browser.py` starts `layerlab playground`
/// on a free port, opens it in headless Chromium, and plays every level with its reference solution
/// (read from `show solution`) in English and in Chinese, typing into the command box.
@Suite(
    .enabled(if: ContainerCommandTests.isBuilt, "needs the layerlab executable built"),
    .enabled(if: BrowserCheck.isAvailable, BrowserCheck.missing)
)
struct PlaygroundInBrowserTests {
    struct Language: Decodable {
        var language: String
        var htmlLang: String
        var levels: [Level]
        var undo: Undo
        var look: Look
        var usageCounter: Counters
        var solvedMarks: [String]
        var consoleErrors: [String]
        /// What Tab made of a few partial lines.
        var completion: [String: String]
        /// What `help tag` answered.
        var helpTag: String
        /// The narration under `tag onlyone`, which misses an argument, and under `layers onlyone`.
        var usageAdvice: [String]
        var unknownAdvice: [String]
        /// The narration under `comit`.
        var misspeltAdvice: [String]
        /// The terminal's entries after `clear`, and the count before and after it.
        var cleared: Cleared
        /// Level 08's marks of what differs from its goal, then the sandbox's.
        var sandbox: SandboxMarks?
        /// The first language's page before the playground restarted, and after the reload.
        var restart: Restart?
        /// The English page's terminal after the language button was pressed.
        var switched: Switched?
        /// Level 04 solved another way than its reference, step by step.
        var variant: [VariantStep]
        /// On the Chinese page, the commands whose help kept some English.
        var untranslatedHelp: [String]
        /// The store picture's width before a click, enlarged, and after a second click.
        var zoom: Zoom
        /// An ID in the terminal pointed at with the mouse, and the store's nodes it lit up.
        var pointing: Pointing
        /// The steps under the last gist, opened, came into the terminal's view.
        var stepsInView: Bool
    }

    struct Zoom: Decodable {
        var before: Double
        var zoomed: Double
        var after: Double
        /// After the close button, and whether a command sent closed an enlarged picture.
        var closedByButton: Double
        var closedByCommand: Bool
    }

    struct Pointing: Decodable {
        var spans: Int
        var node: String
        var lit: [String]
        /// The terminal's IDs whose node is no longer drawn.
        var gone: Int
        /// The terminal's IDs lit by pointing at the node in the picture.
        var litInTerminal: [String]?
    }

    struct VariantStep: Decodable {
        var line: String
        var missing: Int
        var extra: Int
        var solved: Bool
    }

    struct Switched: Decodable {
        var typed: Int
        var narration: [String]
        var notes: [String]
        var counter: String
        var terms: [String]
    }

    struct Restart: Decodable {
        struct View: Decodable, Equatable {
            var level: String
            var nodes: [String]
            var counter: String
        }
        var before: View
        var after: View
    }

    struct Level: Decodable {
        /// What `hint` answered once the level was solved.
        var hintWhenSolved: String
        /// The second hint's block: how many code spans it shows, and whether a backtick is left.
        var hintCode: HintCode
        var level: String
        var title: String
        var solution: [String]
        var goalAtStart: [Goal]
        var steps: [Step]
        var solved: Bool
        /// When the level's last command drew a diagram: whether the link to it led there.
        var linkLeads: Bool?
        var banner: String
        var goal: [Goal]
        var goalPicture: Bool
        var storeText: String
        /// The store's picture at its smallest over the solution's commands, as shown.
        var storeType: StoreType
        var missingAtStart: Int
        var missingAtEnd: Int
        var extraAtStart: Int
        var extraAtEnd: Int
        /// The most pixels the terminal ran past its width after any command of the solution.
        var terminalOverflow: Int
        /// Each output block in the terminal once the level was solved.
        var blocks: [Block]
        /// The most nodes marked new, missing or extra that did not look it, after any command.
        var unseenMarks: Int
    }

    struct StoreType: Decodable {
        /// The smallest text of a node, in pixels.
        var node: Double?
        /// The key's type, in pixels.
        var key: Double?
    }

    struct Block: Decodable {
        /// The longest line's characters.
        var longest: Int
        var lines: Int
        /// Its lines wider than the terminal at the terminal's own type.
        var wide: Int
        /// Its wide lines that are a table's rows: columns set apart by two spaces or more.
        var tableRows: Int
        /// Its type against the terminal's: below 1 when it was set smaller to fit.
        var scale: Double
        /// The rows it takes on the page: more than its lines when some wrapped.
        var rows: Int
    }

    struct HintCode: Decodable {
        var code: Int
        var backticks: Bool
    }

    struct SandboxMarks: Decodable {
        struct Marks: Decodable {
            var extra: Int
            var noted: Bool
        }
        var before: Marks
        var after: Marks
        /// What `ls` listed in the sandbox, and whether `build -q -t a:1 app` printed an image ID.
        var files: String
        var built: Bool
    }

    struct Cleared: Decodable {
        var entries: Int
        var counter: String
        var before: String
    }

    struct Goal: Decodable {
        var text: String
        var holds: Bool
    }

    struct Step: Decodable {
        var nodes: Int
        var fresh: Int
        var counter: String
        var lastDiagram: Bool
        /// The registry picture's nodes (tag:, manifest:, blob:), empty in a level without a registry.
        var registry: [String]
        var narration: ShownNarration
    }

    /// A command's narration as the page shows it.
    struct ShownNarration: Decodable {
        /// What the command changed, in one plain sentence, when it changed something.
        var gist: String?
        /// The kinds of the lines in sight (`gist`, `refusal`, `advice`, …), in order.
        var inSight: [String]
        /// Whether the steps folded under the gist are closed; `nil` when nothing is folded.
        var folded: Bool?
        var foldedLines: Int
    }

    struct Look: Decodable {
        var banner: String
        var expected: String
    }

    struct Counters: Decodable {
        var before: String
        var after: String
    }

    struct Undo: Decodable {
        var nodes: [String]
        var expected: [String]
        var solved: Bool
        var counter: String
    }

    static var script: String {
        URL(fileURLWithPath: BrowserCheck.script).deletingLastPathComponent()
            .appendingPathComponent("play-in-browser.py").path
    }

    static func hasChinese(_ text: String) -> Bool {
        text.unicodeScalars.contains { (0x3400...0x9FFF).contains($0.value) }
    }

    struct FirstLook: Decodable {
        var browserLang: String
        var htmlLang: String
        var title: String
        var welcome: String
    }

    /// `--lang zh` is what the person who started the playground asked for, so it beats the
    /// browser's own language (headless Chromium's is English) on a first visit.
    @Test func theLangOptionChoosesThePagesLanguageOverTheBrowsers() async throws {
        let result = try await runTool(
            BrowserCheck.python, [Self.script, ContainerCommandTests.executable, "--page-lang", "zh"],
            expectSuccess: false)
        try #require(result.status == 0, "play-in-browser.py failed (\(result.status)): \(result.stderr)")
        let look = try JSONDecoder().decode(FirstLook.self, from: Data(result.stdoutText.utf8))
        try #require(look.browserLang.hasPrefix("en"), "the browser should speak English: \(look.browserLang)")
        #expect(look.htmlLang == "zh-CN")
        #expect(Self.hasChinese(look.title), "\(look.title)")
        #expect(Self.hasChinese(look.welcome), "\(look.welcome)")
    }

    @Test func everyLevelIsSolvedWithItsReferenceSolutionInBothLanguages() async throws {
        let result = try await runTool(
            BrowserCheck.python, [Self.script, ContainerCommandTests.executable, "--lang", "en,zh"],
            expectSuccess: false)
        try #require(result.status == 0, "play-in-browser.py failed (\(result.status)): \(result.stderr)")
        let languages = try JSONDecoder().decode([Language].self, from: Data(result.stdoutText.utf8))
        #expect(languages.map(\.language) == ["en", "zh"])
        let lessons = try FileManager.default.contentsOfDirectory(atPath: LessonCommandTests.lessons)
            .filter { $0.hasSuffix(".md") }
        for page in languages {
            #expect(page.levels.count == lessons.count, "\(page.language): every lesson is a level")
            #expect(page.consoleErrors.isEmpty, "\(page.language): \(page.consoleErrors)")
            #expect(page.solvedMarks.count == page.levels.count, "\(page.language): \(page.solvedMarks)")
            for level in page.levels {
                let name = "\(page.language) \(level.level)"
                #expect(level.solved, "\(name) is not solved: \(level.goal)")
                let met = level.goal.filter { $0.holds }.count
                #expect(met == level.goal.count && met > 0, "\(name): \(level.goal)")
                let metAtStart = level.goalAtStart.filter { $0.holds }.count
                #expect(metAtStart < level.goalAtStart.count, "\(name) is solved before any command")
                #expect(level.steps.count == level.solution.count && !level.solution.isEmpty, "\(name)")
                // Solved with the reference solution: as many commands as it counts (a look such as
                // `images` does not, unless the goal asks for it), and at least one.
                let counts = level.banner.split { !$0.isNumber }.compactMap { Int($0) }
                #expect(
                    counts.count == 2 && counts[0] == counts[1] && (1...level.solution.count).contains(counts[0]),
                    "\(name): \(level.banner)")
                #expect(level.goalPicture, "\(name) draws no goal")
                #expect(
                    level.hintWhenSolved.contains("level N"), "\(name): hint once solved said \(level.hintWhenSolved)")
                #expect(!level.hintCode.backticks, "\(name): a hint shows its backticks")
                #expect(level.terminalOverflow <= 0, "\(name): the terminal scrolls sideways")
                #expect(level.unseenMarks == 0, "\(name): a node is marked but does not show it")
                // Docker's tables are read by their columns: a wide one is set smaller, never below a
                // readable size, and its rows never wrap (what does not fit scrolls in its own box).
                // Prose (a hint) and a block with one long line (a digest) are no table: they wrap at
                // the terminal's own size.
                for block in level.blocks where block.lines > 1 && block.tableRows > 1 {
                    #expect(block.rows == block.lines, "\(name): a table of \(block.longest) columns wrapped")
                    #expect(block.scale >= 0.74, "\(name): a table set at \(block.scale) of the terminal's type")
                }
                for block in level.blocks where block.tableRows <= 1 {
                    #expect(
                        block.scale == 1, "\(name): a block of \(block.wide) long line(s), no table, was set smaller")
                }
                // The pictures mark what differs from the goal, node by node, until nothing does.
                #expect(level.missingAtStart + level.extraAtStart > 0, "\(name): the start is marked as the goal's")
                #expect(level.missingAtEnd == 0 && level.extraAtEnd == 0, "\(name): solved, yet marked different")
                #expect(Self.hasChinese(level.title + level.storeText) == (page.language == "zh"), "\(name)")
                // The store's picture is shrunk to fit its pane, its key is not: at 40% of the window
                // and with its key drawn inside, level 09's words were 5 pixels high and the key's 4;
                // with a build's intermediate images in one row, level 05's were 6.
                let type = level.storeType
                #expect((type.key ?? 0) >= 11, "\(name): the key is set at \(type.key ?? 0) px")
                let least = ["08-rmi", "09-layers"].contains(level.level) ? 8 : 6.5
                #expect((type.node ?? 0) >= least, "\(name): a node's words are \(type.node ?? 0) px high")
            }
            #expect(page.levels.contains { $0.hintCode.code > 0 }, "\(page.language): no hint showed code")
            // The levels' hints were asked for: prose with long lines among the blocks checked above.
            #expect(
                page.levels.flatMap(\.blocks).contains { $0.wide > 1 && $0.tableRows <= 1 },
                "\(page.language): no block of long prose lines was seen")
            // A command is told first in one plain sentence, in the page's language, with the engine's
            // steps folded under it and closed; a refusal and what to do instead stay in sight. A
            // command whose output is read by another (`$(images -q …)`) is told in full.
            let told = ["build", "pull", "push", "rmi", "tag", "run", "commit", "rm", "images", "history", "login"]
            for level in page.levels {
                for (line, step) in zip(level.solution, level.steps) {
                    let words = line.split(separator: " ").map(String.init)
                    let command = words.first == "layerlab" ? words.dropFirst().first : words.first
                    let shown = step.narration
                    guard let command, told.contains(command), !line.contains("$(") else { continue }
                    let name = "\(page.language) \(level.level) `\(line)`"
                    let gist = try #require(shown.gist, "\(name) has no gist")
                    #expect(Self.hasChinese(gist) == (page.language == "zh"), "\(name): \(gist)")
                    #expect(shown.inSight.first == "gist", "\(name): \(shown.inSight)")
                    // A refused rmi did nothing to tell step by step.
                    if !shown.inSight.contains("refusal") {
                        #expect(shown.folded == true && shown.foldedLines > 0, "\(name): \(shown)")
                    }
                }
            }
            // Commands that add to the store light up what they added; rmi, build, push and pull show
            // their own diagram beside the graph.
            let rmi = try #require(page.levels.first { $0.level == "08-rmi" })
            #expect(rmi.steps.first?.fresh ?? 0 > 0, "the build's new nodes are marked")
            #expect(rmi.steps.last?.lastDiagram == true, "rmi draws what it removed")
            #expect(rmi.steps.allSatisfy { $0.registry.isEmpty }, "level 08 has no registry to draw")
            let captured = try #require(zip(rmi.solution, rmi.steps).first { $0.0.contains("$(") }?.1)
            #expect(captured.narration.gist == nil && captured.narration.folded == nil, "\(captured.narration)")
            let refused = try #require(rmi.steps.first { $0.narration.inSight.contains("refusal") })
            #expect(refused.narration.inSight.prefix(3) == ["gist", "refusal", "advice"], "\(refused.narration)")
            // The push level draws its registry filling up: both tags, and the base's blob once.
            let push = try #require(page.levels.first { $0.level == "07-push" })
            let registry = push.steps.last?.registry ?? []
            #expect(registry.filter { $0.hasPrefix("tag:") }.count == 2, "\(page.language): \(registry)")
            #expect(
                registry.filter { $0.hasPrefix("blob:") }.count == 2 && (push.steps.first?.registry ?? []).isEmpty,
                "\(page.language): \(push.steps.map(\.registry))")
            // Solved another way, with other IDs than the goal's: once solved the pictures agree, while a
            // container alone (before its commit) still differs from the goal both ways.
            let variant = page.variant
            try #require(variant.count == 3, "\(page.language): \(variant)")
            #expect(variant[0].missing > 0 && variant[0].extra > 0, "\(page.language): \(variant[0])")
            #expect(
                variant[2].solved && variant[2].missing == 0 && variant[2].extra == 0, "\(page.language): \(variant[2])"
            )
            #expect(page.undo.nodes == page.undo.expected, "\(page.language): undo did not restore the graph")
            #expect(!page.undo.solved, "\(page.language): the level is still solved after undo")
            // The score stays as it was solved while the learner looks around; a command its parser
            // refused did nothing and is not counted.
            #expect(page.look.banner == page.look.expected && !page.look.banner.isEmpty, "\(page.look)")
            #expect(page.usageCounter.before == page.usageCounter.after, "\(page.usageCounter)")
            // Tab completes command names, and flags from the parser's own tree, subcommands' too.
            #expect(page.completion["ima"] == "image", "the part images and image share")
            #expect(page.completion["pul"] == "pull ")
            #expect(page.completion["docker images --dig"] == "docker images --digests ")
            #expect(page.completion["system df --verb"] == "system df --verbose ")
            // Help leaves out the options the playground sets itself; the Chinese page says first, in
            // Chinese, what the command does, and the rest in Chinese too.
            let usage = page.language == "zh" ? "用法：layerlab tag" : "USAGE: layerlab tag"
            #expect(page.helpTag.contains(usage) && !page.helpTag.contains("--root"), "\(page.helpTag)")
            #expect(page.helpTag.hasPrefix("概述") == (page.language == "zh"), "\(page.helpTag)")
            #expect(
                page.zoom.zoomed > page.zoom.before * 1.2 && page.zoom.after == page.zoom.before,
                "\(page.language): a click does not enlarge the picture: \(page.zoom)")
            #expect(
                page.zoom.closedByButton == page.zoom.before && page.zoom.closedByCommand,
                "\(page.language): an enlarged picture stays open: \(page.zoom)")
            // The link to the last command's diagram scrolls to it, and enlarges no picture.
            let links = page.levels.compactMap(\.linkLeads)
            #expect(!links.isEmpty && links.allSatisfy { $0 }, "\(page.language): \(page.levels.map(\.linkLeads))")
            #expect(page.stepsInView, "\(page.language): opened steps stay below the terminal's edge")
            // Pull, push and build print a layer by other IDs than the picture's: each points at its node.
            #expect(
                page.pointing.spans > 0 && !page.pointing.node.isEmpty && page.pointing.lit == [page.pointing.node],
                "\(page.language): \(page.pointing)")
            let litInTerminal = page.pointing.litInTerminal ?? []
            #expect(
                !litInTerminal.isEmpty && litInTerminal.allSatisfy { $0 == page.pointing.node },
                "\(page.language): pointing at the node lit \(litInTerminal)")
            #expect(page.pointing.gone > 0, "\(page.language): level 08 deleted what its IDs named")
            #expect(page.untranslatedHelp.isEmpty, "\(page.language): help kept English for \(page.untranslatedHelp)")
            // A command its parser refused gets, in the page's language, where to look.
            #expect(page.usageAdvice.count == 1 && page.usageAdvice[0].contains("help tag"), "\(page.usageAdvice)")
            #expect(page.usageAdvice.allSatisfy(Self.hasChinese) == (page.language == "zh"), "\(page.usageAdvice)")
            #expect(
                page.unknownAdvice.count == 1 && page.unknownAdvice[0].contains("layers")
                    && !page.unknownAdvice[0].contains("help layers"), "\(page.unknownAdvice)")
            // The sandbox has no goal: the level's marks and its note go.
            let sandbox = try #require(page.sandbox)
            #expect(sandbox.before.extra > 0 && sandbox.before.noted, "\(page.language): \(sandbox)")
            #expect(sandbox.after.extra == 0 && !sandbox.after.noted, "\(page.language): \(sandbox)")
            #expect(sandbox.files.contains("app/Dockerfile") && sandbox.files.contains("web/Dockerfile"), "\(sandbox)")
            #expect(sandbox.built, "\(page.language): the sandbox's app folder did not build")
            #expect(
                page.misspeltAdvice.count == 1 && page.misspeltAdvice[0].contains("commit"), "\(page.misspeltAdvice)")
            #expect(
                page.cleared.entries == 0 && page.cleared.counter == page.cleared.before
                    && !page.cleared.before.isEmpty,
                "\(page.language): \(page.cleared)")
        }
        #expect(languages.last?.htmlLang == "zh-CN")
        // A restarted playground has lost its stores; the reloaded page plays the level's commands again.
        let restart = try #require(languages.first?.restart)
        #expect(restart.after == restart.before)
        #expect(
            !restart.before.counter.hasPrefix("Commands: 0 ") && restart.before.nodes.count > 2, "\(restart.before)")
        // Switching language tells the level's terminal again, all of it in the new language.
        let switched = try #require(languages.first?.switched)
        let commands = try #require(switched.counter.split(separator: "：").dropFirst().first?.prefix { $0.isNumber })
        #expect(switched.typed == Int(commands) && switched.typed > 0, "\(switched)")
        #expect(!switched.narration.isEmpty && switched.narration.allSatisfy(Self.hasChinese), "\(switched.narration)")
        #expect(switched.notes.first.map(Self.hasChinese) == true, "\(switched.notes)")
        // New words are explained where they first come up, each once.
        #expect(!switched.terms.isEmpty && Set(switched.terms).count == switched.terms.count, "\(switched.terms)")
    }
}
