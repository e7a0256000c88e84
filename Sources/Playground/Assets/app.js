// The playground page: a command box, the narration under each command, and the store drawn
// beside it. Everything shown comes from the server, which draws it from the trace's events.
import { knowCommands, wireCommandBox } from "./commandbox.js";
import { loadGoalPicture, markDifferences } from "./goal.js";
import { $, page, store, stored, t } from "./page.js";
import { showHeading, showPicture, wireZoom, zoom } from "./pictures.js";
import { markGoneIDs, wirePointing } from "./pointing.js";
import { api } from "./server.js";
import { appendEntry, showMarkdown } from "./terminal.js";

// The level and registry the goal picture was drawn for.
let goalDrawnFor = null;

function applyWords() {
  document.documentElement.lang = page.lang === "zh" ? "zh-CN" : "en";
  for (const element of document.querySelectorAll("[data-word]")) element.textContent = t()[element.dataset.word];
  $("lang").textContent = t().other;
  $("counter").title = t().counting;
  for (const picture of document.querySelectorAll(".picture")) picture.title = t().enlarge;
}

async function loadLevels() {
  page.levels = (await api("/api/levels")).levels;
  const nav = $("levels");
  nav.replaceChildren();
  page.levels.forEach((level, index) => nav.append(levelButton(level.id, `${index + 1}`, level.title)));
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
    const current = button.dataset.level === page.currentLevel;
    button.classList.toggle("current", current);
    button.textContent = current && button.title !== button.dataset.label
      ? `${button.dataset.label} · ${button.title}` : button.dataset.label;
    button.classList.toggle("solved", page.solved[button.dataset.level] !== undefined);
  }
}

async function render(reply, highlight) {
  const levelChanged = reply.level.id !== page.currentLevel;
  page.currentLevel = reply.level.id;
  store("level", page.currentLevel);
  page.details = reply.details;
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
  if (reply.solved && page.solved[page.currentLevel] === undefined) {
    page.solved[page.currentLevel] = reply.counted;
    store("solved", page.solved);
  }
  page.lastSolved = reply.solved;
  // The sandbox has no goal: nothing to hint at, no solution.
  for (const button of document.querySelectorAll('#buttons button[data-line="hint"], #buttons button[data-line="show solution"]')) {
    button.hidden = reply.level.id === "sandbox";
  }
  $("solved").hidden = !reply.solved;
  $("solved").textContent = reply.solved ? t().solved(reply.counted, reply.reference) : "";
  showPicture($("store"), reply.store, highlight && !levelChanged);
  showHeading("store", reply.storeHeading);
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

// Keeps `typed` as long as the server's count: a command adds its line, undo and reset cut.
function remember(reply, line) {
  const level = reply.level.id;
  const lines = (page.typed[level] ?? []).slice(0, reply.ran ? reply.commands - 1 : reply.commands);
  if (reply.ran) lines.push(line);
  page.typed[level] = lines;
  store("typed", page.typed);
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
    if (reply.level.id !== page.currentLevel) {
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

function wire() {
  wireCommandBox(send);
  for (const button of document.querySelectorAll("#buttons button")) {
    button.addEventListener("click", () => send(button.dataset.line));
  }
  $("lang").addEventListener("click", async () => {
    page.lang = page.lang === "zh" ? "en" : "zh";
    store("lang", page.lang);
    applyWords();
    await loadLevels();
    page.currentLevel = null;
    goalDrawnFor = null;
    await retell();
    await render(await api("/api/state"), false);
  });
  wirePointing();
  wireZoom();
}

async function start() {
  try {
    const chosen = (await api("/api/language")).language;
    if (chosen && stored("lang", null) === null) page.lang = chosen;
  } catch { /* the browser's language stays */ }
  applyWords();
  wire();
  try {
    const commands = await api("/api/commands");
    knowCommands(commands.names, commands.flags);
  } catch { /* the built-in list stays */ }
  await loadLevels();
  let state = await api("/api/state");
  const wanted = stored("level", null);
  if (wanted && wanted !== state.level.id && (wanted === "sandbox" || page.levels.some((level) => level.id === wanted))) {
    state = await api("/api/command", { line: wanted === "sandbox" ? "sandbox" : "level " + wanted });
  }
  appendEntry({ output: t().welcome, status: 0, narration: [] });
  const replay = page.typed[state.level.id] ?? [];
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
