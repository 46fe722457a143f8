"""The checks of scripts/check-reports: print, layout and Markdown, in real tools.

Each failure is printed with the file it concerns; the exit status is 1 when any check fails.
"""

import argparse
import html
import json
import pathlib
import re
import shutil
import subprocess
import sys

import cmarkgfm
from cmarkgfm.cmark import Options

failures = []


def fail(where, message):
    failures.append(f"{where}: {message}")
    print(f"FAIL {where}: {message}")


def chromium(browser, work, *arguments):
    profile = pathlib.Path(work) / "profile"
    shutil.rmtree(profile, ignore_errors=True)
    command = [
        browser, "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
        "--disable-extensions", "--disable-background-networking",
        "--run-all-compositor-stages-before-draw", "--virtual-time-budget=3000",
        f"--user-data-dir={profile}", *arguments,
    ]
    return subprocess.run(command, capture_output=True, text=True, timeout=120)


# Print ------------------------------------------------------------------------------------------

def pdf_pages(pdf):
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))


def pdf_text(pdf, page):
    return subprocess.run(
        ["pdftotext", "-layout", "-f", str(page), "-l", str(page), str(pdf), "-"],
        capture_output=True, text=True, check=True).stdout


def check_print(browser, demo, work):
    """Every candidate report: the summary is page 1 exactly; the interview's fit in 3 pages."""
    checked = 0
    for report in sorted(pathlib.Path(demo).glob("*/candidates/*.html")):
        pdf = pathlib.Path(work) / (report.stem + ".pdf")
        chromium(browser, work, f"--print-to-pdf={pdf}", "--no-pdf-header-footer", report.as_uri())
        if not pdf.exists():
            fail(report, "Chromium printed nothing")
            continue
        pages = pdf_pages(pdf)
        first, second = pdf_text(pdf, 1), pdf_text(pdf, 2) if pages >= 2 else ""
        name = report.relative_to(demo)
        if "Appendix" in first:
            fail(name, "the appendix starts on page 1: the summary page has no page of its own")
        if not second.strip().startswith("Appendix"):
            fail(name, f"page 2 does not open the appendix, so the summary runs over a page: {second.strip()[:80]!r}")
        if report.parent.parent.name == "human-being-lovers-interview" and pages > 3:
            fail(name, f"{pages} printed pages; the shipped interview's report must print in at most 3")
        checked += 1
        print(f"print: {name}: {pages} pages, summary on page 1")
    if checked == 0:
        fail(demo, "no candidate reports to print")


# Layout -----------------------------------------------------------------------------------------

MEASURE = """
<script>
(function () {
  const result = { width: window.innerWidth, overflow: [], noCue: [], smallText: [] };
  document.querySelectorAll('.table-wrap').forEach(function (wrap) {
    if (wrap.offsetParent === null) return;
    if (wrap.scrollWidth <= wrap.clientWidth + 1) return;
    const head = wrap.querySelector('th');
    const label = (head ? head.textContent : '').trim().slice(0, 40) + ' (' + wrap.scrollWidth + ' > ' + wrap.clientWidth + ' px)';
    result.overflow.push(label);
    const cue = wrap.previousElementSibling;
    if (!cue || !cue.classList.contains('scroll-cue') || getComputedStyle(cue).display === 'none') result.noCue.push(label);
  });
  document.querySelectorAll('svg.chart').forEach(function (svg) {
    const box = svg.getBoundingClientRect();
    if (box.width === 0 || svg.viewBox.baseVal.width === 0) return;
    const scale = box.width / svg.viewBox.baseVal.width;
    svg.querySelectorAll('text').forEach(function (text) {
      const px = parseFloat(getComputedStyle(text).fontSize) * scale;
      if (px < 11) result.smallText.push(text.textContent.slice(0, 30) + ' at ' + px.toFixed(1) + ' px');
    });
  });
  const out = document.createElement('pre');
  out.id = 'dazzle-layout';
  out.textContent = JSON.stringify(result);
  document.body.appendChild(out);
})();
</script>
"""


def measure(browser, work, report, width):
    # A copy with the measuring script, beside the original so its relative links still work.
    probe = report.with_name(report.stem + ".layout-probe.html")
    probe.write_text(report.read_text(encoding="utf-8").replace("</body>", MEASURE + "</body>"), encoding="utf-8")
    try:
        dom = chromium(browser, work, f"--window-size={width},2000", "--dump-dom", probe.as_uri()).stdout
    finally:
        probe.unlink()
    found = re.search(r'<pre id="dazzle-layout">(.*?)</pre>', dom, re.S)
    return json.loads(html.unescape(found.group(1))) if found else None


def check_layout(browser, demo, work):
    reports = sorted(pathlib.Path(demo).glob("*/*.html")) + sorted(pathlib.Path(demo).glob("*/candidates/*.html"))[:6]
    reports.append(pathlib.Path(demo) / "index.html")
    for report in reports:
        name = report.relative_to(demo)
        for width in (1280, 390):
            result = measure(browser, work, report, width)
            if result is None:
                fail(name, f"could not measure at {width} px")
                continue
            if width == 1280:
                for table in result["overflow"]:
                    fail(name, f"at 1280 px a table is wider than the page: {table}")
            else:
                for table in result["noCue"]:
                    fail(name, f"at 390 px a table scrolls sideways with no visible cue: {table}")
                for text in result["smallText"]:
                    fail(name, f"at 390 px chart text is under 11 px: {text}")
        print(f"layout: {name}: checked at 1280 and 390 px")


# Markdown ---------------------------------------------------------------------------------------

HOSTILE_TEXT = [
    "<script>alert(1)</script>",
    "javascript:alert(1) | a | b |",
    "`rm -rf` **bold** [x](http://evil.example)",
]


def rendered_text(markup):
    return html.unescape(re.sub(r"<[^>]+>", "", markup))


def check_markdown(paths, hostile):
    options = Options.CMARK_OPT_UNSAFE  # let raw HTML through, to see whether any would get there
    for path in paths:
        source = path.read_text(encoding="utf-8")
        markup = cmarkgfm.github_flavored_markdown_to_html(source, options=options)
        text = rendered_text(markup)
        name = path.name if hostile else path
        for tag in ("<a ", "<script", "<img", "<iframe"):
            if tag in markup:
                fail(name, f"GFM renders {tag.strip()} from the report")
        for shown in re.findall(r"\\[0-9.\-–−]\S*", text):
            fail(name, f"a backslash escape shows as text: {shown!r}")
        if "; \n" in text or text.rstrip().endswith(";"):
            fail(name, "a list ends with a stray separator")
        if hostile:
            for expected in HOSTILE_TEXT:
                if expected in source.replace("\\|", "|") and expected not in text:
                    fail(name, f"candidate text does not survive as text: {expected!r}")
        tables = markup.count("<table>")
        print(f"markdown: {name}: rendered by cmark-gfm, {tables} tables, no links, no stray escapes")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--browser", required=True)
    parser.add_argument("--demo", required=True)
    parser.add_argument("--work", required=True)
    parser.add_argument("--markdown", required=True, help="a folder of golden Markdown reports")
    arguments = parser.parse_args()
    check_print(arguments.browser, arguments.demo, arguments.work)
    check_layout(arguments.browser, arguments.demo, arguments.work)
    check_markdown(sorted(pathlib.Path(arguments.markdown).glob("*.md")), hostile=True)
    check_markdown(sorted(pathlib.Path(arguments.demo).glob("**/*.md")), hostile=False)
    if failures:
        print(f"\n{len(failures)} report check(s) failed.")
        sys.exit(1)
    print("\nEvery report check passed.")


if __name__ == "__main__":
    main()
