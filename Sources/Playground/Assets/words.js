// Every word the page itself says, in English and in Chinese. What the engine did is told by the
// server, from the trace's events, in the language the page asks for.
export const words = {
  en: {
    playground: "playground", goal: "Goal", hint: "hint", undo: "undo", reset: "reset", solution: "solution",
    now: "Now", last: "What the last command did", goalPicture: "Goal: the store after the reference solution",
    commands: (n, best) => best ? `Commands: ${n} (reference solution: ${best})` : `Commands: ${n}`,
    solved: (n, best) => `Solved in ${n} command${n === 1 ? "" : "s"} (reference solution: ${best}).`,
    registry: (r) => `Registry (the server images are pushed to and pulled from): ${r} ($REGISTRY)`, working: "running…", other: "中文",
    welcome: "Type a command and press Enter (try `images`, or `help`). Tab completes, ↑ ↓ go through history.",
    replaying: (n) => `The playground started again: replaying your ${n} command${n === 1 ? "" : "s"} in this level.`,
    exchanges: (n) => `${n} line${n === 1 ? "" : "s"} on talking to the registry: HTTP requests and signing in (open to read them)`,
    steps: (n) => `Step by step: what the engine did, in ${n} line${n === 1 ? "" : "s"} (open to read)`,
    sandbox: "sandbox", noGoal: "No goal: try anything.",
    files: (list) => `Files: ${list} (\`cat FILE\` shows one)`,
    missing: (n, extra, solved) => n === 0 ? "Your store has everything the goal picture shows."
      + (solved ? "" : extra > 0 ? " It also has more than the goal: see the grey outlines under Now."
        : " The goal lines not ticked yet ask for something a picture cannot show (what a command did).")
      : `Outlined in purple: ${n} thing${n === 1 ? "" : "s"} the goal has and your store does not (yet).`,
    extra: (n) => n === 0 ? "" : `Dotted grey outline: ${n} thing${n === 1 ? "" : "s"} the goal does not have (still here, for now).`,
    opened: (title) => `Level: ${title}`,
    enlarge: "click a picture to see it full size", shrink: "click or press Esc to go back",
    nowNote: "what a command changes flashes pink; click a picture to enlarge it; point at a dotted ID in the terminal to "
      + "find it here", close: "× close (Esc)",
    toLast: "what the last command did ↓", toRegistry: "the registry ↓",
    gone: "The playground is not answering: it has stopped. Start `layerlab playground` again (on the same port) and "
      + "reload this page: your levels and commands come back.",
    registryPicture: "The level's registry: what its repositories hold",
    pointsAt: (kind, id) => `${kind} ${id} in the picture, lit up while you point here`,
    kinds: { layer: "layer", image: "image", container: "container" },
    paired: (n) => ` ${n} of your IDs differ from the goal's: that is fine, an ID changes with the time a thing was made.`,
    pairedWhy: "An ID is computed from the bytes, and what you made at another moment has other bytes (its time). "
      + "Each of your nodes is compared with the goal's that plays the same part: the same name, or the same place in "
      + "the chain of layers and parents.",
    emptyGoal: "The goal is an empty store: every image and layer gone.",
    counting: "Every layerlab command that ran counts, also one that failed; undo takes one back. Not counted: a "
      + "command that only looks (images, history, ps, inspect, diff) unless the goal asks for it, the playground's own "
      + "commands (help, ls, cat, hint, show …) and a command refused before it ran (a mistyped option, a missing argument).",
    retold: (n) => n === 0 ? "In English from here on." : `In English: your ${n} command${n === 1 ? "" : "s"} in this level so far.`,
  },
  zh: {
    playground: "练习场", goal: "目标", hint: "提示", undo: "撤销", reset: "重来", solution: "参考答案",
    now: "现在", last: "上一条命令做了什么", goalPicture: "目标：参考答案执行完后的存储",
    commands: (n, best) => best ? `命令数：${n}（参考答案：${best}）` : `命令数：${n}`,
    solved: (n, best) => `完成！用了 ${n} 条命令（参考答案：${best}）。`,
    registry: (r) => `镜像仓库（推送和拉取镜像的服务器）：${r}（$REGISTRY）`, working: "运行中…", other: "English",
    welcome: "输入命令后回车（试试 `images`，或 `help`）。Tab 补全，↑ ↓ 翻看历史。",
    replaying: (n) => `练习场重新启动了：正在重放你在本关输入的 ${n} 条命令。`,
    exchanges: (n) => `与镜像仓库打交道的 ${n} 条说明：HTTP 请求和登录步骤（点开查看）`,
    steps: (n) => `逐步说明：引擎做了什么，共 ${n} 条（点开查看）`,
    sandbox: "沙盒", noGoal: "没有目标：随便试。",
    files: (list) => `文件：${list}（\`cat 文件\` 显示文件内容）`,
    missing: (n, extra, solved) => n === 0 ? "目标图里的东西你的存储里都有了。"
      + (solved ? "" : extra > 0 ? "不过它还多出一些目标里没有的东西：见“现在”图里灰色点线框出的。"
        : "目标里还没打勾的几条，要的是图上看不出来的东西（某条命令做了什么）。") : `紫色虚线框出的 ${n} 项：目标里有、你的存储里还没有。`,
    extra: (n) => n === 0 ? "" : `灰色点线框：这 ${n} 项目标图里没有，只是暂时还在。`,
    opened: (title) => `关卡：${title}`,
    enlarge: "点一下图可以放大", shrink: "再点一下或按 Esc 返回",
    nowNote: "命令改动的部分会闪一下粉色；点图可以放大；鼠标指着终端里带点线的 ID，就能在这里找到它", close: "× 关闭（Esc）",
    toLast: "上一条命令做了什么 ↓", toRegistry: "镜像仓库 ↓",
    gone: "练习场没有回应：它已经停止了。重新运行 `layerlab playground`（用同一个端口），再刷新这个页面：你的关卡和命令都会回来。",
    registryPicture: "本关的镜像仓库：各个仓库里有什么",
    pointsAt: (kind, id) => `图里的${kind} ${id}：鼠标指着这里时，它在图里亮起来`,
    kinds: { layer: "镜像层", image: "镜像", container: "容器" },
    paired: (n) => `你有 ${n} 个 ID 和目标图里的不同：这没关系，ID 会随东西做出来的时间而变。`,
    pairedWhy: "ID 是从内容算出来的，内容里记着创建时间，不同时刻做出来的东西，ID 就不同。每一个都和目标图里作用相同的那个对照："
      + "名字相同，或者在镜像层和父镜像的链条里位置相同。",
    emptyGoal: "目标是一个空的存储：镜像和镜像层都删光。",
    counting: "每条运行了的 layerlab 命令都计数，失败的也算；undo 可以撤回一条。不计数的：只是查看的命令（images、history、"
      + "ps、inspect、diff），除非目标要你运行它；练习场自己的命令（help、ls、cat、hint、show …）；以及还没运行就被拒绝的命令"
      + "（选项写错、缺参数）。",
    retold: (n) => n === 0 ? "从这里开始用中文。" : `用中文重新讲一遍：你在本关已经输入的 ${n} 条命令。`,
  },
};
