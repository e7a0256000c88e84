import Foundation
import Render
import Testing

@testable import Playground

/// A command's help in the playground: the options every command shares are left out, and the
/// Chinese page says first, in Chinese, what the command does.
struct LearnerHelpTests {
    static let tagHelp = """
        OVERVIEW: Create a tag TARGET_IMAGE that refers to SOURCE_IMAGE.

        USAGE: layerlab tag [--root <root>] [--explain] [--lang <lang>] [--force] <source> <target>

        ARGUMENTS:
          <source>                The image to name: a name[:tag] or an image
                                  ID.

        OPTIONS:
          --root <root>           The store's root folder (default:
                                  $LAYERLAB_ROOT, else
                                  ~/.local/share/layerlab).
          --explain               Explain each step in plain words as it
                                  happens (on standard error).
          -f, --force             Move the name even if it exists.
          --lang <lang>           Language of explanations and diagrams: en
                                  or zh (default: from LANG).
          -h, --help              Show help information.
        """

    static let flags = [
        "tag": ["--root", "--explain", "--lang", "-f", "--force", "-h", "--help"],
        "rmi": ["--root", "--explain", "--lang", "--no-prune", "-h", "--help"],
        "login": ["--username", "-u", "--lang"],
        "image": [],
    ]

    /// Most commands have them; `login` lacks some, and a command group has none.
    @Test func theSharedFlagsAreThoseMostCommandsHave() {
        #expect(LearnerHelp.sharedFlags(of: Self.flags) == ["--root", "--explain", "--lang"])
    }

    @Test func theSharedOptionsAreLeftOutOfUsageAndOptions() {
        let help = LearnerHelp(sharedFlags: LearnerHelp.sharedFlags(of: Self.flags))
        let shown = help.shown(Self.tagHelp, command: ["tag", "--help"], language: .en)
        #expect(shown.contains("USAGE: layerlab tag [--force] <source> <target>"), "\(shown)")
        #expect(!shown.contains("--root") && !shown.contains("--explain") && !shown.contains("--lang"))
        #expect(!shown.contains("LAYERLAB_ROOT") && !shown.contains("from LANG"), "continuation lines go too")
        #expect(shown.contains("  -f, --force             Move the name even if it exists."))
        #expect(shown.contains("  <source>") && shown.contains("  -h, --help"))
        #expect(!shown.contains("概述"))
    }

    @Test func theChinesePageSaysWhatTheCommandDoesFirstAndTellsItsEntriesInChinese() {
        let help = LearnerHelp(sharedFlags: LearnerHelp.sharedFlags(of: Self.flags))
        let shown = help.shown(Self.tagHelp, command: ["help", "tag"], language: .zh)
        #expect(shown.hasPrefix("概述：\(LearnerHelp.chineseOverview["tag"] ?? "?")\n"), "\(shown)")
        #expect(!shown.contains("OVERVIEW") && shown.contains("用法：layerlab tag [--force] <source> <target>"))
        #expect(shown.contains("参数：\n  <source>                要起名字的镜像"), "\(shown)")
        // A description the parser wrapped goes whole: its second line is not left behind.
        #expect(!shown.contains("The image to name") && !shown.contains("  ID."), "\(shown)")
        #expect(
            shown.contains("  -f, --force             新名字已经在用时") && shown.contains("  -h, --help              显示帮助。"))
        #expect(!shown.contains("没有翻译"), "every entry has its Chinese")
        // An entry without Chinese keeps the parser's English, and a line says so.
        let other = help.shown(
            Self.tagHelp.replacingOccurrences(of: "-f, --force ", with: "-x, --extra "), command: ["tag"], language: .zh
        )
        #expect(other.contains("Move the name even if it exists.") && other.contains("（没有翻译的说明保留了命令自带的英文。）"))
    }

    /// A long entry (`-w, --workdir <workdir>`) leaves one space before its description: the
    /// English goes all the same. Long Chinese is wrapped to the parser's width, by columns.
    @Test func aLongEntryIsTranslatedAndChineseIsWrappedToTheHelpsWidth() {
        let help = LearnerHelp(sharedFlags: LearnerHelp.sharedFlags(of: Self.flags))
        let long = Self.tagHelp.replacingOccurrences(
            of: "  -f, --force             Move the name even if it exists.",
            with: "  -w, --workdir <workdir> Working directory inside the container.")
        let shown = help.shown(long, command: ["help", "run"], language: .zh)
        #expect(!shown.contains("Working directory"), "\(shown)")
        #expect(
            shown.contains("  -w, --workdir <workdir>\n" + String(repeating: " ", count: 26) + "容器里的工作目录。"), "\(shown)")
        for line in shown.split(separator: "\n") {
            #expect(TerminalColumns.width(line) <= 72, "wider than the help: \(line)")
        }
        #expect(TerminalColumns.wrapped("一二三四五，六", width: 10) == ["一二三四五，", "六"])
        #expect(TerminalColumns.wrapped("用 KEY=VALUE 设置", width: 8) == ["用", "KEY=VALUE", "设置"])
    }

    /// The paragraphs under the overview are for someone who knows Docker; the example stays.
    @Test func theLongerDescriptionIsLeftOutButNotItsExample() {
        let buildHelp = """
            OVERVIEW: Build an image from a Dockerfile.

            --builder classic (the default) is Docker's legacy builder, as the course
            describes it.
            --builder modern builds as BuildKit does. RUN steps run on the kernel
            (--runtime overlay, as root).
            Example: layerlab build -t demo:v1 . && layerlab history
            demo:v1

            USAGE: layerlab build [<options>] <path>
            """
        let shown = LearnerHelp(sharedFlags: []).shown(buildHelp, command: ["build", "--help"], language: .en)
        #expect(
            shown == """
                OVERVIEW: Build an image from a Dockerfile.

                Example: layerlab build -t demo:v1 . && layerlab history
                demo:v1

                USAGE: layerlab build [<options>] <path>
                """)
        // A help without a description is shown whole.
        #expect(LearnerHelp(sharedFlags: []).shown(Self.tagHelp, command: ["tag"], language: .en) == Self.tagHelp)
    }
}
