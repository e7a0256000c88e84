// The terminal: each command as typed, what it printed, and its narration under it.
import { $, page, t } from "./page.js";
import { linkIDs } from "./pointing.js";

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

export function appendEntry(reply, line) {
  const terminal = $("terminal");
  // An entry's IDs point at what its own reply drew: an image the command deleted is not dotted.
  const known = reply.aliases ?? page.aliases;
  Object.assign(page.aliases, reply.aliases ?? {});
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
  if (reply.gist || reply.narration.length > 0) {
    const list = reply.gist ? gistFirst(reply.gist, reply.narration) : narrationList(reply.narration);
    terminal.append(list);
    linkIDs(list, known);
  }
  terminal.scrollTop = terminal.scrollHeight;
}

// What the learner must read stays in sight: what the command changed, in one plain sentence, then a
// refusal, a failure and what to do instead. The engine's steps, told one by one, are folded under
// "step by step", closed for every command: a trial learner who opened one once, and found every
// later one open, lost the plain sentence above a long list.
const inSight = new Set(["refusal", "failure", "advice"]);
function gistFirst(gist, narration) {
  const list = document.createElement("ul");
  list.className = "narration";
  const first = document.createElement("li");
  first.className = "gist";
  first.textContent = gist;
  list.append(first, ...narration.filter((line) => inSight.has(line.kind)).map(narrationItem));
  // A line the gist already says (a search's) is not said twice.
  const steps = narration.filter((line) => !inSight.has(line.kind) && line.text !== gist);
  const told = steps.filter((line) => line.kind !== "heading").length;
  // A command's heading alone repeats the line typed above: nothing to open.
  if (told === 0) return list;
  const folded = document.createElement("li");
  folded.className = "steps";
  const details = document.createElement("details");
  // Opened at the terminal's foot, the steps would stay below its edge: they are brought into view,
  // from their first line when they are taller than the terminal.
  details.addEventListener("toggle", () => {
    if (!details.open) return;
    const tall = details.offsetHeight > $("terminal").clientHeight;
    details.scrollIntoView({ block: tall ? "start" : "nearest" });
  });
  const summary = document.createElement("summary");
  summary.textContent = t().steps(told);
  const inner = narrationList(steps);
  inner.className = "";
  details.append(summary, inner);
  folded.append(details);
  list.append(folded);
  return list;
}

function narrationItem(line) {
  const item = document.createElement("li");
  item.className = line.kind;
  item.textContent = line.text;
  return item;
}

function narrationList(narration) {
  const list = document.createElement("ul");
  list.className = "narration";
  let exchanges = null;
  for (const line of narration) {
    const item = narrationItem(line);
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
  return list;
}

// The lesson's Markdown for a task: `code` and **bold**, everything else as text.
export function showMarkdown(element, text) {
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
