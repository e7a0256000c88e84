// The goal's picture beside the store's, and what differs between them marked node by node.
import { $, page, t } from "./page.js";
import { nodeTitles, showHeading } from "./pictures.js";
import { api } from "./server.js";

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

export function markDifferences() {
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
  note.textContent = (empty ? t().emptyGoal : t().missing(missing, extra, page.lastSolved)) + (paired.size > 0 ? t().paired(paired.size) : "");
  // How the IDs are paired is there for whoever points at the note, not in the way of the rest.
  note.title = paired.size > 0 ? t().pairedWhy : "";
  // What the store has too much is said beside the store, where it is marked.
  $("now-differences").hidden = !drawn || extra === 0;
  $("now-differences").textContent = t().extra(extra);
}

export async function loadGoalPicture() {
  const figure = $("goal-figure");
  const level = page.currentLevel;
  figure.hidden = level === "sandbox";
  $("goal-picture").replaceChildren();
  showHeading("goal", null);
  if (level === "sandbox") {
    // No goal: nothing is marked as differing from one, nor said to (the last level's marks go).
    markDifferences();
    return;
  }
  $("goal-picture").textContent = t().working;
  try {
    const goal = await api("/api/goal/" + encodeURIComponent(level));
    if (goal.level === page.currentLevel) {
      $("goal-picture").innerHTML = goal.svg;
      showHeading("goal", goal.heading);
    }
    markDifferences();
  } catch (error) {
    $("goal-picture").textContent = error.message;
  }
}
