// The pictures on the right: each drawn by the server from the trace's events, replaced as a whole
// after every command, with what is new flashing for a moment; a click shows one at its own size.
import { $, t } from "./page.js";

export function nodeTitles(container) {
  return new Set([...container.querySelectorAll("g.node > title")].map((title) => title.textContent));
}

// The store's and the goal's pictures come without their title and key, which are set here as text:
// shrunk to fit the pane, a key drawn inside the picture read at a few pixels. One key, above the
// store, serves both pictures: the store's samples, then any only the goal has.
const headings = { store: null, goal: null };
// `which` is "store" or "goal"; `heading` is the server's (title and key), or null for none.
export function showHeading(which, heading) {
  headings[which] = heading ?? null;
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
export function showPicture(container, svg, highlight) {
  const before = nodeTitles(container);
  container.innerHTML = svg;
  if (!highlight) return;
  for (const node of container.querySelectorAll("g.node")) {
    const title = node.querySelector("title");
    if (title && !before.has(title.textContent)) node.classList.add("fresh");
  }
}

// A picture scaled down to fit beside the terminal opens at its own size over the page, with a
// button that closes it; `zoom(null)` closes whichever is open (a command sent closes it too, so
// its answer is not hidden behind it).
export function zoom(picture) {
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

export function wireZoom() {
  for (const picture of document.querySelectorAll(".picture")) {
    picture.addEventListener("click", () => zoom(picture));
  }
  $("unzoom").addEventListener("click", () => zoom(null));
  document.addEventListener("keydown", (event) => { if (event.key === "Escape") zoom(null); });
}
