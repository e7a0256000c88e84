#!/usr/bin/python3
"""Opens HTML pages and SVG files in headless Chromium and reports, as JSON, what a reader sees.

For each file, at a 1280-pixel-wide window:
  - the height on screen of the smallest text of every diagram (font size times the scale the
    page shows the diagram at), and every text under --min-pixels with the diagram it is in;
  - diagrams with no Chinese text, for pages in Chinese (<html lang="zh">) and with --chinese;
  - images that failed to load, and diagrams that are neither inline SVG nor a loaded image;
  - whether the page is wider than the window (a diagram must scroll inside its figure instead);
  - the browser console's errors.
With --screenshots DIR it writes the top of each page and every diagram as PNGs under DIR.

Usage: check-in-browser.py [--screenshots DIR] [--min-pixels 11] [--chinese] FILE...
Exit 0 with the report on stdout; exit 2 when the browser cannot start (its error on stderr).
"""
import argparse
import base64
import json
import os
import sys

from headless_chromium import browser


MEASURE = r"""
const minimum = arguments[0];
const chinese = /[\u3400-\u9fff]/;
const report = {texts: 0, smallest: null, tooSmall: [], notChinese: [], brokenImages: [], figures: 0,
                pageWidth: document.documentElement.scrollWidth, windowWidth: window.innerWidth};
const diagrams = document.querySelectorAll('figure.diagram').length
    ? Array.from(document.querySelectorAll('figure.diagram'))
    : [document.documentElement];
diagrams.forEach((figure, index) => {
  report.figures += 1;
  const name = (figure.className && figure.className.baseVal === undefined ? figure.className : 'svg') + ' #' + (index + 1);
  const svg = figure.tagName.toLowerCase() === 'svg' ? figure : figure.querySelector('svg');
  if (!svg) {
    const image = figure.querySelector('img');
    if (!image || !image.complete || image.naturalWidth === 0) {
      report.brokenImages.push(name + ': ' + (image ? image.getAttribute('src') : 'no svg and no image'));
    }
    return;
  }
  let words = '';
  svg.querySelectorAll('text').forEach(text => {
    const content = text.textContent.trim();
    if (!content) return;
    words += content;
    const matrix = text.getScreenCTM();
    const size = parseFloat(window.getComputedStyle(text).fontSize) * Math.hypot(matrix.a, matrix.b);
    report.texts += 1;
    if (report.smallest === null || size < report.smallest) report.smallest = size;
    if (size < minimum && report.tooSmall.length < 20) {
      report.tooSmall.push(name + ': "' + content.slice(0, 40) + '" ' + size.toFixed(1) + 'px');
    }
  });
  if (arguments[1] && !chinese.test(words)) report.notChinese.push(name);
});
document.querySelectorAll('img').forEach(image => {
  if (!image.complete || image.naturalWidth === 0) report.brokenImages.push('img ' + image.getAttribute('src'));
});
return report;
"""


def screenshot(driver, element, target):
    """The whole element, also where it reaches below the window (WebDriver's own element
    screenshot stops at the window's edge)."""
    x, y, width, height = driver.execute_script(
        "const r = arguments[0].getBoundingClientRect();"
        "return [r.left + window.scrollX, r.top + window.scrollY, r.width, r.height];", element)
    shot = driver.execute_cdp_cmd("Page.captureScreenshot", {
        "format": "png", "captureBeyondViewport": True,
        "clip": {"x": x, "y": y, "width": width, "height": height, "scale": 1}})
    with open(target, "wb") as file:
        file.write(base64.b64decode(shot["data"]))


def check(driver, path, minimum, chinese, screenshots):
    from selenium.webdriver.common.by import By

    driver.get("file://" + os.path.abspath(path))
    is_chinese = chinese or driver.execute_script("return document.documentElement.lang") == "zh"
    report = driver.execute_script(MEASURE, minimum, is_chinese)
    report["file"] = path
    report["chinese"] = is_chinese
    report["consoleErrors"] = [entry["message"] for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]
    if screenshots:
        stem = os.path.splitext(os.path.basename(path))[0]
        folder = os.path.join(screenshots, stem)
        os.makedirs(folder, exist_ok=True)
        driver.save_screenshot(os.path.join(folder, "page.png"))
        shots = []
        for index, figure in enumerate(driver.find_elements(By.CSS_SELECTOR, "figure.diagram")):
            kind = figure.get_attribute("class").replace("diagram", "").strip() or "diagram"
            target = os.path.join(folder, f"{index + 1:02d}-{kind}.png")
            screenshot(driver, figure, target)
            shots.append(target)
        report["screenshots"] = shots
    return report


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="+")
    parser.add_argument("--screenshots")
    parser.add_argument("--min-pixels", type=float, default=11.0)
    parser.add_argument("--chinese", action="store_true", help="every diagram must contain Chinese text")
    arguments = parser.parse_args()
    try:
        driver = browser()
    except Exception as error:  # the driver's own message says why Chromium did not start
        print(f"check-in-browser: cannot start Chromium: {error}", file=sys.stderr)
        return 2
    try:
        reports = [check(driver, path, arguments.min_pixels, arguments.chinese, arguments.screenshots)
                   for path in arguments.files]
    finally:
        driver.quit()
    json.dump(reports, sys.stdout, indent=1, ensure_ascii=False)
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
