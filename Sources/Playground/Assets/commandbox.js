// The command box: history with the arrow keys, and Tab completing from the argument parser's
// command tree (the playground's own commands, layerlab's, their flags, the levels).
import { $, page, store, stored } from "./page.js";

const playgroundCommands = ["help", "levels", "level", "sandbox", "hint", "undo", "reset", "show goal", "show solution",
  "ls", "cat"];
// Until the playground says which commands and flags its layerlab has.
let commandNames = ["images", "pull", "push", "tag", "rmi", "run", "create", "start", "rm", "ps", "commit", "build",
  "history", "inspect", "diff", "analyze", "search", "login", "logout", "save", "load", "import", "export", "image",
  "system", "graph", "explain"];
let commandFlags = {};
let history = stored("history", []);
let historyIndex = history.length;

export function knowCommands(names, flags) {
  commandNames = names;
  commandFlags = flags ?? {};
}

function complete(input) {
  const text = input.value;
  const wordsTyped = text.split(/\s+/);
  const current = wordsTyped[wordsTyped.length - 1];
  const command = ["docker", "layerlab"].includes(wordsTyped[0]) ? wordsTyped.slice(1) : wordsTyped;
  const candidates = wordsTyped.length === 1
    ? [...playgroundCommands, ...commandNames, "docker"]
    : wordsTyped.length === 2 && wordsTyped[0] === "level"
      ? page.levels.map((level) => level.id)
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

// Each line entered goes to `send`, but `clear`, the terminal's own: the page forgets what it
// showed, the level and its count stay.
export function wireCommandBox(send) {
  $("prompt").addEventListener("submit", (event) => {
    event.preventDefault();
    const line = $("command").value.trim();
    if (!line) return;
    history = [...history.filter((old) => old !== line), line].slice(-200);
    store("history", history);
    historyIndex = history.length;
    $("command").value = "";
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
}
