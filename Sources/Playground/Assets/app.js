// The playground page: a command box, the narration under each command, and the store drawn
// beside it. Everything shown comes from the server, which draws it from the trace's events.
"use strict";

const words = {
  en: {
    playground: "playground", goal: "Goal", hint: "hint", undo: "undo", reset: "reset", solution: "solution",
    now: "Now", last: "What the last command did", goalPicture: "Goal: the store after the reference solution",
    commands: (n, best) => best ? `Commands: ${n} (reference solution: ${best})` : `Commands: ${n}`,
    solved: (n, best) => `Solved in ${n} command${n === 1 ? "" : "s"} (reference solution: ${best}).`,
    registry: (r) => `Registry (the server images are pushed to and pulled from): ${r} ($REGISTRY)`, working: "running…", other: "中文",
    welcome: "Type a command and press Enter (try `images`, or `help`). Tab completes, ↑ ↓ go through history.",
    replaying: (n) => `The playground started again: replaying your ${n} command${n === 1 ? "" : "s"} in this level.`,
    exchanges: (n) => `${n} line${n === 1 ? "" : "s"} on talking to the registry: HTTP requests and signing in (open to read them)`,
    sandbox: "sandbox", noGoal: "No goal: try anything.",
    files: (list) => `Files: ${list} (\`cat FILE\` shows one)`,
    missing: (n, extra) => n === 0 ? "Your store has everything the goal picture shows."
      + (lastSolved ? "" : extra > 0 ? " It also has more than the goal: see the grey outlines under Now."
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
    paired: (n) => ` ${n} of your IDs differ from the goal's, and that is fine: an ID is computed from the bytes, and `
      + "what you made at another moment has other bytes (its time). Each is compared with the goal's that plays the "
      + "same part: the same name, or the same place in the chain of layers and parents.",
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
    sandbox: "沙盒", noGoal: "没有目标：随便试。",
    files: (list) => `文件：${list}（\`cat 文件\` 显示文件内容）`,
    missing: (n, extra) => n === 0 ? "目标图里的东西你的存储里都有了。"
      + (lastSolved ? "" : extra > 0 ? "不过它还多出一些目标里没有的东西：见“现在”图里灰色点线框出的。"
        : "目标里还没打勾的几条，要的是图上看不出来的东西（某条命令做了什么）。") : `紫色虚线框出的 ${n} 项：目标里有、你的存储里还没有。`,
    extra: (n) => n === 0 ? "" : `灰色点线框出的 ${n} 项：目标里没有（现在还在）。`,
    opened: (title) => `关卡：${title}`,
    enlarge: "点一下图可以放大", shrink: "再点一下或按 Esc 返回",
    nowNote: "命令改动的部分会闪一下粉色；点图可以放大；鼠标指着终端里带点线的 ID，就能在这里找到它", close: "× 关闭（Esc）",
    toLast: "上一条命令做了什么 ↓", toRegistry: "镜像仓库 ↓",
    gone: "练习场没有回应：它已经停止了。重新运行 `layerlab playground`（用同一个端口），再刷新这个页面：你的关卡和命令都会回来。",
    registryPicture: "本关的镜像仓库：各个仓库里有什么",
    pointsAt: (kind, id) => `图里的${kind} ${id}：鼠标指着这里时，它在图里亮起来`,
    kinds: { layer: "镜像层", image: "镜像", container: "容器" },
    paired: (n) => `你有 ${n} 个 ID 和目标图里的不同，这没关系：ID 是从内容算出来的，内容里记着创建时间，不同时刻做出来的东西，`
      + "ID 就不同。每一个都和目标图里作用相同的那个对照：名字相同，或者在镜像层和父镜像的链条里位置相同。",
    emptyGoal: "目标是一个空的存储：镜像和镜像层都删光。",
    counting: "每条运行了的 layerlab 命令都计数，失败的也算；undo 可以撤回一条。不计数的：只是查看的命令（images、history、"
      + "ps、inspect、diff），除非目标要你运行它；练习场自己的命令（help、ls、cat、hint、show …）；以及还没运行就被拒绝的命令"
      + "（选项写错、缺参数）。",
    retold: (n) => n === 0 ? "从这里开始用中文。" : `用中文重新讲一遍：你在本关已经输入的 ${n} 条命令。`,
  },
};

const stored = (key, fallback) => {
  try { return JSON.parse(localStorage.getItem("layerlab." + key)) ?? fallback; } catch { return fallback; }
};
const store = (key, value) => localStorage.setItem("layerlab." + key, JSON.stringify(value));

// The learner's own choice (the language button) first, then `--lang`, then the browser's language;
// start() asks the playground for `--lang` before the page shows a word.
const browserLanguage = (navigator.language || "en").toLowerCase().startsWith("zh") ? "zh" : "en";
let lang = stored("lang", browserLanguage);
let history = stored("history", []);
let historyIndex = history.length;
let solved = stored("solved", {});
// Each level's commands as the server counts them, so that after the server restarted (its stores
// are gone) a reload plays them again.
let typed = stored("typed", {});
let levels = [];
let details = {};
// Which node each ID the terminal prints stands for (12 hex digits → SVG title), gathered over the
// session: the terminal retold in another language has no answer of its own to take them from.
const aliases = {};
let currentLevel = null;
let lastSolved = false;
let goalDrawnFor = null;
const playgroundCommands = ["help", "levels", "level", "sandbox", "hint", "undo", "reset", "show goal", "show solution",
  "ls", "cat"];
let commandFlags = {};
let commandNames = ["images", "pull", "push", "tag", "rmi", "run", "create", "start", "rm", "ps", "commit", "build",
  "history", "inspect", "diff", "analyze", "search", "login", "logout", "save", "load", "import", "export", "image",
  "system", "graph", "explain"];

const $ = (id) => document.getElementById(id);
const t = () => words[lang];

async function api(path, body) {
  const separator = path.includes("?") ? "&" : "?";
  let response;
  try {
    response = await fetch(path + separator + "lang=" + lang, body === undefined ? {} : {
      method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body),
    });
  } catch {
    // No answer at all: the playground that served this page has stopped.
    throw new Error(t().gone);
  }
  const text = await response.text();
  if (!response.ok) {
    let message = text;
    try { message = JSON.parse(text).error.message; } catch { /* plain text */ }
    throw new Error(message || response.statusText);
  }
  return JSON.parse(text);
}

function applyWords() {
  document.documentElement.lang = lang === "zh" ? "zh-CN" : "en";
  for (const element of document.querySelectorAll("[data-word]")) element.textContent = t()[element.dataset.word];
  $("lang").textContent = t().other;
  $("counter").title = t().counting;
  for (const picture of document.querySelectorAll(".picture")) picture.title = t().enlarge;
}

async function loadLevels() {
  levels = (await api("/api/levels")).levels;
  const nav = $("levels");
  nav.replaceChildren();
  levels.forEach((level, index) => nav.append(levelButton(level.id, `${index + 1}`, level.title)));
  nav.append(levelButton("sandbox", t().sandbox, t().sandbox));
  markLevels();
}

function levelButton(id, label, title) {
  const button = document.createElement("button");
  button.type = "button";
  button.dataset.level = id;
  button.dataset.label = label;
  button.textContent = label;
  button.title = title;
  button.addEventListener("click", () => send(id === "sandbox" ? "sandbox" : "level " + id));
  return button;
}

// The current level's button says its name; the others keep their number (the name on hover).
function markLevels() {
  for (const button of $("levels").querySelectorAll("button")) {
    const current = button.dataset.level === currentLevel;
    button.classList.toggle("current", current);
    button.textContent = current && button.title !== button.dataset.label
      ? `${button.dataset.label} · ${button.title}` : button.dataset.label;
    button.classList.toggle("solved", solved[button.dataset.level] !== undefined);
  }
}

function nodeTitles(container) {
  return new Set([...container.querySelectorAll("g.node > title")].map((title) => title.textContent));
}

// The store's and the goal's pictures come without their title and key, which are set here as text:
// shrunk to fit the pane, a key drawn inside the picture read at a few pixels. One key, above the
// store, serves both pictures: the store's samples, then any only the goal has.
const headings = { store: null, goal: null };
function showHeadings() {
  const key = [...(headings.store?.key ?? [])];
  for (const swatch of headings.goal?.key ?? []) {
    if (!key.some((mine) => mine.label === swatch.label)) key.push(swatch);
  }
  setHeading($("store"), headings.store?.title, key);
  setHeading($("goal-picture"), headings.goal?.title, []);
}

// Built from elements, not markup: a key's words hold the names the learner typed.
function setHeading(picture, title, key) {
  picture.querySelector(":scope > .picture-heading")?.remove();
  if (!title) return;
  const heading = document.createElement("div");
  heading.className = "picture-heading";
  const line = document.createElement("div");
  line.className = "title";
  line.textContent = title;
  heading.append(line);
  if (key.length > 0) {
    const row = document.createElement("div");
    row.className = "key";
    for (const swatch of key) {
      const sample = document.createElement("span");
      sample.textContent = swatch.label;
      sample.style.color = swatch.ink;
      if (swatch.fill) {
        sample.style.background = swatch.fill;
        sample.classList.add(swatch.dashed ? "dashed" : "boxed");
      }
      row.append(sample);
    }
    heading.append(row);
  }
  picture.prepend(heading);
}

// Replaces a picture, marking for a moment the nodes that were not there before.
function showPicture(container, svg, highlight) {
  const before = nodeTitles(container);
  container.innerHTML = svg;
  if (!highlight) return;
  for (const node of container.querySelectorAll("g.node")) {
    const title = node.querySelector("title");
    if (title && !before.has(title.textContent)) node.classList.add("fresh");
  }
}

// Docker's tables (images, history, ps) are read by their columns, and a wrapped row puts SIZE
// under IMAGE ID. A table wider than the terminal is set in smaller type, but never so small that a
// projected page cannot be read: a table that still does not fit scrolls sideways in its own box, row
// by row as it is. Prose (a hint, an error) is no table, however long its lines: it keeps its size and
// wraps.
const smallestType = 0.75; // of the terminal's type: about 10 pixels
const columnGap = /\S {2,}\S/; // a table's columns are set apart by two spaces or more
function fitToWidth(pre) {
  const lines = pre.textContent.replace(/\n$/, "").split("\n");
  if (lines.length < 2) return;
  const longest = lines.reduce((a, b) => (b.length > a.length ? b : a), "");
  const style = getComputedStyle(pre);
  const context = document.createElement("canvas").getContext("2d");
  context.font = `${style.fontSize} ${style.fontFamily}`;
  const room = pre.clientWidth * 0.98; // a line that ends at the very edge reads as cut off
  // A table has several wide rows with columns; one long line among short ones (a digest) wraps.
  const wide = lines.filter((line) => columnGap.test(line) && context.measureText(line).width > room).length;
  if (wide < 2) return;
  const needed = context.measureText(longest).width;
  const scale = Math.max(smallestType, room / needed);
  pre.style.fontSize = `${Math.floor(parseFloat(style.fontSize) * scale * 10) / 10}px`;
  if (needed * scale > room) pre.classList.add("table");
}

function appendEntry(reply, line) {
  const terminal = $("terminal");
  // An entry's IDs point at what its own reply drew: an image the command deleted is not dotted.
  const known = reply.aliases ?? aliases;
  Object.assign(aliases, reply.aliases ?? {});
  if (line !== undefined) {
    const typed = document.createElement("div");
    typed.className = "typed";
    typed.textContent = "$ " + (reply.ran ?? line);
    terminal.append(typed);
  }
  if (reply.output) {
    const output = document.createElement("pre");
    // A hint marks `code` as the lessons do: shown as code, not as backticks.
    if (reply.prose) showMarkdown(output, reply.output);
    else output.textContent = reply.output;
    if (reply.status !== 0) output.className = "failed";
    // A new level starts below a line of its own: what is above belongs to the level before.
    if (reply.divider) output.className = "divider";
    terminal.append(output);
    fitToWidth(output);
    linkIDs(output, known);
  }
  if (reply.narration.length > 0) {
    const list = document.createElement("ul");
    list.className = "narration";
    let exchanges = null;
    for (const line of reply.narration) {
      const item = document.createElement("li");
      item.className = line.kind;
      item.textContent = line.text;
      if (line.kind !== "exchange") {
        exchanges = null;
        list.append(item);
        continue;
      }
      // A pull or a push talks to the registry at length: its requests are folded into one line.
      if (!exchanges) {
        const folded = document.createElement("li");
        folded.className = "exchanges";
        const details = document.createElement("details");
        exchanges = { summary: document.createElement("summary"), list: document.createElement("ul"), count: 0 };
        details.append(exchanges.summary, exchanges.list);
        folded.append(details);
        list.append(folded);
      }
      exchanges.list.append(item);
      exchanges.count += 1;
      exchanges.summary.textContent = t().exchanges(exchanges.count);
    }
    terminal.append(list);
    linkIDs(list, known);
  }
  terminal.scrollTop = terminal.scrollHeight;
}

// Wraps each ID in `element`'s text that stands for a node of the picture (a layer's blob, diff ID
// or chain ID; an image's or a container's ID, short or whole) in a span that points at the node.
function linkIDs(element, known) {
  const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
  const texts = [];
  while (walker.nextNode()) texts.push(walker.currentNode);
  for (const text of texts) {
    const parts = text.textContent.split(/\b([0-9a-f]{12}(?:[0-9a-f]{52})?)\b/);
    if (parts.length === 1 || !parts.some((part, index) => index % 2 === 1 && known[part.slice(0, 12)])) continue;
    const fragment = document.createDocumentFragment();
    parts.forEach((part, index) => {
      const node = index % 2 === 1 ? known[part.slice(0, 12)] : undefined;
      if (!node) {
        fragment.append(part);
        return;
      }
      const span = document.createElement("span");
      span.className = "id";
      span.dataset.node = node;
      span.textContent = part;
      const kind = node.slice(0, node.indexOf(":"));
      span.title = t().pointsAt(t().kinds[kind] ?? kind, node.slice(node.indexOf(":") + 1, node.indexOf(":") + 13));
      span.dataset.title = span.title;
      fragment.append(span);
    });
    text.replaceWith(fragment);
  }
}

// Puts the tooltip beside the pointer, inside the window: a node at the right edge has its digests
// shown to its left, not cut off.
function placeNear(tooltip, x, y) {
  const gap = 12;
  const width = tooltip.offsetWidth;
  const height = tooltip.offsetHeight;
  const left = x + gap + width <= window.innerWidth ? x + gap : Math.max(0, x - gap - width);
  const top = y + gap + height <= window.innerHeight ? y + gap : Math.max(0, y - gap - height);
  tooltip.style.left = left + "px";
  tooltip.style.top = top + "px";
}

// An ID whose node the store's picture no longer has (an rmi deleted it) is no longer dotted: it
// points at nothing.
function markGoneIDs() {
  const drawn = new Set([...document.querySelectorAll("#store g.node > title")].map((title) => title.textContent));
  for (const span of document.querySelectorAll("#terminal span.id")) {
    const gone = !drawn.has(span.dataset.node);
    span.classList.toggle("gone", gone);
    // Its tooltip said where the node is: gone, it says nothing.
    span.title = gone ? "" : span.dataset.title;
  }
}

// Lights up, in the terminal, the IDs that stand for a node of the picture the pointer is on.
function pointFromPicture(node) {
  for (const span of document.querySelectorAll("#terminal span.id.pointed")) span.classList.remove("pointed");
  if (!node) return;
  for (const span of document.querySelectorAll("#terminal span.id")) {
    if (span.dataset.node === node) span.classList.add("pointed");
  }
}

// Lights up, in the store's picture, the node an ID in the terminal stands for.
function pointAt(node) {
  for (const marked of document.querySelectorAll("#store g.node.pointed")) marked.classList.remove("pointed");
  if (!node) return;
  for (const title of document.querySelectorAll("#store g.node > title")) {
    if (title.textContent === node) title.parentElement.classList.add("pointed");
  }
}

// The lesson's Markdown for a task: `code` and **bold**, everything else as text.
function showMarkdown(element, text) {
  element.replaceChildren();
  for (const part of text.split(/(`[^`]+`|\*\*[^*]+\*\*)/)) {
    if (part.startsWith("`") && part.endsWith("`") && part.length > 1) {
      const code = document.createElement("code");
      code.textContent = part.slice(1, -1);
      element.append(code);
    } else if (part.startsWith("**") && part.endsWith("**") && part.length > 3) {
      const strong = document.createElement("strong");
      strong.textContent = part.slice(2, -2);
      element.append(strong);
    } else {
      element.append(part);
    }
  }
}

async function render(reply, highlight) {
  const levelChanged = reply.level.id !== currentLevel;
  currentLevel = reply.level.id;
  store("level", currentLevel);
  details = reply.details;
  // The picture is drawn anew: a tooltip for a node of the old one would stay over nothing.
  $("hover").hidden = true;
  $("level-title").textContent = reply.level.title;
  showMarkdown($("task"), reply.level.task);
  const files = reply.level.files.map((file) => "`" + file + "`").join(", ");
  showMarkdown($("files"), files ? t().files(files) : "");
  $("registry").textContent = reply.level.registry ? t().registry(reply.level.registry) : "";
  const goal = $("goal");
  goal.replaceChildren();
  if (reply.goal.length === 0) {
    const item = document.createElement("li");
    item.textContent = t().noGoal;
    goal.append(item);
  }
  for (const line of reply.goal) {
    const item = document.createElement("li");
    item.className = line.holds ? "holds" : "pending";
    showMarkdown(item, line.text);
    goal.append(item);
  }
  $("counter").textContent = t().commands(reply.counted, reply.reference);
  if (reply.solved && solved[currentLevel] === undefined) {
    solved[currentLevel] = reply.counted;
    store("solved", solved);
  }
  lastSolved = reply.solved;
  // The sandbox has no goal: nothing to hint at, no solution.
  for (const button of document.querySelectorAll('#buttons button[data-line="hint"], #buttons button[data-line="show solution"]')) {
    button.hidden = reply.level.id === "sandbox";
  }
  $("solved").hidden = !reply.solved;
  $("solved").textContent = reply.solved ? t().solved(reply.counted, reply.reference) : "";
  showPicture($("store"), reply.store, highlight && !levelChanged);
  headings.store = reply.storeHeading ?? null;
  showHeadings();
  markGoneIDs();
  $("last-figure").hidden = !reply.lastDiagram;
  // Below the goal, the last command's diagram is out of sight: a link at the top leads to it.
  $("to-last").hidden = !reply.lastDiagram;
  $("to-last").classList.remove("new");
  if (reply.lastDiagram && highlight && reply.ran) {
    void $("to-last").offsetWidth; // restarts the animation
    $("to-last").classList.add("new");
  }
  if (reply.lastDiagram) showPicture($("last-diagram"), reply.lastDiagram.svg, false);
  // A level with a registry draws what it holds: a push changes it, and the store picture cannot show it.
  $("registry-figure").hidden = !reply.registry;
  $("to-registry").hidden = !reply.registry;
  if (reply.registry) showPicture($("registry-picture"), reply.registry, highlight && !levelChanged);
  markLevels();
  $("terminal").scrollTop = $("terminal").scrollHeight;
  // The goal is drawn with the level's registry address, which a reopened level may change.
  const goalKey = `${reply.level.id} ${reply.level.registry ?? ""}`;
  if (goalKey !== goalDrawnFor) {
    goalDrawnFor = goalKey;
    await loadGoalPicture();
  } else {
    markDifferences();
  }
}

// Marks, node by node (a tag, an image, a layer, a container), what the goal picture has and
// the store does not, and what the store has and the goal does not; the check itself is the
// goal list's, on the server.
// Each node's title with the titles of the nodes its edges lead to: a tag that points to another
// image is the same node with another edge.
function nodeLinks(container) {
  const links = new Map([...nodeTitles(container)].map((title) => [title, []]));
  for (const title of container.querySelectorAll("g.edge > title")) {
    const [from, to] = title.textContent.split("->");
    if (links.has(from)) links.get(from).push(to);
  }
  return links;
}

const kindOf = (title) => title.slice(0, title.indexOf(":"));

// A commit or a build made at another moment than the reference solution's has other IDs, and so
// has a container: the store's nodes that stand where the goal's do get the goal's titles. An
// image is the goal's when a name both pictures have points to it; its layers, down the chain, and
// its parents follow, one edge of a kind to one edge of the same kind; a container goes by its name.
// Only nodes that neither picture has already are paired, so a real difference stays one.
function counterparts(store, goal, storeLinks, goalLinks) {
  const paired = new Map();
  const taken = new Set();
  const pair = (own, theirs) => {
    if (own === theirs || paired.has(own) || storeLinks.has(theirs) || goalLinks.has(own)) return false;
    if (kindOf(own) !== kindOf(theirs) || taken.has(theirs)) return false;
    paired.set(own, theirs);
    taken.add(theirs);
    return true;
  };
  const follow = (own, theirs) => {
    for (const kind of ["image", "layer"]) {
      const mine = (storeLinks.get(own) ?? []).filter((to) => kindOf(to) === kind);
      const goals = (goalLinks.get(theirs) ?? []).filter((to) => kindOf(to) === kind);
      if (mine.length === 1 && goals.length === 1 && pair(mine[0], goals[0])) follow(mine[0], goals[0]);
    }
  };
  const named = (container) => new Map([...container.querySelectorAll("g.node")]
    .filter((node) => kindOf(node.querySelector("title")?.textContent ?? "") === "container")
    .map((node) => [[...node.querySelectorAll("text")].pop()?.textContent, node.querySelector("title").textContent]));
  const goalContainers = named(goal);
  for (const [name, own] of named(store)) {
    if (goalContainers.has(name) && pair(own, goalContainers.get(name))) follow(own, goalContainers.get(name));
  }
  for (const [title, targets] of storeLinks) {
    if (kindOf(title) !== "tag" || !goalLinks.has(title)) continue;
    const theirs = goalLinks.get(title);
    if (targets.length === 1 && theirs.length === 1 && pair(targets[0], theirs[0])) follow(targets[0], theirs[0]);
  }
  return paired;
}

function markDifferences() {
  const goal = $("goal-picture");
  const store = $("store");
  const drawn = goal.querySelector("svg") !== null;
  const goalLinks = nodeLinks(goal);
  const storeLinks = nodeLinks(store);
  const paired = counterparts(store, goal, storeLinks, goalLinks);
  const as = (title) => paired.get(title) ?? title;
  const joined = (links, rename) =>
    new Map([...links].map(([title, targets]) => [rename(title), targets.map(rename).sort().join("\n")]));
  const mark = (container, own, others, rename, name) => {
    let count = 0;
    for (const node of container.querySelectorAll("g.node")) {
      const title = node.querySelector("title")?.textContent;
      const key = title === undefined ? undefined : rename(title);
      const differs = drawn && key !== undefined && (!others.has(key) || others.get(key) !== own.get(key));
      node.classList.toggle(name, differs);
      if (differs) count += 1;
    }
    return count;
  };
  const mine = joined(storeLinks, as);
  const theirs = joined(goalLinks, (title) => title);
  const missing = mark(goal, theirs, mine, (title) => title, "missing");
  const extra = mark(store, mine, theirs, as, "extra");
  const note = $("goal-differences");
  note.hidden = !drawn;
  // An empty goal has nothing for the store to lack: "everything is there" would read as done.
  const empty = goal.querySelector("g.node") === null;
  note.textContent = (empty ? t().emptyGoal : t().missing(missing, extra)) + (paired.size > 0 ? t().paired(paired.size) : "");
  // What the store has too much is said beside the store, where it is marked.
  $("now-differences").hidden = !drawn || extra === 0;
  $("now-differences").textContent = t().extra(extra);
}

async function loadGoalPicture() {
  const figure = $("goal-figure");
  const level = currentLevel;
  figure.hidden = level === "sandbox";
  $("goal-picture").replaceChildren();
  headings.goal = null;
  showHeadings();
  if (level === "sandbox") {
    // No goal: nothing is marked as differing from one, nor said to (the last level's marks go).
    markDifferences();
    return;
  }
  $("goal-picture").textContent = t().working;
  try {
    const goal = await api("/api/goal/" + encodeURIComponent(level));
    if (goal.level === currentLevel) {
      $("goal-picture").innerHTML = goal.svg;
      headings.goal = goal.heading;
      showHeadings();
    }
    markDifferences();
  } catch (error) {
    $("goal-picture").textContent = error.message;
  }
}

// Keeps `typed` as long as the server's count: a command adds its line, undo and reset cut.
function remember(reply, line) {
  const level = reply.level.id;
  const lines = (typed[level] ?? []).slice(0, reply.ran ? reply.commands - 1 : reply.commands);
  if (reply.ran) lines.push(line);
  typed[level] = lines;
  store("typed", typed);
}

async function send(line) {
  const input = $("command");
  zoom(null);
  input.disabled = true;
  document.body.classList.add("busy");
  try {
    const reply = await api("/api/command", { line });
    remember(reply, line);
    appendEntry(reply, line);
    if (reply.level.id !== currentLevel) {
      appendEntry({ output: t().opened(reply.level.title), status: 0, narration: [], divider: true });
    }
    await render(reply, true);
  } catch (error) {
    appendEntry({ output: error.message, status: 1, narration: [] }, line);
  } finally {
    input.disabled = false;
    document.body.classList.remove("busy");
    input.focus();
  }
}

// The terminal again in the new language: the level's commands, their output and their
// narration, told by the server from the same events.
async function retell() {
  const transcript = await api("/api/transcript");
  $("terminal").replaceChildren();
  appendEntry({ output: t().retold(transcript.entries.length), status: 0, narration: [] });
  for (const entry of transcript.entries) appendEntry(entry, entry.ran);
}

function complete(input) {
  const text = input.value;
  const wordsTyped = text.split(/\s+/);
  const current = wordsTyped[wordsTyped.length - 1];
  const command = ["docker", "layerlab"].includes(wordsTyped[0]) ? wordsTyped.slice(1) : wordsTyped;
  const candidates = wordsTyped.length === 1
    ? [...playgroundCommands, ...commandNames, "docker"]
    : wordsTyped.length === 2 && wordsTyped[0] === "level"
      ? levels.map((level) => level.id)
      : command.length === 1 ? commandNames
        : current.startsWith("-") ? flagsOf(command) : [];
  const matches = [...new Set(candidates)].filter((candidate) => candidate.startsWith(current));
  if (matches.length === 0) return;
  let common = matches[0];
  for (const match of matches) while (!match.startsWith(common)) common = common.slice(0, -1);
  const completed = matches.length === 1 ? matches[0] + " " : common;
  input.value = text.slice(0, text.length - current.length) + completed;
}

// The flags of the command being typed: its subcommand's (`system df`) when there is one.
function flagsOf(command) {
  return commandFlags[command.slice(0, 2).join(" ")] ?? commandFlags[command[0]] ?? [];
}

function wire() {
  $("prompt").addEventListener("submit", (event) => {
    event.preventDefault();
    const line = $("command").value.trim();
    if (!line) return;
    history = [...history.filter((old) => old !== line), line].slice(-200);
    store("history", history);
    historyIndex = history.length;
    $("command").value = "";
    // The terminal's own: the page forgets what it showed, the level and its count stay.
    if (line === "clear") {
      $("terminal").replaceChildren();
      return;
    }
    send(line);
  });
  $("command").addEventListener("keydown", (event) => {
    const input = event.target;
    if (event.key === "ArrowUp" && historyIndex > 0) {
      historyIndex -= 1;
      input.value = history[historyIndex];
      event.preventDefault();
    } else if (event.key === "ArrowDown") {
      historyIndex = Math.min(history.length, historyIndex + 1);
      input.value = history[historyIndex] ?? "";
      event.preventDefault();
    } else if (event.key === "Tab") {
      event.preventDefault();
      complete(input);
    }
  });
  for (const button of document.querySelectorAll("#buttons button")) {
    button.addEventListener("click", () => send(button.dataset.line));
  }
  $("lang").addEventListener("click", async () => {
    lang = lang === "zh" ? "en" : "zh";
    store("lang", lang);
    applyWords();
    await loadLevels();
    currentLevel = null;
    goalDrawnFor = null;
    await retell();
    await render(await api("/api/state"), false);
  });
  $("store").addEventListener("mouseover", (event) => {
    const node = event.target.closest("g.node");
    const title = node && node.querySelector("title");
    pointFromPicture(title?.textContent);
    const text = title && details[title.textContent];
    const hover = $("hover");
    hover.hidden = !text;
    if (text) {
      hover.textContent = text;
      placeNear(hover, event.clientX, event.clientY);
    }
  });
  $("store").addEventListener("mouseleave", () => {
    $("hover").hidden = true;
    pointFromPicture(null);
  });
  $("terminal").addEventListener("mouseover", (event) => pointAt(event.target.closest("span.id")?.dataset.node));
  $("terminal").addEventListener("mouseleave", () => pointAt(null));
  for (const picture of document.querySelectorAll(".picture")) {
    picture.addEventListener("click", () => zoom(picture));
  }
  $("unzoom").addEventListener("click", () => zoom(null));
  document.addEventListener("keydown", (event) => { if (event.key === "Escape") zoom(null); });
}

// A picture scaled down to fit beside the terminal opens at its own size over the page, with a
// button that closes it; `zoom(null)` closes whichever is open (a command sent closes it too, so
// its answer is not hidden behind it).
function zoom(picture) {
  for (const other of document.querySelectorAll(".picture.zoomed")) {
    if (other !== picture) {
      other.classList.remove("zoomed");
      other.title = t().enlarge;
    }
  }
  const zoomed = picture !== null && picture.querySelector("svg") !== null && !picture.classList.contains("zoomed");
  picture?.classList.toggle("zoomed", zoomed);
  if (picture) picture.title = zoomed ? t().shrink : t().enlarge;
  $("unzoom").hidden = !zoomed;
}

async function start() {
  try {
    const chosen = (await api("/api/language")).language;
    if (chosen && stored("lang", null) === null) lang = chosen;
  } catch { /* the browser's language stays */ }
  applyWords();
  wire();
  try {
    const commands = await api("/api/commands");
    commandNames = commands.names;
    commandFlags = commands.flags ?? {};
  } catch { /* the built-in list stays */ }
  await loadLevels();
  let state = await api("/api/state");
  const wanted = stored("level", null);
  if (wanted && wanted !== state.level.id && (wanted === "sandbox" || levels.some((level) => level.id === wanted))) {
    state = await api("/api/command", { line: wanted === "sandbox" ? "sandbox" : "level " + wanted });
  }
  appendEntry({ output: t().welcome, status: 0, narration: [] });
  const replay = typed[state.level.id] ?? [];
  if (state.commands === 0 && replay.length > 0) {
    appendEntry({ output: t().replaying(replay.length), status: 0, narration: [] });
    for (const line of replay) {
      state = await api("/api/command", { line });
      remember(state, line);
      appendEntry(state, line);
    }
  }
  await render(state, false);
  document.body.dataset.ready = "true";
}

start().catch((error) => appendEntry({ output: String(error), status: 1, narration: [] }));
