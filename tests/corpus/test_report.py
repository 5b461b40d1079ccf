"""vnplan report, without a browser: the page embeds each input's data once
(its tasks, cited documents and diagnostics those of `vnplan extract`), no
text of a document can end the data's <script> element or become markup,
nothing refers outside the page, the bytes are the same on every run and
under every locale, a folder stands for its files in name order, bad
inputs are on the page and on stderr with exit status 1, a failing write is
an error, an output that is an input is refused, and time grows linearly
with the tasks and with the references of one line."""
import os
import re
import shutil
import subprocess
import tempfile
import time

from report_helpers import (OWN_TASKS, SCRIPT_END, SEEDS, VNPLAN, Checks, model, own_plan, page_data,
                            run, task_records, write)

check = Checks()


def report(args, **kw):
    out = run(["report"] + args, **kw)
    return out.returncode, out.stdout, out.stderr.decode("utf-8", "replace")


def data_matches_models(data, paths):
    """Each input's tasks, cited documents and diagnostics are its model's."""
    for d, p in zip(data, paths):
        m = model(p)
        name = os.path.basename(p)
        recs = task_records(m)
        check(len(d["tasks"]) == len(recs), "%s: every task record is on the page" % name,
              (len(d["tasks"]), len(recs)))
        check([t["line"] for t in d["tasks"]] == [r["line"] for r in recs],
              "%s: the tasks in document order, at their lines" % name)
        check([[a[1] for a in t["lead_agencies"]] for t in d["tasks"]]
              == [[a["key"] for a in r["agencies"]["lead"]] for r in recs],
              "%s: the lead agencies and their keys" % name)
        check([t["end"] for t in d["tasks"]] == [r["due"]["end"] if r["due"] else None for r in recs],
              "%s: the last day of each deadline" % name)
        check([(c["key"], c["roles"], c["lines"]) for c in d["cited"]]
              == [(c["key"], c["roles"], c["mentions"]) for c in m["cited_documents"]],
              "%s: the cited documents, their roles and lines" % name)
        check([(g["line"], g["code"]) for g in d["diagnostics"]]
              == [(g["line"], g["code"]) for g in m["diagnostics"]], "%s: the diagnostics" % name)
        for c, mc in zip(d["cited"], m["cited_documents"]):
            mentions = [r for r in m["references"] if r["cited"] == mc["key"]]
            for k in c["findings"]:
                g = d["diagnostics"][k]
                check(any(r["line"] == g["line"] and (r["text"] in g["message"] or
                                                      (r.get("symbol_raw") or "\0") in g["message"])
                          for r in mentions),
                      "%s: a finding of %s names one of its mentions on its line" % (name, c["key"]),
                      g["message"])


with tempfile.TemporaryDirectory() as tmp:
    out = os.path.join(tmp, "report.html")
    rc, _, err = report(SEEDS + ["-o", out])
    check(rc == 0, "the seeds give a page, exit 0", err)
    page = open(out, "rb").read()
    data = page_data(page)
    check([d["file"] for d in data] == SEEDS, "one object per input, in input order")
    data_matches_models(data, SEEDS)
    check(sum(len(c["findings"]) for d in data for c in d["cited"]) > 0,
          "the seeds' check findings are attached to cited documents")

    # Self-contained: nothing is fetched, and a policy forbids fetching.
    check(b"default-src 'none'" in page, "a Content-Security-Policy forbids every fetch")
    check(page.count(b"</script") == 2 and page.count(b"<script") == 2 and b"<!--" not in page,
          "two script elements, the data's and the script's, each ended once")
    check(not re.search(rb"""(src|href)\s*=\s*["']?\s*(https?:|//|file:)|url\(|@import|<link""", page, re.I),
          "no reference to anything outside the page")

    # The same bytes on every run, under every locale, and on stdout.
    again = report(SEEDS + ["-o", out + ".2"])
    check(again[0] == 0 and open(out + ".2", "rb").read() == page, "a second run gives the same bytes")
    for loc in ("de_DE.UTF-8", "vi_VN.UTF-8"):
        env = dict(os.environ, LC_ALL=loc, LANG=loc)
        rc, stdout, _ = report(SEEDS, env=env)
        check(rc == 0 and stdout == page, "the same bytes on stdout under %s" % loc)
    with open(SEEDS[0], "rb") as f:
        rc, stdout, err = report(["-"], stdin=f)
    check(rc == 0 and len(page_data(stdout)[0]["tasks"]) == len(data[0]["tasks"]),
          "stdin ('-') is read like a file", err)

    # Text that would end the script or become markup stays text.
    folder = os.path.join(tmp, "evil<")
    os.mkdir(folder)
    evil = own_plan(folder, "script>\u2028<b>&.txt")
    rc, stdout, err = report([evil])
    check(rc == 0, "a plan with markup in its text and name gives a page", err)
    stdout.decode("utf-8")  # the page is UTF-8 (raises otherwise)
    block = re.search(rb'id="vnplan-data">(.*?)</script>', stdout, re.S).group(1)
    check(b"</" not in block and b"<!--" not in block and b"<" not in block,
          "no '<' inside the data block", block[:200])
    check("\u2028".encode() not in block and "\u2029".encode() not in block,
          "U+2028 and U+2029 are escaped in the data")
    own = page_data(stdout)[0]
    check(own["file"] == evil, "the file name survives escaping whole", own["file"])
    check(any(SCRIPT_END in (t["task"] or "") for t in own["tasks"]),
          "a task's text survives escaping whole")
    check(b"<b>&amp;" not in stdout and b"evil&lt;/script&gt;\xe2\x80\xa8&lt;b&gt;&amp;.txt" in stdout,
          "the file name is HTML-escaped in the heading")
    check(b"<title>C\xe1\xba\xa3i c\xc3\xa1ch h\xc3\xa0nh ch\xc3\xadnh &amp; &quot;c\xc3\xb4ng v\xe1\xbb\xa5&quot;"
          in stdout, "the title is HTML-escaped", re.search(rb"<title>.*?</title>", stdout))
    check(len(own["tasks"]) == len(OWN_TASKS), "the plan's tasks are all on the page")

    # A name that is not UTF-8 still gives a UTF-8 page.
    latin = os.path.join(tmp.encode(), b"k\xe9 ho\xe1ch.txt")
    shutil.copy(SEEDS[0], latin)
    res = run(["report", latin])
    try:
        res.stdout.decode("utf-8")
        utf8 = True
    except UnicodeDecodeError:
        utf8 = False
    check(res.returncode == 0 and utf8 and "k\ufffd ho\ufffdch.txt" in page_data(res.stdout)[0]["file"],
          "bytes of a name that are not UTF-8 become U+FFFD", res.stderr)

    # A folder stands for its files, all the way down, in name order.
    arch = os.path.join(tmp, "archive")
    os.makedirs(os.path.join(arch, "a", "deep"))
    shutil.copy(SEEDS[1], os.path.join(arch, "b.txt"))
    shutil.copy(SEEDS[2], os.path.join(arch, "a", "deep", "c.txt"))
    shutil.copy(SEEDS[3], os.path.join(arch, "a", "d.txt"))
    shutil.copy(SEEDS[4], os.path.join(arch, ".hidden.txt"))
    rc, stdout, err = report([arch + "/"])
    check(rc == 0, "a folder gives a page", err)
    check([d["file"] for d in page_data(stdout)] ==
          [arch + "/a/d.txt", arch + "/a/deep/c.txt", arch + "/b.txt"],
          "a folder's files in name order, recursively, hidden ones left out",
          [d["file"] for d in page_data(stdout)])

    # Bad inputs: on stderr with their place, on the page, exit status 1;
    # the others are still on the page.
    bad = os.path.join(tmp, "bad.txt")
    with open(bad, "wb") as f:
        f.write("KẾ HOẠCH\nmột dòng\nhai ".encode() + b"\xff" + " dòng\n".encode())
    missing = os.path.join(tmp, "missing.txt")
    rc, stdout, err = report([SEEDS[0], bad, missing, "-o", out])
    check(rc == 1, "bad inputs give exit status 1", rc)
    check(re.search(r"bad\.txt:3:5: error: invalid UTF-8", err) is not None,
          "the invalid byte is reported with its line and column", err)
    check("missing.txt: error:" in err, "a missing file is reported", err)
    page = open(out, "rb").read()
    data = page_data(page)
    check([bool(d.get("error")) for d in data] == [False, True, True],
          "the page holds every input, the unread ones with their error")
    check(data[1]["error"]["line"] == 3 and data[1]["error"]["column"] == 5,
          "the error's place is in the data", data[1].get("error"))
    failed = re.search(rb'<section class="failed" id="failed">(.*?)</section>', page, re.S)
    check(failed is not None and bad.encode() + b":3:5</code>" in failed.group(1)
          and missing.encode() in failed.group(1), "the page lists the unread inputs in its HTML")
    check(b'id="card-failed"><b>2</b>' in page, "the summary counts them")
    if os.geteuid() != 0:
        locked = os.path.join(tmp, "locked")
        os.mkdir(locked, 0o000)
        rc, stdout, err = report([locked])
        check(rc == 1 and "cannot read the folder" in err, "an unreadable folder is an error", err)
        os.chmod(locked, 0o755)
    else:
        print("SKIP: an unreadable folder (running as root, every folder can be read)")

    # A failing write is an error; the file it would replace stays whole.
    rc, _, err = report([SEEDS[0], "-o", "/dev/full"])
    check(rc == 1 and "cannot write /dev/full" in err, "a full disk is an error", err)
    with open("/dev/full", "wb") as full:
        res = subprocess.run([VNPLAN, "report", SEEDS[0]], stdout=full, stderr=subprocess.PIPE)
    check(res.returncode == 1 and b"stdout" in res.stderr, "a full stdout is an error", res.stderr)
    rc, _, err = report([SEEDS[0], "-o", os.path.join(tmp, "no", "such", "folder.html")])
    check(rc == 1 and "cannot write" in err, "an output in a missing folder is an error", err)

    # An output that is an input, by any name, is refused before anything is written.
    keep = shutil.copy(SEEDS[0], os.path.join(tmp, "keep.txt"))
    before = open(keep, "rb").read()
    rc, _, err = report([keep, "-o", keep])
    check(rc == 2 and open(keep, "rb").read() == before, "the output is an input: refused", err)
    os.symlink(keep, os.path.join(tmp, "link.txt"))
    rc, _, err = report([tmp + "/archive", keep, "-o", os.path.join(tmp, "link.txt")])
    check(rc == 2 and open(keep, "rb").read() == before, "an input by another name: refused", err)
    inside = os.path.join(arch, "a", "report.html")
    rc, _, err = report([arch, "-o", inside])
    check(rc == 0, "a page written into the folder it reports on", err)
    rc, _, err = report([arch, "-o", inside])
    check(rc == 2 and "is the input" in err, "the next run would read and replace it: refused", err)

    # Usage errors.
    for args, what in (([], "no input"), ([SEEDS[0], "-o"], "-o without its value"),
                       ([SEEDS[0], "--format", "xml"], "--format"), ([SEEDS[0], "-d", tmp], "-d"),
                       ([SEEDS[0], "-o", "a.html", "-o", "b.html"], "-o twice"),
                       ([SEEDS[0], "--bogus"], "an unknown option")):
        rc, _, err = report(args)
        check(rc == 2 and err, "usage error: %s" % what, (rc, err))

    # Time grows linearly: with the tasks, and with the references (and
    # their findings) of one line.
    def seconds(text):
        path = write(tmp, "big.txt", text)
        start = time.perf_counter()
        rc, stdout, err = report([path, "-o", os.path.join(tmp, "big.html")])
        assert rc == 0, err
        return time.perf_counter() - start

    def fastest(text):
        return min(seconds(text) for _ in range(3))  # the least disturbed by other work

    def grows_linearly(make, what):
        """Time at n and 4n, from an n whose run takes 0.25 s at least."""
        n = 250
        while fastest(make(n)) < 0.25 and n < 1 << 20:
            n *= 2
        small, large = fastest(make(n)), fastest(make(4 * n))
        print("%s: 4 times the input takes %.1f times as long (n=%d)" % (what, large / small, n))
        check(large / small < 8, "%s: time grows linearly" % what, (small, large))

    head = "KẾ HOẠCH\nThực hiện năm 2026\n\n"
    grows_linearly(lambda n: head + "STT\tNhiệm vụ\tChủ trì\tPhối hợp\tThời gian\n" + "".join(
        "%d\tRà soát hồ sơ số %d\tSở Nội vụ\tSở Tài chính\tQuý %s/2026\n" % (i, i, "I" * (i % 3 + 1))
        for i in range(1, n + 1)), "task rows")
    grows_linearly(lambda n: head + "Căn cứ " + "; ".join(
        "Nghị quyết số %d/2019/NQCP ngày 05/3/2020 của Chính phủ" % i for i in range(1, n + 1)) + ".\n",
        "references with findings on one line")

check.end()
