import Foundation
import Render

/// A command's help as the playground shows it: without the options every layerlab command shares
/// (the store's root, tracing, the narration's language, the layer size limit), which the
/// playground sets itself, without the longer description under the overview (written for
/// someone who knows Docker: builders, runtimes, kernels) but with its example, and, in Chinese,
/// with what the command does in Chinese above the parser's English text.
struct LearnerHelp {
    /// The flags most commands share (`--root`, `--trace`, …): left out of the help.
    let sharedFlags: Set<String>

    /// The flags most commands of `flags` (by command path) have: the global options, which a few
    /// commands (`login`, `render`) and the command groups lack.
    static func sharedFlags(of flags: [String: [String]]) -> Set<String> {
        let lists = flags.values.filter { !$0.isEmpty }.map(Set.init)
        var counts: [String: Int] = [:]
        for list in lists { for flag in list { counts[flag, default: 0] += 1 } }
        return Set(counts.filter { $0.value * 2 > lists.count }.keys).subtracting(["-h", "--help"])
    }

    func shown(_ help: String, command: [String], language: Language) -> String {
        var lines: [String] = []
        var skipping = false
        for line in Self.withoutDescription(help.components(separatedBy: "\n")) {
            if line.hasPrefix("USAGE:") {
                lines.append(usage(line))
                continue
            }
            if Self.startsOption(line) {
                skipping = Self.flags(of: line).contains { sharedFlags.contains($0) }
            } else if !line.hasPrefix("   ") {
                skipping = false
            }
            if !skipping { lines.append(line) }
        }
        guard language == .zh, let name = command.first(where: { !$0.hasPrefix("-") && $0 != "help" }),
            let overview = Self.chineseOverview[name]
        else { return lines.joined(separator: "\n") }
        return Self.inChinese(lines, command: name, overview: overview).joined(separator: "\n")
    }

    /// Where the parser starts an entry's description.
    private static let descriptionColumn = 26
    /// The columns help is wrapped to: the playground asks the parser for 70 (`COLUMNS`).
    private static let width = 70

    /// The help with its overview, headings and entries in Chinese where ``ChineseOptionHelp`` has
    /// the words; an entry it lacks keeps the parser's English, and a line says so.
    private static func inChinese(_ lines: [String], command: String, overview: String) -> [String] {
        var result: [String] = []
        var skipping = false
        var untranslated = 0
        for line in lines {
            if line.hasPrefix("OVERVIEW:") {
                result += TerminalColumns.wrapped("概述：\(overview)", width: width)
                skipping = true
                continue
            }
            if let heading = ChineseOptionHelp.headings.first(where: { line.hasPrefix($0.key) }) {
                result.append(heading.value + line.dropFirst(heading.key.count).drop { $0 == " " })
                skipping = false
                continue
            }
            if line.hasPrefix("Example:") {
                result.append("例如：" + line.dropFirst("Example:".count).drop { $0 == " " })
                skipping = false
                continue
            }
            if startsOption(line) || line.hasPrefix("  <") {
                let left = entryName(line)
                if let key = entryKey(left), let text = ChineseOptionHelp.text(command: command, key: key) {
                    // Wrapped as the parser wraps its English, so no line is wider than the rest.
                    let lines = TerminalColumns.wrapped(text, width: width - descriptionColumn)
                    let indent = String(repeating: " ", count: descriptionColumn)
                    let first =
                        left.count < descriptionColumn - 1
                        ? left.padding(toLength: descriptionColumn, withPad: " ", startingAt: 0) + lines[0]
                        : left + "\n" + indent + lines[0]
                    result.append(first)
                    result += lines.dropFirst().map { indent + $0 }
                    skipping = true
                    continue
                }
                untranslated += 1
                skipping = false
            } else if line.isEmpty || !line.hasPrefix(" ") {
                skipping = false
            }
            if !skipping { result.append(line) }
        }
        if untranslated > 0 { result.insert("（没有翻译的说明保留了命令自带的英文。）", at: 1) }
        return result
    }

    /// An entry's argument or flags, before its description: `  -t, --tag <tag>`. The flags and
    /// their values, not the first double space: a long entry (`-w, --workdir <workdir>`) leaves
    /// one space before its description.
    private static func entryName(_ line: String) -> String {
        let words = line.split(separator: " ", omittingEmptySubsequences: false).drop { $0.isEmpty }
        let name = words.prefix { $0.hasPrefix("-") || $0.hasPrefix("<") || $0 == "..." }
        return "  " + name.joined(separator: " ")
    }

    /// What ``ChineseOptionHelp`` knows an entry by: its argument (`<path>`) or its long flag.
    private static func entryKey(_ name: String) -> String? {
        let words = name.split(separator: " ").map {
            String($0.trimmingCharacters(in: CharacterSet(charactersIn: ",")))
        }
        if let argument = words.first, argument.hasPrefix("<") { return argument }
        return words.first { $0.hasPrefix("--") } ?? words.first { $0.hasPrefix("-") }
    }

    /// The help's lines without the paragraphs between the overview's first and USAGE, but for the
    /// one that starts `Example:`.
    private static func withoutDescription(_ lines: [String]) -> [String] {
        guard let usage = lines.firstIndex(where: { $0.hasPrefix("USAGE:") }),
            let overviewEnd = lines[..<usage].firstIndex(where: { $0.isEmpty })
        else { return lines }
        var kept = Array(lines[...overviewEnd])
        if let example = lines[overviewEnd..<usage].firstIndex(where: { $0.hasPrefix("Example:") }) {
            kept += lines[example..<usage].prefix { !$0.isEmpty } + [""]
        }
        return kept + lines[usage...]
    }

    /// The usage line without the shared options' `[--flag <value>]` groups.
    private func usage(_ line: String) -> String {
        var result = line
        for flag in sharedFlags {
            let escaped = NSRegularExpression.escapedPattern(for: flag)
            result = result.replacingOccurrences(
                of: "\\[\(escaped)( <[^>]*>)?\\] ?", with: "", options: .regularExpression)
        }
        return result
    }

    /// An option's entry starts with two spaces and a dash: `  --root <root>   The store's …`.
    private static func startsOption(_ line: String) -> Bool {
        line.hasPrefix("  -")
    }

    /// The flags an option's entry names: `-q, --quiet` gives both.
    private static func flags(of line: String) -> [String] {
        line.split(separator: " ").prefix { $0.hasPrefix("-") || $0.hasPrefix("<") }
            .filter { $0.hasPrefix("-") }.map { String($0.trimmingCharacters(in: CharacterSet(charactersIn: ","))) }
    }

    /// What each command the lessons use does, for the Chinese page.
    static let chineseOverview: [String: String] = [
        "search": "在镜像仓库里搜索镜像。",
        "pull": "从镜像仓库拉取镜像：只下载本地还没有的层。",
        "images": "列出本地的镜像（-a 连中间镜像一起列出）。",
        "image": "管理镜像的一组命令（ls、rm、inspect、history……）。",
        "container": "管理容器的一组命令（ls、rm、commit、diff……）。",
        "run": "用镜像创建一个容器并运行命令。",
        "create": "用镜像创建一个容器，但不运行。",
        "start": "运行一个已经创建的容器。",
        "ps": "列出容器（-a 包括已经退出的）。",
        "rm": "删除容器和它的可读写层。",
        "diff": "列出容器相对镜像改了哪些文件（A 新增、C 修改、D 删除）。",
        "logs": "打印容器的命令输出过的内容（run -d 不打印输出，用它来看）。",
        "stop": "停止正在运行的容器：先发 SIGTERM，等一会儿（-t 秒）再发 SIGKILL。",
        "kill": "立刻结束正在运行的容器（默认发 SIGKILL）。",
        "wait": "等容器的命令结束，然后打印它的退出状态码。",
        "commit": "把容器的可读写层提交成新镜像的最上面一层。",
        "build": "按 Dockerfile 一步步构建镜像：-t 给结果起名字，最后一个参数是构建目录。",
        "tag": "给镜像再起一个名字：第一个参数是已有的镜像，第二个是新名字。",
        "push": "把镜像推送到镜像仓库：镜像仓库里已有的层不再上传。",
        "rmi": "删除镜像的名字；没有名字、也没有子镜像和容器需要时，删除镜像和它独有的层。",
        "history": "列出镜像的构建历史：每一步和它加的层的大小。",
        "inspect": "以 JSON 显示镜像或容器的全部信息。",
        "login": "登录镜像仓库，取得推送的权限。",
        "logout": "退出镜像仓库的登录。",
        "save": "把镜像存成一个 tar 文件。",
        "load": "从 save 存的 tar 文件里载入镜像。",
        "import": "把一个文件系统的 tar 包导入成只有一层的镜像。",
        "export": "把容器合并后的文件系统导出成 tar 包。",
        "system": "整个存储的情况：system df 显示镜像、容器和层占的空间。",
    ]
}
