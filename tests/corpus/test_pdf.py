#!/usr/bin/python3
"""PDF with a text layer: the seeds as PDF (tests/fixtures/pdf, made by
tests/fixtures/make_pdf.py through LibreOffice) scored against the seed
gold (tests/score.py --form-dir; a PDF numbers its own lines, so a
reference's line is not compared), with floors at the measured figures;
the footnotes of a PDF (the seed's, printed as footnotes) as the text's;
and the PDFs vnplan cannot read: a scan (no text layer) names OCR, a
truncated file and a file of garbage after the PDF header are errors with
the file's name, and without pdftotext on PATH the error says what to
install. SKIP without pdftotext (poppler-utils).

Prints one line per check and "N passed, M failed".
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, ".."))
from vnptest import ROOT, VNPLAN, brief, skip  # noqa: E402

FIXTURES = os.path.join(ROOT, "tests", "fixtures", "pdf")
# Measured on the fixtures (rounded down): references strict F1 0.979 (the
# text's own three misses), cells 1.000 (1220/1220: every gold record
# matched, so every gold cell compared), records (precision and recall) 1.000.
MIN_REFS_F1 = 0.97
MIN_CELLS = 1.0
MIN_RECORDS = 1.0


def run(args, env=None, timeout=120):
    r = subprocess.run([VNPLAN] + args, capture_output=True, timeout=timeout, env=env)
    return r.returncode, r.stdout.decode("utf-8", "replace"), r.stderr.decode("utf-8", "replace")


def main():
    if not VNPLAN:
        skip("VNPLAN is not set")
    if not shutil.which("pdftotext"):
        skip("pdftotext is not installed (Debian: poppler-utils)")
    passed = failed = 0

    def check(ok, what):
        nonlocal passed, failed
        ok = bool(ok)
        passed += ok
        failed += not ok
        print(("ok   " if ok else "FAIL ") + what)

    score = subprocess.run(
        [sys.executable, os.path.join(ROOT, "tests", "score.py"), "--vnplan", VNPLAN,
         "--root", ROOT, "--form-dir", FIXTURES, "--form-ext", "pdf",
         "--min-refs-f1", str(MIN_REFS_F1), "--min-cells", str(MIN_CELLS),
         "--min-records", str(MIN_RECORDS)], capture_output=True, timeout=600)
    out = score.stdout.decode("utf-8", "replace")
    print(out)
    check(score.returncode == 0, "seeds as PDF: references F1 >= %.2f, cells >= %.2f, records "
          ">= %.2f" % (MIN_REFS_F1, MIN_CELLS, MIN_RECORDS))

    # every command reads a PDF
    pdf = os.path.join(FIXTURES, "001_726e77e94d63ef36.pdf")
    for cmd in (["extract", "-q", pdf], ["refs", pdf], ["tasks", pdf], ["check", pdf]):
        code, so, se = run(cmd)
        check(code in (0, 1) and (so.strip() or cmd[0] == "check") and "error:" not in se,
              "vnplan %s on a PDF: exit %d %s" % (cmd[0], code, brief(se)))
    # the running header ("Số: /KH-SKHCN" on every page) and page numbers dropped
    code, so, _ = run(["extract", "-q", pdf])
    check('"symbol": "KH-SKHCN"' in so and so.count("KH-SKHCN") <= 3,
          "running header and page numbers dropped (the number line kept once)")

    # footnotes: markers raised in the body, their text at the page's foot in
    # small type; the PDF gives the footnotes the text gives
    seed = os.path.join(ROOT, "corpus", "seeds", "004_a70b7e91a38d145e.txt")
    notes = {}
    for path in (seed, os.path.join(FIXTURES, "004_a70b7e91a38d145e.pdf")):
        code, so, se = run(["extract", "-q", path])
        notes[path] = [(f["marker"], f["text"]) for f in json.loads(so)["footnotes"]] if code == 0 else None
    pdf_notes = notes[os.path.join(FIXTURES, "004_a70b7e91a38d145e.pdf")]
    check(pdf_notes and pdf_notes == notes[seed],
          "footnotes of a PDF: %d, as the text's %d" % (len(pdf_notes or []), len(notes[seed] or [])))

    with tempfile.TemporaryDirectory() as tmp:
        scan = os.path.join(FIXTURES, "scanned.pdf")
        code, _, se = run(["extract", scan])
        check(code == 1 and "no text layer" in se and "OCR" in se and scan in se,
              "a scan: exit %d, %s" % (code, se.strip()[:160]))
        with open(pdf, "rb") as f:
            data = f.read()
        cut = os.path.join(tmp, "truncated.pdf")
        with open(cut, "wb") as f:
            f.write(data[:len(data) // 3])
        code, so, se = run(["extract", "-q", cut])
        check(code in (0, 1) and cut in se or code == 0 and so,
              "a truncated PDF: exit %d, %s" % (code, se.strip()[:160]))
        check(code == 1 or "pdf-damaged" in se or so,
              "a truncated PDF is an error or says that text may be missing")
        junk = os.path.join(tmp, "junk.pdf")
        with open(junk, "wb") as f:
            f.write(b"%PDF-1.7\n" + bytes(range(256)) * 40)
        code, _, se = run(["extract", junk])
        check(code == 1 and junk in se and re.search(r"error: .*PDF", se) is not None,
              "garbage after a PDF header: exit %d, %s" % (code, se.strip()[:160]))
        env = dict(os.environ, PATH=tmp)
        code, _, se = run(["extract", pdf], env=env)
        check(code == 1 and "pdftotext" in se and "poppler-utils" in se,
              "pdftotext missing: exit %d, %s" % (code, se.strip()[:160]))
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
