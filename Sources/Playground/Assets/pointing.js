// Pointing both ways between the terminal and the store's picture: an ID the terminal printed lights
// up its node, and a node pointed at lights up its IDs and shows its digests, size and sharers.
import { $, page, t } from "./page.js";

// Wraps each ID in `element`'s text that stands for a node of the picture (a layer's blob, diff ID
// or chain ID; an image's or a container's ID, short or whole) in a span that points at the node.
export function linkIDs(element, known) {
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
export function markGoneIDs() {
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

export function wirePointing() {
  $("store").addEventListener("mouseover", (event) => {
    const node = event.target.closest("g.node");
    const title = node && node.querySelector("title");
    pointFromPicture(title?.textContent);
    const text = title && page.details[title.textContent];
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
}
