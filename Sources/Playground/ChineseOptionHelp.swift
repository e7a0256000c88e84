/// The Chinese words for the arguments and options of the commands the levels use, so that
/// `help CMD` on the Chinese page is Chinese throughout. Keyed by command and by the entry's
/// argument (`<path>`) or long flag (`--tag`); an entry for the flag alone serves every command.
enum ChineseOptionHelp {
    /// The Chinese for `key` (an argument `<image>` or a flag `--quiet`) of `command`, if there is one.
    static func text(command: String, key: String) -> String? {
        byCommand[command + " " + key] ?? anyCommand[key]
    }

    /// The help's section headings.
    static let headings = [
        "OVERVIEW:": "概述：", "USAGE:": "用法：", "ARGUMENTS:": "参数：", "OPTIONS:": "选项：", "SUBCOMMANDS:": "子命令：",
    ]

    private static let runtime = "在哪里运行：sim（内置的 shell）或 overlay（内核的 overlayfs，需要 root）。（可选：sim、overlay；默认：sim）"

    private static let anyCommand: [String: String] = [
        "--insecure-registry": "用明文 HTTP 访问的镜像仓库（本机回环地址上的镜像仓库总是这样）。可以写多次。",
        "--timeout": "镜像仓库这么多秒没有发来任何数据就放弃，回答到一半时也一样（默认：60）。",
        "--no-trunc": "不截断输出。",
        "--help": "显示帮助。",
        "--runtime": "命令" + runtime,
        "--name": "给容器起一个名字（至少两个字符）。",
        "--env": "设置环境变量（KEY=VALUE）。",
        "--workdir": "容器里的工作目录。",
        "<image>": "镜像，写名字或 ID。",
        "<images>": "镜像，写名字或 ID，可以写多个。",
        "<container>": "容器，写名字或 ID。",
        "<containers>": "容器，写名字或 ID，可以写多个。",
        "<command>": "要运行的命令和它的参数（默认：镜像的 CMD）。",
    ]

    private static let byCommand: [String: String] = [
        "search <term>": "要搜索的词。",
        "search --registry-host": "要搜索的镜像仓库（默认：词里写了地址就用它，否则是 docker.io）。",
        "search --limit": "最多显示多少条结果。（默认：25）",
        "search --filter": "过滤结果：stars=N 或 is-official=true|false。可以写多次。",
        "search --format": "用 Go 模板排版输出：{{.Name}} {{.Description}} {{.StarCount}} {{.IsOfficial}}，或 'table …'。",
        "pull <name>": "名字[:标签|@摘要]",
        "pull --quiet": "不输出每一层的进度。",
        "pull --platform": "多平台镜像里要拉取的平台（os/arch[/variant]）。",
        "pull --all-tags": "拉取这个仓库里所有带标签的镜像。",
        "images <repository>": "只列出这个仓库（repository）的镜像，或者 仓库:标签 这一个。",
        "images --all": "列出全部镜像，包括中间镜像。",
        "images --quiet": "只显示镜像 ID。",
        "images --digests": "显示摘要（digest）。",
        "images --filter": "按条件筛选：dangling=true|false、reference=名字模式、before=镜像、since=镜像、label=键[=值]；可以写多个。",
        "images --format": "输出格式：'table'（默认）、'json'（每行一个 JSON 对象），或 Go 模板（{{.Repository}}）。",
        "tag <source>": "要起名字的镜像：名字[:标签] 或镜像 ID。",
        "tag <target>": "新名字：[镜像仓库地址/]仓库[:标签]。",
        "tag --force": "新名字已经在用时，也把它移到这个镜像上。",
        "run <image>": "用来创建容器的镜像。",
        "run --rm": "容器退出后自动删除它。",
        "run --detach": "在后台运行命令，并打印容器的 ID（输出用 logs 查看）。",
        "logs --follow": "一直跟着打印后台容器新写出的内容，直到它的命令结束。",
        "stop --time": "等这么多秒后再强制结束（SIGKILL）容器。（默认：10）",
        "kill --signal": "发给容器的信号（KILL、TERM、INT、HUP，或者一个数字）。（默认：KILL）",
        "inspect <images>": "镜像或容器，写名字或 ID，可以写多个。",
        "logs --timestamps": "显示时间戳。",
        "logs --tail": "只显示日志最后的几行（一个数字，或 all）。",
        "run --interactive": "保持标准输入打开：命令会读取它。",
        "run --tty": "为了和 Docker 的写法一致而保留，但不会分配终端（有输入就直接读取）。",
        "create <image>": "用来创建容器的镜像。",
        "start --attach": "连上容器的标准输出和标准错误，并转发信号。",
        "start --runtime": "命令" + runtime,
        "commit <repository>": "新镜像的名字：仓库[:标签]。",
        "commit --author": "作者（例如 \"John Hannibal Smith <hannibal@a-team.com>\"）。",
        "commit --change": "把一条 Dockerfile 指令用到新镜像上。",
        "commit --message": "提交说明。",
        "rm --force": "强制删除正在运行的容器。",
        "ps --all": "显示全部容器（默认只显示正在运行的）。",
        "ps --quiet": "只显示容器 ID。",
        "build <path>": "路径 | -（一个目录，或者从标准输入读入的 tar 包或 Dockerfile）。",
        "build --tag": "给构建出的镜像起名字，可以带标签，写成 '名字:标签'。",
        "build --file": "Dockerfile 的文件名（默认：'路径/Dockerfile'）。",
        "build --build-arg": "设置构建时的变量（K=V；只写 K 时从环境变量里取）。",
        "build --target": "只构建到这个阶段（stage）。",
        "build --no-cache": "构建时不用缓存。",
        "build --rm": "构建成功后删除中间容器。（默认：true）",
        "build --force-rm": "总是删除中间容器。",
        "build --quiet": "不输出构建过程，成功时只打印镜像 ID。",
        "build --runtime": "RUN 步骤" + runtime,
        "build --builder": "classic（Docker 的经典构建器）或 modern（像 BuildKit 那样）。（可选：classic、modern；默认：classic）",
        "login <server>": "镜像仓库的地址（默认：docker.io）。",
        "login --username": "用户名。",
        "login --password": "密码。",
        "login --password-stdin": "从标准输入读取密码。",
        "push <name>": "名字[:标签]",
        "push --quiet": "不输出每一层的进度。",
        "push --all-tags": "把这个仓库名下所有的标签都推送上去。",
        "rmi --force": "强制删除镜像（它有几个名字、或有已停止的容器在用它时，也删除）。",
        "rmi --no-prune": "不删除因此没有了名字的父镜像。",
        "history --human": "用易读的格式显示大小和时间。（默认：true）",
        "history --quiet": "只显示镜像 ID。",
        "inspect --format": "用 Go 模板排版输出：{{.Size}}、{{json .RootFS.Layers}}。",
    ]
}
