import Foundation
import Lessons
import OCI
import Render

/// The playground's own answers in the command box, in each language.
struct Words {
    let help: String
    /// Between the items of a list: `, ` in English, `、` in Chinese.
    let listSeparator: String
    let undoneFormat: String
    let startedAgainFormat: String
    let nothingToUndo: String
    let noHints: String
    let loginFirst: String
    let noCommand: String
    let runsLocalImagesOnly: String
    let solvedNoHint: String
    let noHintFits: String
    let sandboxHasNoGoal: String
    let noSuchLevelFormat: String
    let noSuchFileFormat: String
    let noFiles: String
    let levelsHeading: String
    let sandboxLine: String
    let restarted: String
    let refusedBeforeRunningFormat: String
    let unknownOptionFormat: String
    let notACommandFormat: String
    let didYouMeanFormat: String
    /// The goal's name (first %@) beside the one a command made (second %@).
    let hubUnreachableFormat: String
    let setbackFormat: String
    let noLatestFormat: String
    let loginNeedsFlags: String
    let containerNotImageFormat: String
    let stopBeforeRemovingFormat: String
    let badContainerNameFormat: String
    let noDockerfileHereFormat: String
    let baseImageGone: String
    let nameMismatchFormat: String
    /// Said after it when the name made has the tag `latest`.
    let latestNote: String

    func noSuchLevel(_ name: String) -> String { noSuchLevelFormat.replacingOccurrences(of: "%@", with: name) }
    func noSuchFile(_ path: String) -> String { noSuchFileFormat.replacingOccurrences(of: "%@", with: path) }
    func notACommand(_ command: String, nearest: String? = nil) -> String {
        let line = notACommandFormat.replacingOccurrences(of: "%@", with: command)
        return nearest.map { didYouMeanFormat.replacingOccurrences(of: "%@", with: $0) + " " + line } ?? line
    }
    func containerNotImage(_ name: String) -> String {
        containerNotImageFormat.replacingOccurrences(of: "%@", with: name)
    }

    /// `rm` of a running container: stop it first, or remove it by force.
    func stopBeforeRemoving(_ container: String) -> String {
        stopBeforeRemovingFormat.replacingOccurrences(of: "%@", with: container)
    }

    /// The folders with a Dockerfile, the first one's build as the example.
    func noDockerfileHere(_ folders: [String]) -> String {
        noDockerfileHereFormat.replacingOccurrences(
            of: "%@", with: folders.map { "`\($0)`" }.joined(separator: listSeparator)
        )
        .replacingOccurrences(of: "%1", with: folders[0])
    }

    func badContainerName(_ name: String) -> String {
        badContainerNameFormat.replacingOccurrences(of: "%@", with: name)
    }

    /// The command undone, as typed after `layerlab`.
    func undone(_ commands: [String]) -> String {
        undoneFormat.replacingOccurrences(of: "%@", with: commands.map { "`\($0)`" }.joined(separator: listSeparator))
    }

    /// Background containers an undo put back running, started again: their process was gone.
    func startedAgain(_ containers: [String]) -> String {
        startedAgainFormat.replacingOccurrences(of: "%@", with: containers.joined(separator: listSeparator))
    }

    func noLatest(_ image: String) -> String { noLatestFormat.replacingOccurrences(of: "%@", with: image) }

    func setback(_ setback: GoalSetback) -> String {
        setbackFormat.replacingOccurrences(of: "%@", with: setback.name.familiarString)
    }

    func hubUnreachable(_ registry: String) -> String {
        hubUnreachableFormat.replacingOccurrences(of: "%@", with: registry)
    }

    func nameMismatch(_ mismatch: GoalNameMismatch) -> String {
        let made = mismatch.made.familiarString
        let line = nameMismatchFormat.replacingOccurrences(of: "%1", with: mismatch.wanted.familiarString)
            .replacingOccurrences(of: "%2", with: made)
        return mismatch.made.tag == "latest" && !mismatch.wanted.familiarString.hasSuffix(":latest")
            ? line + latestNote : line
    }

    func refusedBeforeRunning(_ command: String) -> String {
        refusedBeforeRunningFormat.replacingOccurrences(of: "%@", with: command)
    }

    func unknownOption(_ option: String, of command: String) -> String {
        unknownOptionFormat.replacingOccurrences(of: "%1", with: command).replacingOccurrences(of: "%2", with: option)
    }

    init(_ language: Language) {
        listSeparator = language == .zh ? "、" : ", "
        switch language {
        case .zh:
            help = """
                输入 layerlab 的命令（也可以用 docker 开头）：
                  镜像    search、pull、images、history、inspect、build、tag、login、push、rmi
                  容器    run、create、start、ps、logs、diff、commit、rm
                help 命令（如 help build）显示命令的写法。运行了的 layerlab 命令都计入命令数，
                失败的也算；只是查看的（images、history、ps）不计，除非目标要你运行它；
                下面练习场自己的命令也不计。
                练习场自己的命令：
                  levels          列出关卡          level N       打开第 N 关
                  sandbox         自由练习          reset         重新开始本关
                  undo            撤销上一条命令    hint          给一个提示
                  show goal       目标的完成情况    show solution 参考答案
                  ls              本关的文件        cat 文件      显示一个文件
                  clear           清空终端
                $REGISTRY 是本关的镜像仓库地址。
                """
            levelsHeading = "输入 level N 打开第 N 关："
            sandboxLine = "沙盒：没有目标，自由练习"
            restarted = "本关重新开始：存储回到了开始时的样子，命令数清零。"
            undoneFormat = "已撤销：%@。"
            startedAgainFormat =
                "%@ 在那条命令之前是运行中的，所以重新启动了它：它的命令从头运行，就像 start 那样（结束了的进程回不来）。"
            nothingToUndo = "没有可以撤销的命令。"
            noHints = "本关没有提示。"
            loginFirst = "镜像仓库回答 unauthorized（未授权）：它要先知道你是谁。先登录：login -u 用户名 -p 密码 $REGISTRY（本关的任务里写着用户名和密码）。"
            noCommand = "这个镜像没有默认命令（CMD）：在镜像名后面写上要运行的命令，比如 run tour/busybox:1.0 echo hi。"
            runsLocalImagesOnly =
                "本地存储里没有这个镜像。真正的 Docker 会先拉取它，layerlab 的 run 不会：先用 pull 拉取（练习场只连得上本关的镜像仓库，"
                + "连不上 Docker Hub），或者运行 images 列出的镜像：写它的名字，没有名字（<none>）就写它的 IMAGE ID。"
            solvedNoHint = "本关已经完成了：levels 列出所有关卡，level N 打开第 N 关。"
            noHintFits = "没有适合你现在这一步的提示了：show goal 看还差哪些，show solution 看一种做法。"
            sandboxHasNoGoal = "沙盒没有目标：随便试。"
            noSuchLevelFormat = "没有关卡 %@；输入 levels 查看全部关卡。"
            noSuchFileFormat = "本关没有文件 %@；输入 ls 查看本关的文件。"
            noFiles = "本关没有文件。"
            notACommandFormat = "没有 %@ 这个命令。输入 help 查看练习场和 layerlab 的命令。"
            didYouMeanFormat = "是不是想输入 %@？"
            refusedBeforeRunningFormat = "这条命令没有执行：写法不对（缺少参数，或者选项拼错了）。输入 help %@ 查看它的写法。"
            unknownOptionFormat =
                "这条命令没有执行：layerlab 的 %1 没有 %2 这个选项。可能是拼错了，也可能是 layerlab 没有实现的 Docker 选项；"
                + "输入 help %1 查看它有哪些选项。"
            containerNotImageFormat = "%@ 是一个容器，不是镜像：删除容器用 `rm %@`；rmi 删除的是镜像。"
            stopBeforeRemovingFormat =
                "%@ 还在运行：先用 `stop %@` 停止它（sleep 要等 10 秒才会被强制结束，`stop -t 1 %@` 只等 1 秒），再 `rm %@`；"
                + "或者用 `rm -f %@` 直接强制结束并删除。"
            baseImageGone =
                "Dockerfile 的 FROM 镜像已经不在本地存储里了（是不是被 rmi 删掉了？），于是构建去 Docker Hub 找它，"
                + "练习场连不上：输入 undo 撤销删除它的那条命令，或者 reset 重来本关。"
            noDockerfileHereFormat =
                "build 的最后一个参数是构建目录，Dockerfile 要在那个目录里；当前目录没有 Dockerfile，本关的 Dockerfile 在 %@ 里："
                + "比如 `build -t 名字:标签 %1`（`ls` 列出本关的文件）。"
            badContainerNameFormat =
                "容器名 %@ 不行：容器名至少两个字符，第一个是字母或数字，后面是字母、数字或 _ . -（比如 c1、hello）。"
            noLatestFormat = "%@ 没写标签，就是 %@:latest，而这个仓库没有 latest 这个标签：在名字后面写上标签，比如 %@:1.0。"
            loginNeedsFlags = "练习场里没有可以输入密码的终端：用 -u 用户名 -p 密码 写在命令里，比如 login -u tour -p tour-password $REGISTRY。"
            setbackFormat =
                "rmi 只删除了名字 %@，镜像本身还在（原因见上一行）；这样，目标里的“rmi %@ 删除了它的镜像”就无法达成了。"
                + "输入 undo 撤销，先删除让这个镜像留下来的东西。"
            hubUnreachableFormat =
                "名字里没有写镜像仓库地址，就是 Docker Hub 上的镜像，练习场连不上它。本关的镜像仓库是 $REGISTRY（%@）："
                + "请用以 $REGISTRY/ 开头的名字（要推送镜像，先用 tag 给它起一个这样的名字）。"
            nameMismatchFormat = "目标要的名字是 %1，这条命令给镜像起的名字却是 %2：目标按完整的名字检查。"
            latestNote = "名字不写标签，就是 :latest。"
        case .en:
            help = """
                Type layerlab commands (or start them with docker):
                  images       search, pull, images, history, inspect, build, tag, login, push, rmi
                  containers   run, create, start, ps, logs, diff, commit, rm
                help CMD (or CMD --help) shows how a command is written. Every layerlab command that ran
                counts, one that failed too; one that only looks (images, history, ps) does not, unless the
                goal asks for it, and neither do the playground's own commands:
                  levels       list the levels        level N        open level N
                  sandbox      play freely            reset          start this level again
                  undo         undo the last command  hint           give a hint
                  show goal    how far the goal is    show solution  the reference solution
                  ls           this level's files     cat FILE       show one of them
                  clear        empty the terminal
                $REGISTRY is this level's registry.
                """
            levelsHeading = "Type level N to open level N:"
            sandboxLine = "no goal: play freely"
            restarted = "The level starts again: the store is as it was at the start, and the count is back to 0."
            undoneFormat = "Undone: %@."
            startedAgainFormat =
                "%@ was running before that command, so it was started again: its command runs from the beginning, "
                + "as start runs it (a process that ended cannot come back)."
            nothingToUndo = "There is no command to undo."
            noHints = "This level has no hints."
            loginFirst =
                "The registry answers unauthorized: it wants to know who you are. Log in first: login -u USER -p "
                + "PASSWORD $REGISTRY (the level's task gives them)."
            noCommand =
                "This image has no default command (CMD): write the command to run after the image's name, as in "
                + "run tour/busybox:1.0 echo hi."
            runsLocalImagesOnly =
                "The store has no such image. Real Docker would pull it first; layerlab's run does not: pull it first "
                + "(the playground reaches only its level's registry, not Docker Hub), or run an image images lists: "
                + "by its name, or by its IMAGE ID when it has none (<none>)."
            solvedNoHint = "This level is solved: levels lists them all, level N opens level N."
            noHintFits = "No hint fits what is left: show goal says what is still open, show solution shows one way."
            sandboxHasNoGoal = "The sandbox has no goal: try anything."
            noSuchLevelFormat = "There is no level %@; type levels to see them all."
            noSuchFileFormat = "This level has no file %@; type ls to see its files."
            noFiles = "This level has no files."
            notACommandFormat = "There is no command %@. Type help to see the playground's and layerlab's commands."
            didYouMeanFormat = "Did you mean %@?"
            refusedBeforeRunningFormat =
                "The command did not run: it was not written as it expects (an argument "
                + "missing, or an option misspelt). Type help %@ to see how."
            unknownOptionFormat =
                "The command did not run: layerlab's %1 has no option %2. It may be misspelt, or be one of Docker's "
                + "that layerlab does not have; help %1 lists the ones it has."
            containerNotImageFormat =
                "%@ is a container, not an image: `rm %@` removes a container; rmi removes images."
            stopBeforeRemovingFormat =
                "%@ is still running: stop it first with `stop %@` (sleep is killed only after 10 seconds; "
                + "`stop -t 1 %@` waits 1), then `rm %@`; or `rm -f %@` kills and removes it at once."
            baseImageGone =
                "The image the Dockerfile's FROM names is no longer in the store (did an rmi remove it?), so the "
                + "build looked for it on Docker Hub, which the playground cannot reach: type undo to take back "
                + "the command that removed it, or reset to start the level again."
            noDockerfileHereFormat =
                "build's last argument is the folder to build, with its Dockerfile in it: there is none here, and "
                + "this level's is in %@, as in `build -t NAME:TAG %1` (`ls` lists the level's files)."
            badContainerNameFormat =
                "The name %@ will not do: a container's name has two characters or more, a letter or digit first, "
                + "then letters, digits, _, . or - (as in c1 or hello)."
            noLatestFormat =
                "%@ has no tag, so it means %@:latest, and this repository has no tag latest: write the tag after the "
                + "name, as in %@:1.0."
            loginNeedsFlags =
                "The playground has no terminal to type a password into: give them as -u USER -p PASSWORD, as in "
                + "login -u tour -p tour-password $REGISTRY."
            setbackFormat =
                "rmi took only the name %@: its image stays (the line above says why), so the goal's \"rmi %@ "
                + "deleted its image\" cannot hold now. Type undo, and first remove what keeps it."
            hubUnreachableFormat =
                "A name without a registry is Docker Hub's, which the playground cannot reach. This level's registry "
                + "is $REGISTRY (%@): use names that start with $REGISTRY/ (to push an image, first tag it with such "
                + "a name)."
            nameMismatchFormat =
                "The goal names %1, but this command named the image %2: the goal checks the whole name."
            latestNote = " A name without a tag is :latest."
        }
    }
}
