#!/usr/bin/python3
"""Plays every level of `layerlab playground` in headless Chromium, as a learner would, and reports
what the page showed, as JSON.

Starts `LAYERLAB playground --port 0` (a free port on 127.0.0.1) and stops it at the end. For each
language asked for, it first solves level 04 another way than its reference (other IDs, which the
pictures must still pair with the goal's); then, for each level: opens it by clicking its button, types `show solution`,
types each line the answer gave into the command box, and records after each command the layer
graph's nodes, the goal list, the counter and the solved banner. Then, on the last level, `undo`
must bring the previous picture back and take the banner away; then the playground is restarted on
its port and the page reloaded, which must play that level's commands again (the same nodes, though
with other IDs: the new playground has a clock of its own), and the language button
pressed, which must tell the terminal again in the other language. Also reported: the goal picture of
each level, whether the Chinese page shows Chinese in its title and in the graph, how far the terminal
ran past its width, each output block's lines against its rows on the page, marked nodes that do not
look marked, and the browser console's errors. With --screenshots DIR it photographs each solved level as DIR/LANG/LEVEL.png.

With --page-lang zh|en it starts the playground with `--lang` and reports only what a first visit
shows (the browser itself is English), without playing.

Usage: play-in-browser.py LAYERLAB [--screenshots DIR] [--lang en,zh] [--levels ID,ID] [--page-lang zh]
Exit 0 with the report on stdout; exit 2 when the playground or the browser cannot start.
"""
import argparse
import json
import os
import re
import subprocess
import sys
import time

from headless_chromium import browser

TIMEOUT = 120


def start_playground(layerlab, port=0, options=()):
    process = subprocess.Popen([layerlab, "playground", "--port", str(port), *options], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    line = process.stdout.readline()
    match = re.search(r"http://127\.0\.0\.1:\d+/", line)
    if not match:
        process.kill()
        raise RuntimeError("the playground did not start: " + line + process.stderr.read())
    return process, match.group(0)


def wait(driver, condition, what):
    deadline = time.time() + TIMEOUT
    while time.time() < deadline:
        value = driver.execute_script(condition)
        if value:
            return value
        time.sleep(0.1)
    raise RuntimeError("timed out waiting for " + what)


def idle(driver):
    wait(driver, "return document.body.dataset.ready === 'true' && !document.body.classList.contains('busy')"
                 " && !document.getElementById('command').disabled", "the page to be idle")


def type_line(driver, line):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    box = driver.find_element(By.ID, "command")
    box.clear()
    box.send_keys(line)
    box.send_keys(Keys.ENTER)
    time.sleep(0.05)
    idle(driver)


SEEN = r"""
const texts = (selector) => Array.from(document.querySelectorAll(selector)).map((e) => e.textContent);
return {
  level: document.getElementById('level-title').textContent,
  nodes: texts('#store svg g.node > title').sort(),
  fresh: texts('#store svg g.node.fresh > title'),
  storeText: texts('#store svg text, #store .picture-heading').join(' '),
  // The store's picture as shown, in pixels: its smallest node text (the picture is shrunk to fit)
  // and the type of its key, which the page sets as text above it.
  storeType: (() => {
    const svg = document.querySelector('#store svg');
    if (!svg) return null;
    const perUnit = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
    const nodes = Array.from(svg.querySelectorAll('g.node text')).map((t) => parseFloat(t.getAttribute('font-size')) * perUnit);
    const key = Array.from(document.querySelectorAll('#store .picture-heading .key span')).map((s) => parseFloat(getComputedStyle(s).fontSize));
    return {node: nodes.length ? Math.min(...nodes) : null, key: key.length ? Math.min(...key) : null};
  })(),
  goal: Array.from(document.querySelectorAll('#goal li')).map((e) => ({text: e.textContent, holds: e.classList.contains('holds')})),
  counter: document.getElementById('counter').textContent,
  solved: !document.getElementById('solved').hidden,
  banner: document.getElementById('solved').textContent,
  lastOutput: (texts('#terminal pre').slice(-1)[0] || ''),
  // The last command's narration as shown: its gist, the kinds of the lines in sight, and whether the
  // steps folded under the gist are closed (null when nothing is folded).
  lastNarration: (() => {
    let entry = Array.from(document.querySelectorAll('#terminal > .typed')).pop();
    let list = null;
    while (entry && (entry = entry.nextElementSibling) && !entry.classList.contains('typed')) {
      if (entry.matches('ul.narration')) list = entry;
    }
    if (!list) return {gist: null, inSight: [], folded: null, foldedLines: 0};
    const gist = list.querySelector(':scope > li.gist');
    const steps = list.querySelector(':scope > li.steps > details');
    return {gist: gist ? gist.textContent : null,
            inSight: Array.from(list.querySelectorAll(':scope > li:not(.steps)')).map((li) => li.className),
            folded: steps ? !steps.open : null, foldedLines: steps ? steps.querySelectorAll('li').length : 0};
  })(),
  lastDiagram: document.querySelector('#last-diagram svg') !== null && !document.getElementById('last-figure').hidden,
  // What the level's registry holds: its tags, manifests and blobs (none drawn when it has no registry).
  registry: document.getElementById('registry-figure').hidden ? []
    : texts('#registry-picture svg g.node > title'),
  solvedMarks: texts('#levels button.solved'),
  // How far the terminal's widest line runs past its width: a digest that does not wrap makes it scroll sideways.
  terminalOverflow: document.getElementById('terminal').scrollWidth - document.getElementById('terminal').clientWidth,
  // Nodes marked new, missing or extra whose shape does not show it (a node with a tooltip keeps its
  // shapes one level down, inside a link).
  unseenMarks: Array.from(document.querySelectorAll('g.node.fresh, #goal-picture g.node.missing, #store g.node.extra'))
    .filter((node) => {
      const shape = node.querySelector('polygon, path, ellipse');
      const style = shape && getComputedStyle(shape);
      return !style || (node.classList.contains('fresh') ? style.animationName !== 'fresh' : style.strokeDasharray === 'none');
    }).length,
  missing: document.querySelectorAll('#goal-picture g.node.missing').length,
  extra: document.querySelectorAll('#store g.node.extra').length,
};
"""


def smallest_type(types):
    """The store picture's smallest node text and key type over a level's commands (an empty store has none)."""
    def least(field):
        sizes = [kind[field] for kind in types if kind and kind[field] is not None]
        return min(sizes) if sizes else None
    return {"node": least("node"), "key": least("key")}


def stop_playground(process):
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()


def restarted(driver, layerlab, process, url, redo):
    """Types `redo` (what the undo took back), stops the playground, starts it again on the same port
    (so the page keeps its storage) and reloads: the page must play the level's commands again.
    Returns the new process and both views."""
    type_line(driver, redo)
    before = seen(driver)
    stop_playground(process)
    process, _ = start_playground(layerlab, int(url.rstrip("/").rsplit(":", 1)[1]))
    driver.get(url)
    idle(driver)
    after = seen(driver)
    # The restarted playground has a clock of its own, so its images have other IDs: the nodes are
    # compared by kind, tags by name.
    kinds = lambda nodes: sorted(re.sub(r":[0-9a-f]{64}$", "", node) for node in nodes)
    view = lambda page: {"level": page["level"], "nodes": kinds(page["nodes"]), "counter": page["counter"]}
    return process, {"before": view(before), "after": view(after)}


def switched(driver):
    """Presses the language button: the terminal must be told again, every command of the level with
    its narration in the other language."""
    from selenium.webdriver.common.by import By

    driver.find_element(By.ID, "lang").click()
    time.sleep(0.05)
    wait(driver, "return document.documentElement.lang === 'zh-CN'", "the page to switch language")
    idle(driver)
    texts = lambda selector: driver.execute_script(
        "return Array.from(document.querySelectorAll(arguments[0])).map((e) => e.textContent)", selector)
    return {"typed": len(texts("#terminal .typed")), "narration": texts("#terminal ul.narration li:not(.heading)"),
            "notes": texts("#terminal pre"), "counter": seen(driver)["counter"],
            "terms": texts("#terminal ul.narration li.term")}


def completed(driver, typed):
    """What Tab makes of `typed` in the command box."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    box = driver.find_element(By.ID, "command")
    box.clear()
    box.send_keys(typed)
    box.send_keys(Keys.TAB)
    value = box.get_attribute("value")
    box.clear()
    return value


# Whether a person can point at an ID: scrolled to, it is the element under its own middle.
POINTABLE = r"""
const span = arguments[0];
if (span.closest('details:not([open])')) return false;
span.scrollIntoView({block: 'center', inline: 'nearest'});
const box = span.getBoundingClientRect();
return document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2) === span;
"""


def seen(driver):
    return driver.execute_script(SEEN)


BLOCKS = r"""
return Array.from(document.querySelectorAll('#terminal pre')).map((pre) => {
  const lines = pre.textContent.replace(/\n$/, '').split('\n');
  // The lines wider than the terminal at its own type (about 72 columns at 1280 pixels).
  return {longest: Math.max(...lines.map((line) => line.length)), lines: lines.length,
          wide: lines.filter((line) => line.length > 72).length,
          // Rows of a table: columns set apart by two spaces or more.
          tableRows: lines.filter((line) => line.length > 72 && /\S {2,}\S/.test(line)).length,
          scale: parseFloat(getComputedStyle(pre).fontSize) / parseFloat(getComputedStyle(document.getElementById('terminal')).fontSize),
          // Without the scroll bar a wide table has beneath it.
          rows: Math.round(pre.clientHeight / parseFloat(getComputedStyle(pre).lineHeight))};
});
"""


def play_level(driver, level, screenshots, language):
    from selenium.webdriver.common.by import By

    driver.find_element(By.CSS_SELECTOR, f'#levels button[data-level="{level}"]').click()
    idle(driver)
    opened = seen(driver)
    missing = "return document.querySelectorAll('#goal-picture g.node.missing').length"
    extra = "return document.querySelectorAll('#store g.node.extra').length"
    wait(driver, "return document.querySelector('#goal-picture svg') !== null", "the goal picture")
    missing_at_start, extra_at_start = driver.execute_script(missing), driver.execute_script(extra)
    # Two hints: prose whose lines may be long, which is read at the terminal's own size.
    type_line(driver, "hint")
    type_line(driver, "hint")
    # A hint's `code` is shown as code, not as backticks.
    hint_code = driver.execute_script(
        "const pre = Array.from(document.querySelectorAll('#terminal pre')).pop();"
        "return {code: pre.querySelectorAll('code').length, backticks: pre.textContent.includes('`')};")
    type_line(driver, "show solution")
    lines = [line for line in seen(driver)["lastOutput"].splitlines() if line.strip()]
    steps = []
    for line in lines:
        type_line(driver, line)
        steps.append(seen(driver))
    goal_picture = wait(driver, "return document.querySelector('#goal-picture svg') !== null", "the goal picture")
    finished = seen(driver)
    # The link at the top of the pictures leads to the last command's diagram (floated, it lay over the
    # picture, and a click enlarged that instead).
    link_leads = None
    if finished["lastDiagram"]:
        driver.find_element(By.ID, "to-last").click()
        time.sleep(0.3)
        link_leads = driver.execute_script(
            "const top = document.getElementById('last-figure').getBoundingClientRect().top;"
            "return document.querySelector('.picture.zoomed') === null && top >= 0 && top < window.innerHeight;")
        driver.execute_script("document.getElementById('right').scrollTop = 0")
    if screenshots:
        folder = os.path.join(screenshots, language)
        os.makedirs(folder, exist_ok=True)
        driver.save_screenshot(os.path.join(folder, level + ".png"))
    # A hint asked once the level is solved says so, rather than nothing.
    type_line(driver, "hint")
    hint_when_solved = seen(driver)["lastOutput"]
    return {"hintWhenSolved": hint_when_solved, "hintCode": hint_code, "level": level, "title": opened["level"], "solution": lines, "goalAtStart": opened["goal"],
            "steps": [{"nodes": len(step["nodes"]), "fresh": len(step["fresh"]), "counter": step["counter"],
                       "lastDiagram": step["lastDiagram"], "registry": step["registry"],
                       "narration": step["lastNarration"]} for step in steps],
            "solved": finished["solved"], "banner": finished["banner"], "goal": finished["goal"],
            "linkLeads": link_leads,
            "terminalOverflow": max(step["terminalOverflow"] for step in steps),
            "unseenMarks": max(step["unseenMarks"] for step in steps),
            "blocks": driver.execute_script(BLOCKS),
            "goalPicture": bool(goal_picture), "storeText": finished["storeText"][:400],
            "storeType": smallest_type([step["storeType"] for step in steps + [finished]]),
            "missingAtStart": missing_at_start, "missingAtEnd": driver.execute_script(missing),
            "extraAtStart": extra_at_start, "extraAtEnd": driver.execute_script(extra),
            "before": steps[-2]["nodes"] if len(steps) > 1 else opened["nodes"], "after": finished["nodes"]}


LEVEL_COMMANDS = ["search", "pull", "images", "tag", "run", "create", "start", "ps", "diff", "commit", "rm", "build",
                  "login", "push", "rmi", "history", "inspect"]

# Level 04 solved another way than its reference: another container name, another file. The commit
# has other IDs than the goal's, yet it stands where the goal's does.
VARIANT = ("04-commit", ["run --name c1 tour/busybox:1.0 sh -c 'echo hello > /hello'", "commit c1 tour/hello:1.0",
                         "rm c1"])


def variant(driver):
    from selenium.webdriver.common.by import By

    level, lines = VARIANT
    driver.find_element(By.CSS_SELECTOR, f'#levels button[data-level="{level}"]').click()
    idle(driver)
    type_line(driver, "reset")
    steps = []
    for line in lines:
        type_line(driver, line)
        page = seen(driver)
        steps.append({"line": line, "missing": page["missing"], "extra": page["extra"], "solved": page["solved"]})
    return steps


def sandbox_after_level(driver, level):
    """Opens `level`, whose store starts with what its goal has not, then the sandbox: the marks and
    the note of the level's differences must go with its goal."""
    from selenium.webdriver.common.by import By

    driver.find_element(By.CSS_SELECTOR, f'#levels button[data-level="{level}"]').click()
    idle(driver)
    wait(driver, "return document.querySelector('#goal-picture svg') !== null", "the goal picture")
    marks = "return [document.querySelectorAll('#store g.node.extra').length, !document.getElementById('now-differences').hidden]"
    before = driver.execute_script(marks)
    type_line(driver, "sandbox")
    after = driver.execute_script(marks)
    # The sandbox has folders to build, on its one base.
    type_line(driver, "ls")
    files = seen(driver)["lastOutput"]
    type_line(driver, "build -q -t a:1 app")
    built = driver.execute_script("const pre = Array.from(document.querySelectorAll('#terminal pre')).pop();"
                                  "return !pre.classList.contains('failed') && pre.textContent.startsWith('sha256:');")
    return {"before": {"extra": before[0], "noted": before[1]}, "after": {"extra": after[0], "noted": after[1]},
            "files": files, "built": built}


def play(driver, url, language, levels, screenshots):
    driver.get(url)
    driver.execute_script(f"localStorage.clear(); localStorage.setItem('layerlab.lang', '\"{language}\"');")
    driver.get(url)
    idle(driver)
    available = driver.execute_script(
        "return Array.from(document.querySelectorAll('#levels button')).map((b) => b.dataset.level)")
    chosen = [level for level in available if level != "sandbox" and (not levels or level in levels)]
    # First, so that the last level played stays the one the undo, restart and language checks use.
    other_way = variant(driver) if not levels or VARIANT[0] in levels else []
    sandbox = sandbox_after_level(driver, "08-rmi") if "08-rmi" in chosen else None
    results = [play_level(driver, level, screenshots, language) for level in chosen]
    undo, look, zoom, pointing = {}, {}, {}, {}
    steps_in_view = False
    if results:
        # A click shows the store's picture larger, over the page; another puts it back.
        from selenium.webdriver.common.by import By

        width = "return document.querySelector('#store svg').getBoundingClientRect().width"
        before = driver.execute_script(width)
        driver.find_element(By.ID, "store").click()
        zoomed = driver.execute_script(width)
        driver.find_element(By.ID, "store").click()
        after = driver.execute_script(width)
        # The open picture has a button that closes it, and a command sent closes it too.
        driver.find_element(By.ID, "store").click()
        driver.find_element(By.ID, "unzoom").click()
        by_button = driver.execute_script(width)
        driver.find_element(By.ID, "store").click()
        type_line(driver, "help")
        zoom = {"before": before, "zoomed": zoomed, "after": after, "closedByButton": by_button,
                "closedByCommand": driver.execute_script("return document.querySelector('.picture.zoomed') === null"
                                                         " && document.getElementById('unzoom').hidden")}
        # An ID in the terminal points at its node in the store's picture.
        from selenium.webdriver.common.action_chains import ActionChains

        spans = driver.find_elements(By.CSS_SELECTOR, "#terminal span.id")
        drawn = driver.execute_script("return Array.from(document.querySelectorAll('#store g.node > title'))"
                                      ".map((t) => t.textContent)")
        # One a person can point at: not folded away under a closed "step by step", and inside the
        # terminal once scrolled to (a wide table's row may run past its edge).
        target = None
        for span in reversed(spans):
            if span.get_attribute("data-node") not in drawn:
                continue
            if driver.execute_script(POINTABLE, span):
                target = span
                break
        if target is not None:
            ActionChains(driver).move_to_element(target).perform()
        pointing = {"spans": len(spans), "node": target.get_attribute("data-node") if target is not None else "",
                    "lit": driver.execute_script("return Array.from(document.querySelectorAll('#store g.node.pointed'))"
                                                 ".map((n) => n.querySelector('title').textContent)"),
                    # IDs of what an earlier level's rmi deleted point at nothing, and are not dotted.
                    "gone": len(driver.find_elements(By.CSS_SELECTOR, "#terminal span.id.gone"))}
        # The other way: pointing at the node lights up its IDs in the terminal.
        if target is not None:
            node = next((title.find_element(By.XPATH, "..") for title
                         in driver.find_elements(By.CSS_SELECTOR, "#store g.node > title")
                         if title.get_attribute("textContent") == pointing["node"]), None)
            if node is not None:
                ActionChains(driver).move_to_element(node).perform()
                pointing["litInTerminal"] = driver.execute_script(
                    "return Array.from(document.querySelectorAll('#terminal span.id.pointed')).map((s) => s.dataset.node)")
        # Looking around after solving does not change the score; undo takes the look back with the
        # command before it (a look alone changed nothing).
        type_line(driver, "images")
        look = {"banner": seen(driver)["banner"], "expected": results[-1]["banner"]}
        # The steps folded under that look's gist, opened at the terminal's foot, come into view.
        last_steps = "Array.from(document.querySelectorAll('#terminal li.steps summary')).pop()"
        driver.execute_script(f"{last_steps}.click()")
        time.sleep(0.3)
        steps_in_view = driver.execute_script(
            "const details = Array.from(document.querySelectorAll('#terminal li.steps details')).pop();"
            "const box = details.getBoundingClientRect(), view = document.getElementById('terminal').getBoundingClientRect();"
            # Wholly in view, or, taller than the terminal, from its first line at the top.
            "return details.open && box.top >= view.top - 1 && (box.bottom <= view.bottom + 1 || box.top <= view.top + 1);")
        driver.execute_script(f"{last_steps}.click()")
        type_line(driver, "undo")
        after = seen(driver)
        undo = {"nodes": after["nodes"], "expected": results[-1]["before"], "solved": after["solved"],
                "counter": after["counter"]}
    type_line(driver, "help tag")
    help_tag = seen(driver)["lastOutput"]
    # The help of every command a level uses, in the page's language (an untranslated entry says so).
    untranslated = []
    if language == "zh":
        for command in LEVEL_COMMANDS:
            type_line(driver, "help " + command)
            if "没有翻译" in seen(driver)["lastOutput"]:
                untranslated.append(command)
    last_narration = ("const lists = document.querySelectorAll('#terminal ul.narration');"
                      "return lists.length ? Array.from(lists[lists.length - 1].querySelectorAll('li'))"
                      ".map((e) => e.textContent) : [];")
    counter_before_usage = seen(driver)["counter"]
    type_line(driver, "tag onlyone")
    usage_advice = driver.execute_script(last_narration)
    usage_counter = {"before": counter_before_usage, "after": seen(driver)["counter"]}
    type_line(driver, "undo")
    type_line(driver, "layers onlyone")
    unknown_advice = driver.execute_script(last_narration)
    type_line(driver, "undo")
    page = seen(driver)
    # A misspelt command is answered with the nearest one.
    type_line(driver, "comit")
    misspelt_advice = driver.execute_script(last_narration)
    type_line(driver, "undo")
    # clear empties the terminal and nothing else.
    type_line(driver, "clear")
    cleared = {"entries": driver.execute_script("return document.querySelectorAll('#terminal > *').length"),
               "counter": seen(driver)["counter"], "before": page["counter"]}
    completion = {typed: completed(driver, typed) for typed in ["ima", "pul", "docker images --dig", "system df --verb"]}
    return {"language": language, "htmlLang": driver.execute_script("return document.documentElement.lang"),
            "levels": results, "undo": undo, "look": look, "usageCounter": usage_counter,
            "solvedMarks": page["solvedMarks"], "completion": completion,
            "helpTag": help_tag, "usageAdvice": usage_advice, "unknownAdvice": unknown_advice,
            "misspeltAdvice": misspelt_advice, "cleared": cleared, "sandbox": sandbox, "variant": other_way, "zoom": zoom,
            "pointing": pointing,
            "stepsInView": steps_in_view,
            "untranslatedHelp": untranslated,
            "consoleErrors": [entry["message"] for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]}


def first_look(driver, url):
    """What a learner who never opened the playground before sees first: the browser's storage is
    cleared, so no earlier choice of language is kept."""
    driver.get(url)
    driver.execute_script("localStorage.clear();")
    driver.get(url)
    idle(driver)
    return {"browserLang": driver.execute_script("return navigator.language"),
            "htmlLang": driver.execute_script("return document.documentElement.lang"),
            "title": seen(driver)["level"], "welcome": seen(driver)["lastOutput"]}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("layerlab")
    parser.add_argument("--screenshots")
    parser.add_argument("--lang", default="en,zh")
    parser.add_argument("--levels", default="")
    parser.add_argument("--page-lang", help="start the playground with --lang PAGE_LANG and report only the first look")
    arguments = parser.parse_args()
    options = ("--lang", arguments.page_lang) if arguments.page_lang else ()
    try:
        process, url = start_playground(arguments.layerlab, options=options)
    except Exception as error:  # noqa: BLE001 - any failure to start is reported the same way
        print(error, file=sys.stderr)
        return 2
    try:
        try:
            driver = browser()
        except Exception as error:  # noqa: BLE001
            print("the browser did not start: %s" % error, file=sys.stderr)
            return 2
        try:
            if arguments.page_lang:
                json.dump(first_look(driver, url), sys.stdout, ensure_ascii=False, indent=1)
                return 0
            levels = [level for level in arguments.levels.split(",") if level]
            report = []
            for language in arguments.lang.split(","):
                report.append(play(driver, url, language, levels, arguments.screenshots))
                if len(report) == 1 and report[0]["levels"]:
                    process, report[0]["restart"] = restarted(
                        driver, arguments.layerlab, process, url, report[0]["levels"][-1]["solution"][-1])
                    if language == "en":
                        report[0]["switched"] = switched(driver)
        finally:
            driver.quit()
    finally:
        stop_playground(process)
    json.dump(report, sys.stdout, ensure_ascii=False, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
