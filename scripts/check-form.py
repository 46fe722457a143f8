"""The checks of scripts/check-form: every shipped candidate form in real headless Chromium.

- accessibility: axe-core runs on every page of every form (and on a page showing its error
  summary) with the WCAG 2.0/2.1/2.2 A and AA rules; any violation fails;
- a candidate's run, keyboard only (Tab, Space, arrow keys, typing, Enter): the inventory, the
  pre-screen (its showIf branches opened) and the judgment test are filled in, the page is
  reloaded half way and the answers must be back, the review must list them, and the saved
  file must score, with `dazzle score`, to the same scorecard as a submission written here by
  hand from the same answers; the file must carry the set's content hash and its timestamps;
- paper: printed to PDF, every question is on it, conditional ones say when they apply, and no
  button, review or progress line is;
- privacy: the browser's network log holds no request but the form itself and the download.

Each failure is printed; the exit status is 1 when any check fails.
"""

import argparse
import base64
import json
import pathlib
import shutil
import subprocess
import sys
import time

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.keys import Keys

failures = []
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]


def fail(where, message):
    failures.append(f"{where}: {message}")
    print(f"FAIL {where}: {message}")


def browser(downloads, chromedriver, binary):
    options = webdriver.ChromeOptions()
    options.binary_location = binary
    for argument in ["--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
                     "--disable-extensions", "--disable-background-networking", "--window-size=1280,900"]:
        options.add_argument(argument)
    options.add_experimental_option("prefs", {
        "download.default_directory": str(downloads), "download.prompt_for_download": False,
        "download.directory_upgrade": True, "safebrowsing.enabled": False,
    })
    options.set_capability("goog:loggingPrefs", {"performance": "ALL"})
    driver = webdriver.Chrome(service=Service(executable_path=chromedriver), options=options)
    driver.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)})
    return driver


# Network ----------------------------------------------------------------------------------------

def requests_made(driver):
    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message.get("method") == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return urls


def check_network(driver, page_url, where):
    urls = requests_made(driver)
    if page_url not in urls:
        fail(where, f"the network log does not even hold the page's own load, so it proves nothing: {urls[:5]}")
    for url in urls:
        if url != page_url and not url.startswith("blob:file://") and not url.startswith("blob:null"):
            fail(where, f"the form made a request: {url}")
    return len(urls)


# Accessibility ----------------------------------------------------------------------------------

def axe(driver, axe_source, where):
    driver.execute_script(axe_source)
    result = driver.execute_async_script(
        "var done = arguments[arguments.length - 1];"
        "axe.run(document, {runOnly: {type: 'tag', values: arguments[0]}, resultTypes: ['violations']})"
        ".then(function (r) { done(r.violations); }, function (e) { done([{id: 'axe-error', help: String(e), nodes: []}]); });",
        AXE_TAGS)
    for violation in result:
        targets = ", ".join(str(node.get("target")) for node in violation["nodes"][:3])
        fail(where, f"axe {violation['id']}: {violation['help']} ({targets})")
    return len(result)


def visible_page(driver):
    return driver.execute_script(
        "var p = Array.prototype.filter.call(document.querySelectorAll('[data-page]'), function (x) { return !x.hidden; });"
        "return p.length ? Number(p[0].getAttribute('data-page')) : -1;")


def page_count(driver):
    return driver.execute_script("return document.querySelectorAll('[data-page]').length;")


def check_accessibility(driver, form, axe_source, shots, name):
    """Every page of a form through axe; pages reached with the script's own navigation."""
    driver.get(form.as_uri())
    driver.execute_script("localStorage.clear();")
    driver.get(form.as_uri())
    pages = page_count(driver)
    checked = 0
    # An error summary first: Start with nothing typed.
    driver.find_element("css selector", "[data-page='0'] button[data-action=next]").click()
    if driver.execute_script("return document.getElementById('error-summary').hidden;"):
        fail(name, "an empty details page was accepted")
    else:
        axe(driver, axe_source, f"{name} page 1 with errors")
        checked += 1
        shot(driver, shots, f"{name}-errors", 1280)
        # The summary has focus; its first link, followed with the keyboard, reaches the field.
        press(driver, Keys.TAB)
        press(driver, Keys.ENTER)
        if focused(driver)["id"] != "candidate-name":
            fail(name, f"the error summary's first link led to '{focused(driver)['id']}', not the name field")
    # Every other page, made visible one at a time the way the script shows pages.
    for index in range(pages):
        driver.execute_script(
            "var shown = arguments[0]; document.getElementById('error-summary').hidden = true;"
            "document.querySelectorAll('[data-page]').forEach(function (p) { p.hidden = Number(p.dataset.page) !== shown; });"
            "document.querySelectorAll('[data-item]').forEach(function (i) { i.hidden = false; });",
            index)
        if visible_page(driver) != index:
            fail(name, f"page {index + 1} could not be shown")
        axe(driver, axe_source, f"{name} page {index + 1}")
        checked += 1
    return checked


def shot(driver, shots, name, width):
    if not shots:
        return
    driver.set_window_size(width, 900)
    height = driver.execute_script("return Math.min(document.documentElement.scrollHeight, 4000);")
    driver.set_window_size(width, max(height, 600))
    driver.save_screenshot(str(pathlib.Path(shots) / f"{name}-{width}.png"))
    driver.set_window_size(1280, 900)


# Paper -------------------------------------------------------------------------------------------

def check_print(driver, form, questionnaire_path, work, name):
    """Printed, the form is a paper form: every question and option, no buttons or review."""
    questionnaire = json.loads(pathlib.Path(questionnaire_path).read_text())
    driver.get(form.as_uri())
    driver.execute_script("localStorage.clear();")
    driver.get(form.as_uri())
    pdf = pathlib.Path(work) / f"{name}.pdf"
    pdf.write_bytes(base64.b64decode(driver.print_page()))
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    flat = " ".join(text.split())
    for item in (i for s in questionnaire["sections"] for i in s["items"]):
        words = " ".join(item["text"].split())
        if words[:60] not in flat:
            fail(f"{name} printed", f"question '{item['id']}' is missing")
    for absent in ("Save my answers", "Check your answers", "Review my answers"):
        if absent in flat:
            fail(f"{name} printed", f"'{absent}' is on paper")
    if "Answer only if" not in flat and any("showIf" in i for s in questionnaire["sections"] for i in s["items"]):
        fail(f"{name} printed", "conditional questions do not say when they apply")
    pages = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    print(f"  printed: {pages.split('Pages:')[1].split()[0]} pages, every question on paper")
    return pdf


# A candidate, keyboard only ----------------------------------------------------------------------

def plan_answers(questionnaire, special):
    """One answer per item: the special ones as given, the rest a fixed pattern over its options."""
    answers = {}
    for index, item in enumerate(i for s in questionnaire["sections"] for i in s["items"]):
        if item["id"] in special:
            answers[item["id"]] = special[item["id"]]
            continue
        kind = item["type"]
        if kind == "likert":
            scale = item.get("scale")
            scale = questionnaire["scales"][scale] if isinstance(scale, str) else scale
            low, high = scale["min"], scale["max"]
            answers[item["id"]] = low + (index * 3) % (high - low + 1)
        elif kind == "choice":
            answers[item["id"]] = item["options"][index % len(item["options"])]["id"]
        elif kind == "multi":
            answers[item["id"]] = [item["options"][0]["id"]]
        elif kind == "yesno":
            answers[item["id"]] = True
        elif kind == "number":
            answers[item["id"]] = int(item.get("min", 0)) + 1
        elif kind == "text":
            answers[item["id"]] = f"Answer to {item['id']}."
    return answers


def satisfied(condition, answers):
    if "all" in condition:
        return all(satisfied(part, answers) for part in condition["all"])
    if "any" in condition:
        return any(satisfied(part, answers) for part in condition["any"])
    answer = answers.get(condition["item"])
    if answer is None:
        return False
    if "equals" in condition:
        return type(answer) is type(condition["equals"]) and answer == condition["equals"]
    if "oneOf" in condition:
        return any(type(answer) is type(v) and answer == v for v in condition["oneOf"])
    if "atLeast" in condition:
        return isinstance(answer, (int, float)) and not isinstance(answer, bool) and answer >= condition["atLeast"]
    if "atMost" in condition:
        return isinstance(answer, (int, float)) and not isinstance(answer, bool) and answer <= condition["atMost"]
    if "includes" in condition:
        return isinstance(answer, list) and condition["includes"] in answer
    return False


def visible_answers(questionnaire, answers):
    visible = {}
    for item in (i for s in questionnaire["sections"] for i in s["items"]):
        if "showIf" in item and not satisfied(item["showIf"], visible):
            continue
        if item["id"] in answers:
            visible[item["id"]] = answers[item["id"]]
    return visible


def press(driver, *keys):
    chain = ActionChains(driver)
    for key in keys:
        chain.send_keys(key)
    chain.perform()


def focused(driver):
    return driver.execute_script(
        "var e = document.activeElement; var w = e.closest('[data-item], [data-demographic]');"
        "var group = w ? Array.prototype.filter.call(w.querySelectorAll('input'), function (i) { return i.name === e.name; }) : [];"
        "return {tag: e.tagName.toLowerCase(), type: e.type || '', value: e.value === undefined ? '' : e.value,"
        " checked: !!e.checked, action: e.getAttribute('data-action') || '', detail: e.getAttribute('data-detail') || '',"
        " item: w ? (w.getAttribute('data-item') || '') : '', demographic: w ? (w.getAttribute('data-demographic') || '') : '',"
        " index: group.indexOf(e), anyChecked: group.some(function (i) { return i.checked; }), id: e.id};")


def answer_value(value):
    """The radio or checkbox value a planned answer selects."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def fill_page(driver, plan, details, demographics, where):
    """Tabs through the visible page, answering each control once, then presses its Next button."""
    done_groups = set()
    for _ in range(400):
        press(driver, Keys.TAB)
        element = focused(driver)
        if element["tag"] == "button" and element["action"] == "next":
            press(driver, Keys.ENTER)
            return True
        if element["detail"]:
            if not element["value"] and details.get(element["detail"]):
                press(driver, details[element["detail"]])
            continue
        key = element["item"] or element["demographic"]
        if not key:
            continue
        wanted = plan.get(key) if element["item"] else demographics.get(key)
        if element["type"] == "radio":
            if key in done_groups or wanted is None:
                continue
            done_groups.add(key)
            values = driver.execute_script(
                "var e = document.activeElement; return Array.prototype.filter.call("
                "document.querySelectorAll('input'), function (i) { return i.name === e.name; }).map(function (i) { return i.value; });")
            target = values.index(answer_value(wanted))
            if element["anyChecked"]:
                current = element["index"]
            else:
                press(driver, " ")
                current = element["index"]
            while current < target:
                press(driver, Keys.ARROW_DOWN)
                current += 1
            while current > target:
                press(driver, Keys.ARROW_UP)
                current -= 1
        elif element["type"] == "checkbox":
            should = isinstance(wanted, list) and element["value"] in wanted
            if should != element["checked"]:
                press(driver, " ")
        elif element["tag"] in ("input", "textarea"):
            if wanted is not None and element["value"] == "":
                press(driver, str(wanted))
    fail(where, "never reached the page's Next button with Tab")
    return False


def restored(driver, plan):
    """The planned answers the page's controls show after a reload, for items on answered pages."""
    return driver.execute_script(
        "var out = {}; var state = JSON.parse(localStorage.getItem(Object.keys(localStorage)[0]) || '{}');"
        "Object.keys(arguments[0]).forEach(function (id) {"
        "  var inputs = document.querySelectorAll('[data-item=\"' + id + '\"] input, [data-item=\"' + id + '\"] textarea');"
        "  var values = Array.prototype.filter.call(inputs, function (i) { return (i.type !== 'radio' && i.type !== 'checkbox') ? i.value !== '' : i.checked; })"
        "    .map(function (i) { return i.value; });"
        "  if (values.length) { out[id] = values; }"
        "});"
        "return out;", plan)


def score(dazzle, submission, questionnaire, work, name):
    out = pathlib.Path(work) / f"scored-{name}"
    shutil.rmtree(out, ignore_errors=True)
    run = subprocess.run([dazzle, "score", str(submission), "-q", questionnaire, "--out", str(out)],
                         capture_output=True, text=True)
    cards = []
    path = out / "scorecards.jsonl"
    if path.exists():
        cards = [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
    return run, cards


def comparable(card):
    """A scorecard without what differs between two files of the same answers: where it came from."""
    card = dict(card)
    for key in ("source", "sources", "submitted", "seconds"):
        card.pop(key, None)
    return card


def candidate_run(driver, dazzle, form, questionnaire_path, special, work, downloads, shots, name):
    questionnaire = json.loads(pathlib.Path(questionnaire_path).read_text())
    plan = plan_answers(questionnaire, special)
    details = {"name": "Zoë Okafor-Lind", "email": "Zoe.Okafor@example.org", "role": "Front desk"}
    demographics = {"gender": "nonbinary", "age band": "40 and over"}
    for stale in pathlib.Path(downloads).glob("*"):
        stale.unlink()
    driver.get(form.as_uri())
    driver.execute_script("localStorage.clear();")
    driver.get(form.as_uri())
    pages = page_count(driver)
    review = pages - 2
    half = max(1, review // 2)
    while visible_page(driver) < review:
        page = visible_page(driver)
        if page == 1:
            shot(driver, shots, f"{name}-section", 1280)
            shot(driver, shots, f"{name}-section", 390)
        if not fill_page(driver, plan, details, demographics, f"{name} page {page + 1}"):
            return
        time.sleep(0.05)
        if visible_page(driver) == page:
            errors = driver.execute_script("return document.getElementById('error-list').textContent;")
            fail(f"{name} page {page + 1}", f"Next did not move on: {errors}")
            return
        if visible_page(driver) == half:
            # A person reloads seconds after Next, not milliseconds: Chromium hands localStorage
            # writes to its browser process asynchronously, and a reload within a few
            # milliseconds of the write can start the new page before it has landed (seen once
            # in CI). Wait until the page's own copy holds this page, then a second more.
            for _ in range(50):
                if driver.execute_script(
                        "var k = Object.keys(localStorage).filter(function (k) { return k.indexOf(':probe') < 0; })[0];"
                        "return k ? JSON.parse(localStorage.getItem(k)).page : null;") == half:
                    break
                time.sleep(0.05)
            time.sleep(1)
            driver.refresh()
            if visible_page(driver) != half:
                fail(name, f"after a reload the form showed page {visible_page(driver) + 1}, not {half + 1}")
            expected = {k: [answer_value(x) for x in (v if isinstance(v, list) else [v])]
                        for k, v in visible_answers(questionnaire, plan).items()
                        if item_page(questionnaire, k) < half}
            got = restored(driver, {k: True for k in expected})
            for key, values in expected.items():
                if got.get(key) != values:
                    fail(name, f"after a reload '{key}' shows {got.get(key)}, expected {values}")
            print(f"  reloaded on page {half + 1}: {len(expected)} answers restored")
    review_text = driver.find_element("id", "review").text
    for key, value in visible_answers(questionnaire, plan).items():
        if isinstance(value, str) and value.startswith("Answer to") and value not in review_text:
            fail(name, f"the review does not show the answer to '{key}'")
    if details["name"] not in review_text:
        fail(name, "the review does not show the candidate's name")
    shot(driver, shots, f"{name}-review", 1280)
    # Save my answers: Tab to the review page's button.
    for _ in range(200):
        press(driver, Keys.TAB)
        if focused(driver)["action"] == "next":
            press(driver, Keys.ENTER)
            break
    saved = None
    for _ in range(100):
        files = [f for f in pathlib.Path(downloads).glob("*.json")]
        if files:
            saved = files[0]
            break
        time.sleep(0.1)
    if saved is None:
        fail(name, "no file was saved")
        return
    shot(driver, shots, f"{name}-done", 1280)
    shot(driver, shots, f"{name}-done", 390)
    logged = check_network(driver, form.as_uri(), name)
    print(f"  network: {logged} requests logged, none but the form's own loads and its download")
    submission = json.loads(saved.read_text())
    print(f"  saved {saved.name}: {len(submission['answers'])} answers")
    hash_run = subprocess.run([dazzle, "validate", questionnaire_path], capture_output=True, text=True)
    if hash_run.returncode != 0:
        fail(name, "the shipped set does not validate")
    for key in ("questionnaireHash", "started", "submitted", "seconds"):
        if key not in submission:
            fail(name, f"the saved file has no '{key}'")
    if not isinstance(submission.get("seconds"), int) or submission["seconds"] < 0:
        fail(name, f"seconds is {submission.get('seconds')!r}")
    if submission.get("candidate", {}).get("demographics") != demographics:
        fail(name, f"demographics saved as {submission.get('candidate', {}).get('demographics')}")
    # The same answers written by hand, as HR's own tool would.
    by_hand = {
        "format": "dazzle.submission/1", "questionnaire": questionnaire["id"], "version": questionnaire["version"],
        "candidate": {"id": details["email"].lower(), "name": details["name"], "email": details["email"],
                      "role": details["role"], "demographics": demographics},
        "answers": visible_answers(questionnaire, plan),
    }
    # When and how long are what the form measured, not answers: carried over, so a speed flag
    # (a form finished in seconds) is judged the same on both.
    for key in ("started", "submitted", "seconds"):
        if key in submission:
            by_hand[key] = submission[key]
    by_hand_path = pathlib.Path(work) / f"{name}-by-hand.json"
    by_hand_path.write_text(json.dumps(by_hand))
    run, cards = score(dazzle, saved, questionnaire["id"], work, f"{name}-form")
    if run.returncode != 0 or len(cards) != 1:
        fail(name, f"dazzle score rejected the saved file (exit {run.returncode}): {run.stderr.strip()[:400]}")
        return
    _, expected_cards = score(dazzle, by_hand_path, questionnaire["id"], work, f"{name}-hand")
    if [comparable(c) for c in cards] != [comparable(c) for c in expected_cards]:
        fail(name, "the saved file scores differently from the same answers written by hand:\n"
             f"  form:    {json.dumps(comparable(cards[0]))[:1500]}\n"
             f"  by hand: {json.dumps([comparable(c) for c in expected_cards])[:1500]}")
    else:
        print(f"  scored: overall {cards[0].get('overall')}, decision {cards[0].get('decision')}; equal to the hand-written submission")
    # A form made from another text of the set is refused, naming both.
    edited = dict(submission)
    edited["questionnaireHash"] = "sha256:" + "0" * 64
    edited_path = pathlib.Path(work) / f"{name}-other-version.json"
    edited_path.write_text(json.dumps(edited))
    run, cards = score(dazzle, edited_path, questionnaire["id"], work, f"{name}-other")
    if run.returncode == 0 or "another version" not in (run.stderr + run.stdout):
        fail(name, "a submission with another set's hash was not rejected")


def check_validation(driver, form, name):
    """A number out of range and a required question left out: named in the summary and beside the field."""
    driver.get(form.as_uri())
    driver.execute_script("localStorage.clear();")
    driver.get(form.as_uri())
    details = {"name": "Ana Lima", "email": "ana@example.org", "role": ""}
    fill_page(driver, {}, details, {}, f"{name} validation")
    # On the first section: 99 years (the range is 0 to 60) and nothing else.
    for _ in range(60):
        press(driver, Keys.TAB)
        element = focused(driver)
        if element["item"] == "years-serving":
            press(driver, "99")
        if element["action"] == "next":
            press(driver, Keys.ENTER)
            break
    errors = driver.execute_script("return document.getElementById('error-list').innerText;")
    beside = driver.execute_script(
        "return document.querySelector('[data-item=\"years-serving\"] .field-error').innerText;")
    for expected in ("Question 1: Choose an answer.", "Question 2: Type a number no more than 60.",
                     "Question 3: Choose an answer."):
        if expected not in errors:
            fail(f"{name} validation", f"the error summary lacks '{expected}': {errors!r}")
    if "no more than 60" not in beside:
        fail(f"{name} validation", f"no message beside the number field: {beside!r}")
    if visible_page(driver) != 1:
        fail(f"{name} validation", "an invalid page was left")
    print("  validation: range and required errors named in the summary and beside each field")


def item_page(questionnaire, item_id):
    for index, section in enumerate(questionnaire["sections"]):
        if any(item["id"] == item_id for item in section["items"]):
            return index + 1
    return -1


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--dazzle", required=True)
    parser.add_argument("--work", required=True)
    parser.add_argument("--axe", required=True, help="axe.min.js")
    parser.add_argument("--chromedriver", default="/usr/bin/chromedriver")
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    parser.add_argument("--screenshots", help="save screenshots here to look at")
    arguments = parser.parse_args()
    work = pathlib.Path(arguments.work)
    downloads = work / "downloads"
    downloads.mkdir(parents=True, exist_ok=True)
    axe_source = pathlib.Path(arguments.axe).read_text()
    sets = {
        "service-orientation-inventory": {},
        "pre-screen": {"work-weekends": False, "weekend-limits": "Not the first weekend of a month.",
                       "years-serving": 4, "recent-role": "Barista, then shift lead.", "availability": "later",
                       "start-date": "In March.", "why-service": "Seeing someone leave happier than they came.",
                       "languages": ["en", "other"], "other-languages": "Yoruba"},
        "recovery-judgment-test": {},
    }
    driver = browser(downloads, arguments.chromedriver, arguments.chromium)
    try:
        for name, special in sets.items():
            form = work / f"{name}.html"
            made = subprocess.run([arguments.dazzle, "form", name, "--out", str(form)], capture_output=True, text=True)
            if made.returncode != 0:
                fail(name, f"dazzle form failed: {made.stderr.strip()}")
                continue
            pages = check_accessibility(driver, form, axe_source, arguments.screenshots, name)
            print(f"{name}: axe checked {pages} page states")
            pdf = check_print(driver, form, f"questionnaires/{name}.json", work, name)
            if name == "pre-screen":
                check_validation(driver, form, name)
            if arguments.screenshots:
                shutil.copy(pdf, pathlib.Path(arguments.screenshots) / pdf.name)
            candidate_run(driver, arguments.dazzle, form, f"questionnaires/{name}.json", special, work, downloads,
                          arguments.screenshots, name)
    finally:
        driver.quit()
    if failures:
        print(f"{len(failures)} form check(s) failed")
        sys.exit(1)
    print("forms: every check passed")


if __name__ == "__main__":
    main()
