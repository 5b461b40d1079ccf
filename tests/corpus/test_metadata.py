#!/usr/bin/python3
"""Document metadata on the real-world corpus: how many documents of
$VNPLAN_SHARED/realworld/docs that have a header block get
document.issuer, and how many get their province (a national body has
none by design: issuer scope "national" and province null count as
resolved). Lists the documents without; fails when a count falls below
its floor (the figure measured, which only goes up), or when a province
is not one of the 34 units in place since 1 July 2025.

Whether a document has a header block is told here from its text, not
from vnplan: a line that opens with the national or Party motto, or with
a number line ("Số: 12/KH-UBND"), near the top.

Without the corpus it prints "skipped: no realworld corpus" and exits 0.
"""
import json
import os
import re
import subprocess
import sys
import unicodedata

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import test_schema as ts  # noqa: E402  (shared helpers, found beside this file)

# Measured: 301 documents with a header block, 301 with an issuer, 301
# with the province resolved (184 named, 117 national bodies).
HEADER_FLOOR = 301
ISSUER_FLOOR = 301
PROVINCE_FLOOR = 301
NAMED_FLOOR = 184
RUN_TIMEOUT = 300
HEADER_LINES = 400  # the header block stands near the top (after a website banner)

MOTTO = re.compile(r"^(CỘNG H[OÒ]A XÃ HỘI CHỦ NGHĨA|ĐẢNG CỘNG SẢN VIỆT NAM)")
INLINE_MOTTO = re.compile(r"\| *CỘNG H[OÒ]A XÃ HỘI CHỦ NGHĨA")
NUMBER = re.compile(r"^SỐ *:? *[0-9/]")


def corpus_files():
    shared = os.environ.get("VNPLAN_SHARED")
    docs = os.path.join(shared, "realworld", "docs") if shared else None
    if not docs or not os.path.isdir(docs):
        return None
    return [os.path.join(docs, n) for n in sorted(os.listdir(docs))
            if os.path.isfile(os.path.join(docs, n))]


def blocks(lines):
    """The texts between blank and "|" lines, markup removed, upper case."""
    text = []
    for line in lines + [""]:
        bare = line.replace("*", "").replace("#", "").strip()
        if bare in ("", "|"):
            if text:
                yield " ".join(" ".join(text).split()).upper()
            text = []
        else:
            text.append(bare)


def has_header_block(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        lines = unicodedata.normalize("NFC", f.read()).splitlines()[:HEADER_LINES]
    if any(INLINE_MOTTO.search(l.upper()) for l in lines):
        return True
    return any(MOTTO.match(b) or NUMBER.match(b) for b in blocks(lines))


def present_units(root):
    """The canonical names of provinces.tsv less the former units that
    province_mergers.tsv maps to another."""
    def rows(name):
        with open(os.path.join(root, "grammars", name), encoding="utf-8") as f:
            return [l.rstrip("\n").split("\t") for l in f if l.strip() and not l.startswith("#")]
    canonical = {r[1] for r in rows("provinces.tsv")}
    gone = {r[0] for r in rows("province_mergers.tsv") if r[0] != r[1]}
    return canonical - gone


def extract_all(vnplan, paths):
    """{basename: document object} through one JSON Lines run."""
    proc = subprocess.run([vnplan, "extract", "--format", "jsonl", "--files-from", "-", "-q"],
                          input="\n".join(paths) + "\n", capture_output=True, text=True,
                          timeout=RUN_TIMEOUT)
    out = {}
    for line in proc.stdout.splitlines():
        d = json.loads(line)
        out[os.path.basename(d["source"]["name"])] = d["document"]
    return out


def main():
    paths = corpus_files()
    if paths is None:
        print("skipped: no realworld corpus")
        return 0
    vnplan, root = ts.require_env("VNPLAN", "VNPLAN_ROOT")
    checks = ts.Checks()
    docs = extract_all(vnplan, paths)
    checks.ok(len(docs) == len(paths), "every document gives a JSON line",
              f"{len(docs)} of {len(paths)}")
    units = present_units(root)
    with_header = [p for p in paths if has_header_block(p)]
    issuer, named, national, without_issuer, without_province = 0, 0, 0, [], []
    for path in with_header:
        name = os.path.basename(path)
        doc = docs.get(name) or {}
        iss, prov = doc.get("issuer"), doc.get("province")
        if iss:
            issuer += 1
        else:
            without_issuer.append(name)
        if prov:
            named += 1
            checks.ok(prov["name"] in units, f"{name}: province '{prov['name']}' is a present unit")
        elif iss and iss["scope"] == "national":
            national += 1
        else:
            without_province.append(f"{name} (issuer {iss and iss['name']!r}, "
                                    f"place {doc.get('place')!r})")
    print(f"{len(paths)} documents, {len(with_header)} with a header block: issuer {issuer}, "
          f"province {named + national} ({named} named, {national} national bodies)")
    for name in without_issuer:
        print(f"  no issuer: {name}")
    for what in without_province:
        print(f"  no province: {what}")
    checks.ok(len(with_header) >= HEADER_FLOOR, f"at least {HEADER_FLOOR} with a header block",
              f"{len(with_header)}")
    checks.ok(issuer >= ISSUER_FLOOR, f"at least {ISSUER_FLOOR} with an issuer", f"{issuer}")
    checks.ok(named + national >= PROVINCE_FLOOR,
              f"at least {PROVINCE_FLOOR} with the province resolved", f"{named + national}")
    checks.ok(named >= NAMED_FLOOR, f"at least {NAMED_FLOOR} with a province named", f"{named}")
    return checks.finish()


if __name__ == "__main__":
    sys.exit(main())
