#!/usr/bin/python3
"""Akoma Ntoso output (`vnplan extract --format akn`): every document of the
bundled corpus (seeds, corpus/realworld, corpus/heldout) and of
$VNPLAN_SHARED/realworld/docs is written with -d and validates against the
OASIS schema (schema/akn/akomantoso30.xsd); each carries what its JSON
says (one TLCReference per cited document, one citation per legal basis
with its text whole, one container per heading, one table per table of
records); the output is deterministic (twice, under another locale, file
and stdout alike) and compact output validates too; -o writes the same
bytes as stdout; batch mode (--jobs, --files-from) refuses the format; a
write that fails is an error with exit status 1.

Without the shared corpus its part prints "SKIP: ..." and the rest runs.
Prints "N passed, M failed"; exits 1 on any failure.
"""
import glob
import json
import os
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import test_schema as ts  # noqa: E402  (shared helpers, found beside this file)

AKN = "{http://docs.oasis-open.org/legaldocml/ns/akn/3.0}"
CHUNK_FILES = 40
RUN_TIMEOUT = 120
HIER = {"hcontainer", "part", "chapter", "section", "article", "point"}


def run(vnplan, args, stdin=None, env=None, timeout=RUN_TIMEOUT):
    return subprocess.run([vnplan, "extract", *args], capture_output=True, timeout=timeout,
                          input=stdin, env=env)


def extract_dir(checks, vnplan, out_dir, files, options=()):
    """Writes files to out_dir in chunks; returns the .akn.xml paths."""
    for i in range(0, len(files), CHUNK_FILES):
        chunk = files[i:i + CHUNK_FILES]
        proc = run(vnplan, ["-q", "--format", "akn", *options, "-d", out_dir, *chunk])
        checks.ok(proc.returncode == 0, f"--format akn -d succeeds for {len(chunk)} files",
                  proc.stderr.decode(errors="replace").splitlines()[:5])
    return [os.path.join(out_dir, os.path.basename(f) + ".akn.xml") for f in files]


def validate(checks, tool, xsd, paths, what):
    code, ok, stderr = ts.validate_xml_files(tool, xsd, paths, timeout=RUN_TIMEOUT)
    bad = [p for p in paths if p not in ok]
    checks.ok(not bad and code == 0, f"{what}: {len(paths)} Akoma Ntoso outputs validate",
              [os.path.basename(p) for p in bad[:5]] + stderr.splitlines()[:5])


def json_of(vnplan, path):
    proc = run(vnplan, ["-q", "--compact", path])
    return json.loads(proc.stdout) if proc.returncode == 0 else None


def tables_written(doc):
    return sum(1 for t in doc["tables"] if t["columns"] and t["kind"] != "prose")


def text_of(el):
    return "".join(el.itertext())


def heading_count(headings):
    return sum(1 + heading_count(h["children"]) for h in headings)


def agreement(checks, vnplan, src, akn_path):
    """The Akoma Ntoso file holds what the JSON holds."""
    doc = json_of(vnplan, src)
    name = os.path.basename(src)
    if not checks.ok(doc is not None, f"{name}: JSON for the comparison"):
        return
    root = ET.parse(akn_path).getroot()
    main = root[0]
    refs = main.findall(f"{AKN}meta/{AKN}references/{AKN}TLCReference")
    checks.ok(len(refs) == len(doc["cited_documents"]),
              f"{name}: one TLCReference per cited document",
              f"{len(refs)} for {len(doc['cited_documents'])}")
    uris = [r.get("href") for r in refs]
    checks.ok(all(u.startswith("/akn/vn") for u in uris), f"{name}: cited IRIs are /akn/vn...",
              [u for u in uris if not u.startswith("/akn/vn")][:3])
    cites = main.findall(f"{AKN}preamble/{AKN}citations/{AKN}citation")
    checks.ok([text_of(c.find(f"{AKN}p")) for c in cites] == [b["text"] for b in doc["preamble"]],
              f"{name}: one citation per legal basis, its text whole")
    known = set(uris)
    hrefs = [r.get("href") for c in cites for r in c.iter(f"{AKN}ref")]
    checks.ok(all(h in known for h in hrefs), f"{name}: every ref names a cited document",
              [h for h in hrefs if h not in known][:3])
    body = main.find(f"{AKN}body") if main.tag == f"{AKN}act" else main.find(f"{AKN}mainBody")
    heads = [e for e in body.iter() if e.tag[len(AKN):] in HIER and e.get("name") not in
             ("table", "body")]
    count = heading_count(doc["outline"])
    checks.ok(len(heads) == count, f"{name}: one container per heading", f"{len(heads)} for {count}")
    tables = root.findall(f".//{AKN}table")
    checks.ok(len(tables) == tables_written(doc), f"{name}: one table per table of records",
              f"{len(tables)} for {tables_written(doc)}")
    atts = main.findall(f"{AKN}attachments/{AKN}attachment")
    checks.ok(len(atts) == len(doc["annexes"]), f"{name}: one attachment per annex")


def check_corpus(checks, vnplan, tool, xsd, label, files, out_dir, compare):
    if not checks.ok(bool(files), f"{label}: documents to write"):
        return
    paths = extract_dir(checks, vnplan, out_dir, files)
    present = [p for p in paths if os.path.isfile(p)]
    checks.ok(len(present) == len(paths), f"{label}: every document gives DIR/<name>.akn.xml",
              f"{len(present)} of {len(paths)}")
    validate(checks, tool, xsd, present, label)
    for src, out in zip(files, paths):
        if compare and os.path.isfile(out):
            agreement(checks, vnplan, src, out)


def check_determinism(checks, vnplan, seeds, dir_):
    for src in seeds:
        name = os.path.basename(src)
        a = run(vnplan, ["-q", "--format", "akn", src])
        b = run(vnplan, ["-q", "--format", "akn", src])
        env = dict(os.environ, LC_ALL="de_DE.UTF-8", LANG="de_DE.UTF-8")
        c = run(vnplan, ["-q", "--format", "akn", src], env=env)
        out = os.path.join(dir_, name + ".o.xml")
        d = run(vnplan, ["-q", "--format", "akn", "-o", out, src])
        written = open(out, "rb").read() if os.path.isfile(out) else b""
        checks.ok(a.returncode == 0 and a.stdout == b.stdout, f"{name}: the same bytes twice")
        checks.ok(c.stdout == a.stdout, f"{name}: the same bytes under de_DE.UTF-8")
        checks.ok(d.returncode == 0 and written == a.stdout, f"{name}: -o writes what stdout gets")


def check_schema_rejects(checks, tool, xsd, seed_out, dir_):
    """The validation can fail: an output without its work IRI is invalid."""
    text = open(seed_out, encoding="utf-8").read()
    broken = os.path.join(dir_, "broken.akn.xml")
    with open(broken, "w", encoding="utf-8") as f:
        f.write(text.replace("<FRBRuri ", "<FRBRurl ", 1))
    code, ok, _ = ts.validate_xml_files(tool, xsd, [broken], timeout=RUN_TIMEOUT)
    checks.ok(code == 1 and broken not in ok, "an output with a misnamed FRBR element is invalid")


def check_compact(checks, vnplan, tool, xsd, seeds, dir_):
    paths = extract_dir(checks, vnplan, dir_, seeds, options=("--compact",))
    validate(checks, tool, xsd, paths, "compact")
    lines = [open(p, "rb").read().count(b"\n") for p in paths if os.path.isfile(p)]
    checks.ok(all(n == 2 for n in lines), "compact output is the declaration and one line", lines)


def wide_table(columns, rows):
    """A table of many columns whose rows fill two of them."""
    names = ["STT", "Nhiệm vụ"] + [f"Ghi chú {i}" for i in range(columns)] + ["Chủ trì"]
    body = "".join(f"{i}\tRà soát thủ tục số {i}\n" for i in range(1, rows + 1))
    return ("KẾ HOẠCH\nThử nghiệm\n\n" + "\t".join(names) + "\n" + body).encode()


def check_linear_output(checks, vnplan):
    """The output grows with the input, not with the table's width times
    its rows: four times the rows of a 2,000-column table give about four
    times the bytes."""
    sizes = []
    for rows in (500, 2000):
        proc = run(vnplan, ["-q", "--format", "akn", "-"], stdin=wide_table(2000, rows))
        sizes.append((len(wide_table(2000, rows)), len(proc.stdout), proc.returncode))
    (in1, out1, rc1), (in2, out2, rc2) = sizes
    ratio = (out2 / out1) / (in2 / in1) if out1 and in1 else 0
    checks.ok(rc1 == rc2 == 0 and 0.5 < ratio < 1.5 and out2 < 20 * in2,
              "Akoma Ntoso output grows linearly with a wide table's rows", f"sizes {sizes}")


def check_refusals(checks, vnplan, seed):
    for args, what in ((["--jobs", "2", seed], "--jobs"),
                       (["--files-from", "-"], "--files-from")):
        proc = run(vnplan, ["--format", "akn", *args], stdin=seed.encode() + b"\n")
        err = proc.stderr.decode(errors="replace")
        checks.ok(proc.returncode == 2 and "JSON Lines" in err,
                  f"--format akn with {what} is a usage error (exit 2)", f"{proc.returncode}: {err}")
    proc = run(vnplan, ["--format", "akn", "--format", "xml", seed])
    checks.ok(proc.returncode == 2, "--format given twice is a usage error")


def check_failing_write(checks, vnplan, seed):
    if not os.path.exists("/dev/full"):
        print("SKIP: /dev/full is missing: the failing-write checks")
        return
    with open("/dev/full", "wb") as full:
        proc = subprocess.run([vnplan, "extract", "-q", "--format", "akn", seed], stdout=full,
                              stderr=subprocess.PIPE, timeout=RUN_TIMEOUT)
    err = proc.stderr.decode(errors="replace")
    checks.ok(proc.returncode == 1 and "cannot write" in err,
              "--format akn to a full stdout: exit 1 and the cause", f"{proc.returncode}: {err}")
    proc = run(vnplan, ["-q", "--format", "akn", "-o", "/dev/full", seed])
    err = proc.stderr.decode(errors="replace")
    checks.ok(proc.returncode == 1 and "/dev/full" in err,
              "--format akn -o /dev/full: exit 1 naming the file", f"{proc.returncode}: {err}")


def shared_docs():
    shared = os.environ.get("VNPLAN_SHARED")
    docs = os.path.join(shared, "realworld", "docs") if shared else None
    if not docs or not os.path.isdir(docs):
        return None
    return sorted(glob.glob(os.path.join(docs, "*.md")))


def main():
    vnplan, tool, root = ts.require_env("VNPLAN", "VALIDATE_XML", "VNPLAN_ROOT")
    xsd = os.path.join(root, "schema", "akn", "akomantoso30.xsd")
    checks = ts.Checks()
    seeds = sorted(glob.glob(os.path.join(root, "corpus", "seeds", "*.txt")))
    bundled = {"seeds": seeds,
               "corpus/realworld": sorted(glob.glob(os.path.join(root, "corpus", "realworld",
                                                                 "*.md"))),
               "corpus/heldout": sorted(glob.glob(os.path.join(root, "corpus", "heldout",
                                                               "*.md")))}
    with tempfile.TemporaryDirectory(prefix="vnplan-akn-") as tmp:
        for label, files in bundled.items():
            out = os.path.join(tmp, label.replace("/", "_"))
            check_corpus(checks, vnplan, tool, xsd, label, files, out, compare=True)
        docs = shared_docs()
        if docs is None:
            print("SKIP: no $VNPLAN_SHARED/realworld/docs: the real-world documents")
        else:
            check_corpus(checks, vnplan, tool, xsd, "shared realworld", docs,
                         os.path.join(tmp, "shared"), compare=True)
        os.makedirs(os.path.join(tmp, "det"))
        check_determinism(checks, vnplan, seeds, os.path.join(tmp, "det"))
        check_compact(checks, vnplan, tool, xsd, seeds, os.path.join(tmp, "compact"))
        check_schema_rejects(checks, tool, xsd,
                             os.path.join(tmp, "compact", os.path.basename(seeds[0]) + ".akn.xml"),
                             tmp)
        check_linear_output(checks, vnplan)
        check_refusals(checks, vnplan, seeds[0])
        check_failing_write(checks, vnplan, seeds[0])
    return checks.finish()


if __name__ == "__main__":
    sys.exit(main())
