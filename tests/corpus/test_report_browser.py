"""vnplan report in headless Chromium (Debian's chromium, chromium-driver
and python3-selenium; SKIP without them): the page opens from a file://
URL without a console error, its tasks table has a row per task record of a
seed, the agency, quarter, date-range, section, file and word filters leave
the rows the model says, a bar of the timeline selects its quarter, text
that would end the data's script stays text, unread inputs are on the page,
a heading sorts its column both ways (dates, numbers as numbers, empty
cells last) without losing the filter, the print stylesheet leaves out the
controls,
and a screenshot is a PNG with something in it.

`test_report_browser.py --save docs/report.png` writes the README's
screenshot (a seed's page) and exits."""
import os
import shutil
import struct
import sys
import tempfile
import unicodedata
import zlib

from report_helpers import (OWN_TASKS, REALWORLD, ROOT, SCRIPT_END, SEEDS, Checks, model, own_plan,
                            page_data, run, task_records)

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import vnptest  # noqa: E402

CHROMIUM = shutil.which("chromium")
DRIVER = shutil.which("chromedriver") or ("/usr/bin/chromedriver" if os.path.exists("/usr/bin/chromedriver") else None)
if not CHROMIUM or not DRIVER:
    vnptest.skip("chromium or chromedriver is missing (apt-get install chromium chromium-driver)")
try:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select
except ImportError:
    vnptest.skip("python3-selenium is missing (apt-get install python3-selenium)")

check = Checks()


def browser(width=1400, height=1000):
    o = webdriver.ChromeOptions()
    o.binary_location = CHROMIUM
    for a in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
              "--window-size=%d,%d" % (width, height), "--lang=vi-VN"):
        o.add_argument(a)
    o.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return webdriver.Chrome(service=Service(DRIVER), options=o)


def console_errors(d):
    return [e for e in d.get_log("browser") if e.get("level") in ("SEVERE", "ERROR")]


def visible_rows(d, table="tasks"):
    return d.execute_script(
        "return Array.from(document.querySelectorAll('#%s tbody tr')).filter(r => !r.hidden).length"
        % table)


def select(d, id_, value):
    Select(d.find_element(By.ID, id_)).select_by_value(value)


def set_date(d, id_, value):
    """A date input's value, as the user's picker would set it, whatever
    the browser's locale writes in the field."""
    d.execute_script("var e = document.getElementById(arguments[0]); e.value = arguments[1];"
                     "e.dispatchEvent(new Event('change'));", id_, value)


def reset(d):
    d.find_element(By.ID, "f-reset").click()


def fold(s):
    s = (s or "").replace("đ", "d").replace("Đ", "d")
    return "".join(c for c in unicodedata.normalize("NFD", s) if not unicodedata.combining(c)).lower()


def quarter(iso):
    return iso and "%s-Q%d" % (iso[:4], (int(iso[5:7]) - 1) // 3 + 1)


def png_size(path):
    """(width, height) of a PNG, after checking its signature and that its
    pixels are not all one colour; None when it is not such a PNG."""
    data = open(path, "rb").read()
    if len(data) < 1000 or data[:8] != b"\x89PNG\r\n\x1a\n" or data[12:16] != b"IHDR":
        return None
    width, height = struct.unpack(">II", data[16:24])
    pos, idat = 8, b""
    while pos < len(data):
        n = struct.unpack(">I", data[pos:pos + 4])[0]
        if data[pos + 4:pos + 8] == b"IDAT":
            idat += data[pos + 8:pos + 8 + n]
        pos += 12 + n
    pixels = zlib.decompress(idat)
    return (width, height) if len(set(pixels)) > 16 else None


def open_page(d, path):
    d.get("file://" + os.path.abspath(path))
    return console_errors(d)


def page_of(args, out):
    res = run(["report"] + args + ["-o", out])
    return res.returncode, res.stderr.decode("utf-8", "replace")


def save_screenshot(dest):
    with tempfile.TemporaryDirectory() as tmp:
        page = os.path.join(tmp, "report.html")
        res = run(["report", os.path.relpath(SEEDS[0], ROOT), "-o", page], cwd=ROOT)
        assert res.returncode == 0, res.stderr
        d = browser(1280, 1500)
        try:
            errors = open_page(d, page)
            assert not errors, errors
            d.save_screenshot(dest)
        finally:
            d.quit()
    print("wrote", dest, png_size(dest))


if len(sys.argv) == 3 and sys.argv[1] == "--save":
    save_screenshot(sys.argv[2])
    sys.exit(0)


def seed_page(d, tmp):
    """A seed's page: rows, agency, quarter, both, date range and role."""
    seed = SEEDS[0]
    recs = task_records(model(seed))
    page = os.path.join(tmp, "seed.html")
    rc, err = page_of([seed], page)
    check(rc == 0, "the seed's page is written", err)
    errors = open_page(d, page)
    check(errors == [], "no console error on the seed's page", errors)
    check(visible_rows(d) == len(recs) and len(recs) > 0,
          "a row per task record of the seed", (visible_rows(d), len(recs)))
    check(d.find_element(By.ID, "task-count").text == "%d tasks" % len(recs), "the count says so")

    def agencies(r, role=""):
        a = r["agencies"]
        return {x["key"] for x in (a["lead"] if role != "support" else []) +
                (a["support"] if role != "lead" else [])}
    keys = {}
    for r in recs:
        for k in agencies(r):
            keys[k] = keys.get(k, 0) + 1
    agency = sorted(keys, key=lambda k: (-keys[k], k))[-1 if len(keys) > 1 else 0]
    want_agency = [r for r in recs if agency in agencies(r)]
    select(d, "f-agency", agency)
    check(visible_rows(d) == len(want_agency) < len(recs),
          "the agency filter leaves the tasks of %s" % agency, (visible_rows(d), len(want_agency)))
    select(d, "f-role", "lead")
    want_lead = [r for r in recs if agency in agencies(r, "lead")]
    check(visible_rows(d) == len(want_lead), "as lead only", (visible_rows(d), len(want_lead)))
    select(d, "f-role", "")

    ends = [quarter(r["due"]["end"]) if r["due"] else None for r in recs]
    q = sorted({e for e in ends if e}, key=lambda e: (-ends.count(e), e))[0]
    select(d, "f-quarter", q)
    both = [r for r, e in zip(recs, ends) if e == q and agency in agencies(r)]
    check(visible_rows(d) == len(both), "agency and quarter %s together" % q, (visible_rows(d), len(both)))
    select(d, "f-agency", "")
    in_q = [e for e in ends if e == q]
    check(visible_rows(d) == len(in_q) < len(recs), "the quarter filter leaves %s" % q,
          (visible_rows(d), len(in_q)))
    check(d.find_element(By.ID, "task-count").text == "%d of %d tasks" % (len(in_q), len(recs)),
          "the count says how many are shown", d.find_element(By.ID, "task-count").text)
    reset(d)
    check(visible_rows(d) == len(recs), "reset shows every task again")

    dated = sorted(r["due"]["end"] for r in recs if r["due"] and r["due"]["end"])
    lo, hi = dated[len(dated) // 4], dated[(3 * len(dated)) // 4]
    set_date(d, "f-from", lo)
    set_date(d, "f-to", hi)
    want = [r for r in recs if r["due"] and r["due"]["end"] and lo <= r["due"]["end"] <= hi]
    check(visible_rows(d) == len(want), "the date range %s..%s" % (lo, hi), (visible_rows(d), len(want)))
    reset(d)

    sections = [r["section"] for r in recs if r["section"]]
    if sections:
        select(d, "f-section", sections[-1])
        want = [r for r in recs if r["section"] == sections[-1]]
        check(visible_rows(d) == len(want), "the section filter", (visible_rows(d), len(want)))
        reset(d)

    bars = d.find_elements(By.CSS_SELECTOR, "#timeline-bars .bar:not([disabled])")
    counts = sorted(int(b.find_element(By.TAG_NAME, "b").text) for b in bars)
    want_counts = sorted({e or "none": ends.count(e) for e in ends}.values())
    check(counts == want_counts, "the timeline counts the tasks by quarter", (counts, want_counts))
    bar = d.find_element(By.CSS_SELECTOR, '#timeline-bars .bar[data-quarter="%s"]' % q)
    d.execute_script("arguments[0].click()", bar)
    check(visible_rows(d) == len(in_q) and Select(d.find_element(By.ID, "f-quarter"))
          .first_selected_option.get_attribute("value") == q, "a bar selects its quarter")
    reset(d)

    sorting(d, recs, q, in_q)
    printing(d, recs)

    cited = model(seed)["cited_documents"]
    check(visible_rows(d, "cited") == len(cited), "a row per cited document")
    select(d, "c-role", "basis")
    check(visible_rows(d, "cited") == len([c for c in cited if "basis" in c["roles"]]),
          "the role filter of the cited documents")

    shot = os.path.join(tmp, "seed.png")
    check(d.save_screenshot(shot), "a screenshot is taken")
    size = png_size(shot)
    check(size is not None and size[0] >= 800, "the screenshot is a PNG with a page in it", size)
    check(console_errors(d) == [], "no console error after filtering", console_errors(d))


def column_keys(d, table, column):
    """The sort keys (data-sort, else the text) of a column, shown rows only, in page order."""
    return d.execute_script(
        "return Array.from(document.querySelectorAll('#' + arguments[0] + ' tbody tr'))"
        ".filter(r => !r.hidden && r.cells[arguments[1]])"
        ".map(r => { var c = r.cells[arguments[1]];"
        " return c.dataset.sort !== undefined ? c.dataset.sort : c.textContent.trim(); })",
        table, column)


def heading(d, table, text):
    for i, th in enumerate(d.find_elements(By.CSS_SELECTOR, "#%s thead th" % table)):
        if th.get_attribute("textContent") == text:
            return i, th
    raise AssertionError("no heading %s in %s" % (text, table))


def sorting(d, recs, q, in_q):
    """A heading sorts its column both ways, empties last; filters hold."""
    column, th = heading(d, "tasks", "Deadline")
    before = column_keys(d, "tasks", column)
    d.execute_script("arguments[0].click()", th)
    up = column_keys(d, "tasks", column)
    filled = [k for k in up if k]
    check(sorted(up) != up or filled == sorted(filled), "sanity: the keys compare")
    check(filled == sorted(filled) and up[len(filled):] == [""] * (len(up) - len(filled))
          and sorted(up) == sorted(before), "a click on Deadline sorts by the date, empty last",
          up[:5])
    check(th.get_attribute("aria-sort") == "ascending", "the heading says how it sorts")
    th.send_keys("\n")
    down = column_keys(d, "tasks", column)
    filled = [k for k in down if k]
    check(filled == sorted(filled, reverse=True) and down[len(filled):] == [""] * (len(down) - len(filled)),
          "Enter on it sorts the other way, empty still last", down[:5])
    check(th.get_attribute("aria-sort") == "descending", "and says so")
    number, nth = heading(d, "tasks", "No.")
    d.execute_script("arguments[0].click()", nth)
    nums = column_keys(d, "tasks", number)

    def natural(s):
        import re
        return [(0, int(p), "") if p.isdigit() else (1, 0, p) for p in re.findall(r"\d+|\D+", s)]
    nonempty = [n for n in nums if n]
    check(nonempty == sorted(nonempty, key=natural), "numbers sort as numbers (2 before 10)",
          nonempty[:12])
    check(th.get_attribute("aria-sort") is None, "only the last heading clicked is marked")
    select(d, "f-quarter", q)
    check(visible_rows(d) == len(in_q), "the filter still leaves its rows after a sort")
    d.execute_script("arguments[0].click()", th)
    check(visible_rows(d) == len(in_q), "and a sort keeps the filter")
    reset(d)
    check(visible_rows(d) == len(recs), "every row is still there")


def printing(d, recs):
    """On paper: the controls left out, the rows kept."""
    try:
        d.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    except Exception as e:  # an older driver without the DevTools call
        print("SKIP: the print stylesheet (%s)" % str(e).splitlines()[0])
        return
    try:
        check(not d.find_element(By.ID, "task-filters").is_displayed(), "the filters are not printed")
        check(not d.find_element(By.TAG_NAME, "nav").is_displayed(), "nor the navigation")
        check(visible_rows(d) == len(recs) and d.find_element(By.ID, "tasks").is_displayed(),
              "the tasks table is printed whole")
    finally:
        d.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
    check(d.find_element(By.ID, "task-filters").is_displayed(), "on screen the filters are back")


def own_page(d, tmp):
    """A plan written for the test: the counts by hand, and script text."""
    plan = own_plan(tmp)
    page = os.path.join(tmp, "own.html")
    rc, err = page_of([plan], page)
    check(rc == 0, "the plan's page is written", err)
    check(open_page(d, page) == [], "no console error on the plan's page")
    check(d.title.endswith("· vnplan report") and "replaced" not in d.title,
          "the text that would end the script did not run", d.title)
    check(visible_rows(d) == len(OWN_TASKS), "six tasks", visible_rows(d))
    texts = [e.text for e in d.find_elements(By.CSS_SELECTOR, "#tasks tbody td.task")]
    check(any(SCRIPT_END in t for t in texts), "it is shown as written", texts[-1:])
    noi_vu = [o.get_attribute("value") for o in d.find_elements(By.CSS_SELECTOR, "#f-agency option")
              if o.text.startswith("Sở Nội vụ (")]
    check(len(noi_vu) == 1, "Sở Nội vụ is one agency of the filter")
    for value, role, q, lo, hi, want, what in (
            (noi_vu[0], "", "", "", "", 4, "Sở Nội vụ, lead or support"),
            (noi_vu[0], "lead", "", "", "", 3, "Sở Nội vụ as lead"),
            ("", "", "2026-Q2", "", "", 3, "the second quarter of 2026 (two quarters, one 'before' date)"),
            (noi_vu[0], "", "2026-Q2", "", "", 2, "Sở Nội vụ in the second quarter"),
            ("", "", "", "2026-07-01", "2026-12-31", 2, "the second half of 2026"),
            ("", "", "", "2027-01-01", "", 1, "from 2027 on")):
        reset(d)
        select(d, "f-agency", value)
        select(d, "f-role", role)
        select(d, "f-quarter", q)
        set_date(d, "f-from", lo)
        set_date(d, "f-to", hi)
        check(visible_rows(d) == want, what, visible_rows(d))
    reset(d)
    words = d.find_element(By.ID, "f-text")
    words.send_keys("so noi vu")
    want = [r for r in task_records(model(plan))
            if "so noi vu" in fold(" ".join(v or "" for v in r["cells"].values()))]
    check(visible_rows(d) == len(want) == 4, "words match without tone marks", visible_rows(d))
    words.clear()
    check(console_errors(d) == [], "no console error after filtering", console_errors(d))


def archive_page(d, tmp):
    """Several inputs, one unreadable: the documents, the file filter, the
    unread input on the page."""
    arch = os.path.join(tmp, "archive")
    os.mkdir(arch)
    for s in SEEDS[:3]:
        shutil.copy(s, arch)
    with open(os.path.join(arch, "zz_bad.txt"), "wb") as f:
        f.write(b"K\xe1\xba\xbe HO\xe1\xba\xa0CH\n\xc3\x28\n")
    page = os.path.join(tmp, "archive.html")
    rc, err = page_of([arch], page)
    check(rc == 1 and "zz_bad.txt:2:1: error:" in err, "the unread input: exit 1, named on stderr", err)
    check(open_page(d, page) == [], "no console error on the archive's page")
    check(d.find_element(By.ID, "failed").is_displayed() and "zz_bad.txt:2:1" in
          d.find_element(By.ID, "failed").text, "the page shows the unread input")
    check(visible_rows(d, "documents") == 4, "a row per input in the documents table")
    models = [model(os.path.join(arch, os.path.basename(s))) for s in sorted(SEEDS[:3])]
    total = sum(len(task_records(m)) for m in models)
    check(visible_rows(d) == total, "the tasks of every readable input", (visible_rows(d), total))
    every = [o.get_attribute("value") for o in d.find_elements(By.CSS_SELECTOR, "#f-section option")][1:]
    select(d, "f-file", "1")
    check(visible_rows(d) == len(task_records(models[1])), "the file filter")
    own_sections = list(dict.fromkeys(r["section"] for r in task_records(models[1]) if r["section"]))
    check([o.get_attribute("value") for o in d.find_elements(By.CSS_SELECTOR, "#f-section option")][1:]
          == own_sections and len(own_sections) < len(every),
          "the section filter offers the sections of the chosen document")
    reset(d)
    check(len(d.find_elements(By.CSS_SELECTOR, "#f-section option")) == len(every) + 1,
          "and those of every document again after a reset")
    errors = [r for r in d.find_elements(By.CSS_SELECTOR, "#diagnostics tbody tr")
              if "zz_bad.txt" in r.text]
    check(len(errors) == 1, "the unread input is among the diagnostics")


def realworld_page(d, tmp):
    """The real-world documents beside the project, as one archive: the
    page opens without a console error and holds every task."""
    if not os.path.isdir(REALWORLD):
        print("SKIP: the real-world page (no %s)" % REALWORLD)
        return
    page = os.path.join(tmp, "realworld.html")
    res = run(["report", REALWORLD, "-o", page])
    data = page_data(open(page, "rb").read())
    check(res.returncode == 0, "the real-world documents give a page", res.stderr[-300:])
    errors = open_page(d, page)
    check(errors == [], "no console error on the real-world page", errors[:3])
    total = sum(len(x.get("tasks", [])) for x in data)
    check(visible_rows(d) == total, "every real-world task is a row", (visible_rows(d), total))
    check(visible_rows(d, "documents") == len(data), "every real-world document is a row")


with tempfile.TemporaryDirectory() as tmp:
    d = browser()
    try:
        seed_page(d, tmp)
        own_page(d, tmp)
        archive_page(d, tmp)
        realworld_page(d, tmp)
    finally:
        d.quit()

check.end()
