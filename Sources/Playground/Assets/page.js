// What the page knows between one reply and the next. What must outlive a reload (the language, the
// levels solved, each level's commands) is kept in the browser's localStorage.
import { words } from "./words.js";

export const $ = (id) => document.getElementById(id);

export const stored = (key, fallback) => {
  try { return JSON.parse(localStorage.getItem("layerlab." + key)) ?? fallback; } catch { return fallback; }
};
export const store = (key, value) => localStorage.setItem("layerlab." + key, JSON.stringify(value));

// The learner's own choice (the language button) first, then `--lang`, then the browser's language;
// start() asks the playground for `--lang` before the page shows a word.
const browserLanguage = (navigator.language || "en").toLowerCase().startsWith("zh") ? "zh" : "en";

export const page = {
  lang: stored("lang", browserLanguage),
  // Each solved level with its count.
  solved: stored("solved", {}),
  // Each level's commands as the server counts them, so that after the server restarted (its stores
  // are gone) a reload plays them again.
  typed: stored("typed", {}),
  levels: [],
  currentLevel: null,
  lastSolved: false,
  // What hovering over each node of the store's picture shows (by its SVG title).
  details: {},
  // Which node each ID the terminal prints stands for (12 hex digits → SVG title), gathered over the
  // session: the terminal retold in another language has no answer of its own to take them from.
  aliases: {},
};

export const t = () => words[page.lang];
