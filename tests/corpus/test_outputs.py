#!/usr/bin/python3
"""vnplan's outputs: never a lost byte, never a wrong exit code.

An output never overwrites an input (a forgotten -o value, -o naming the
input, two -d outputs of one name), never replaces a file the user could
not write, writes through descriptors and links as a shell's `>` would,
leaves no temporary file when killed, and every write failure (stdout
included, in every command) is an error with its cause and exit 1. Usage
mistakes are exit 2 whatever the order of the options. Final line "N
passed, M failed"; exits 1 when any check failed.
"""
import os
import signal
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from test_bad_input import (SEED_001, VNPLAN, as_nobody, crashed, expect, parse_json,  # noqa: E402
                            run, write)

ROOT = os.environ.get("VNPLAN_ROOT") or os.path.dirname(
    os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SEEDS = sorted(os.path.join(ROOT, "corpus", "seeds", f)
               for f in os.listdir(os.path.join(ROOT, "corpus", "seeds")))
with open(SEED_001, "rb") as f:
    SEED_BYTES = f.read()


def read(path):
    with open(path, "rb") as f:
        return f.read()


def plan_copy(folder, name="plan.txt"):
    os.makedirs(folder, exist_ok=True)
    return write(folder, name, SEED_BYTES)


# ---- the inputs are never lost ---------------------------------------------------

def forgotten_value(tmp):
    """`extract plan.txt -o` (the value forgotten) is a usage error: the
    file after -o is never taken as its value, wherever the option stands."""
    a = plan_copy(os.path.join(tmp, "fv"), "a.txt")
    b = plan_copy(os.path.join(tmp, "fv"), "b.txt")
    with open(os.devnull, "rb") as null:
        last = run(["extract", a, "-o"], stdin=null)
    two = run(["extract", a, b, "-o"])
    fmt = run(["extract", a, "--format"])
    return expect([
        (last.code == 2 and two.code == 2, "exits %d, %d, expected 2" % (last.code, two.code)),
        ("needs a value" in last.err, "stderr: %r" % last.err.strip()[:200]),
        (read(a) == SEED_BYTES and read(b) == SEED_BYTES, "an input was overwritten"),
        (fmt.code == 2 and "'--format' needs a value" in fmt.err, "--format: %r" % fmt.err[:200]),
    ], last)


def output_is_input(tmp):
    """-o naming the input (by its path, through a link, or as stdin) is
    refused before anything is written."""
    box = os.path.join(tmp, "oi")
    src = plan_copy(box)
    link = os.path.join(box, "link.txt")
    os.symlink("plan.txt", link)
    same = run(["extract", "-o", src, src])
    linked = run(["extract", "-o", link, src])
    with open(src, "rb") as f:
        piped = run(["extract", "-o", src], stdin=f)
    return expect([
        (same.code == 2 and linked.code == 2 and piped.code == 2,
         "exits %d, %d, %d, expected 2" % (same.code, linked.code, piped.code)),
        ("is the input" in same.err, "stderr: %r" % same.err.strip()),
        (read(src) == SEED_BYTES, "the input was overwritten"),
        (os.path.islink(link), "the link was replaced"),
    ], same)


def same_base_names(tmp):
    """-d with two inputs of one base name would keep one output: refused,
    and nothing written (README: give them different names)."""
    box = os.path.join(tmp, "sb")
    a = plan_copy(os.path.join(box, "a"), "x.txt")
    b = plan_copy(os.path.join(box, "b"), "x.txt")
    out = os.path.join(box, "out")
    r = run(["extract", "-q", "-d", out, a, b])
    return expect([
        (r.code == 2, "exit %d, expected 2" % r.code),
        (a in r.err and b in r.err, "stderr does not name both: %r" % r.err.strip()),
        (not os.path.exists(os.path.join(out, "x.txt.json")), "an output was written"),
    ], r)


# ---- where the output goes ------------------------------------------------------

def dev_stdout_appends(tmp):
    """-o /dev/stdout writes through stdout: `>> log` appends to the log."""
    log = write(tmp, "log.txt", b"first line\n")
    with open(log, "ab") as out:
        p = subprocess.run([VNPLAN, "extract", "-q", "--compact", "-o", "/dev/stdout", SEED_001],
                           stdout=out, stderr=subprocess.PIPE, timeout=120)
    data = read(log)
    return expect([
        (p.returncode == 0, "exit %d: %r" % (p.returncode, p.stderr)),
        (data.startswith(b"first line\n"), "the log was replaced: %r" % data[:40]),
        (parse_json(data[len(b"first line\n"):]) is not None, "no JSON after the log line"),
    ])


def dangling_link(tmp):
    """A symbolic link to a file not made yet is written through: the link
    stays, the file it names is made."""
    box = os.path.join(tmp, "dl")
    os.makedirs(box)
    link = os.path.join(box, "out.json")
    os.symlink("made.json", link)
    r = run(["extract", "-q", "-o", link, SEED_001])
    made = os.path.join(box, "made.json")
    return expect([
        (r.code == 0, "exit %d: %r" % (r.code, r.err)),
        (os.path.islink(link), "the link was replaced by a file"),
        (os.path.exists(made) and parse_json(read(made)) is not None, "made.json not written"),
    ], r)


def permissions(tmp):
    """-o refuses a file the user may not write, as `>` would, and leaves
    it as it was; a file of another user that may be written is written in
    place (it keeps its owner), not replaced."""
    box = os.path.join(tmp, "perm-out")
    os.makedirs(box)
    os.chmod(tmp, 0o755)
    os.chmod(box, 0o777)
    locked = write(box, "locked.json", b"keep\n")
    os.chmod(locked, 0o444 if os.geteuid() != 0 else 0o644)  # not writable by the runner
    shared = write(box, "shared.json", b"old\n")
    os.chmod(shared, 0o666)
    ro = as_nobody(["extract", "-q", "-o", locked, SEED_001])
    if ro is None:
        return None
    rw = as_nobody(["extract", "-q", "-o", shared, SEED_001])
    st = os.stat(shared)
    left = [n for n in os.listdir(box) if n.endswith(".tmp")]
    return expect([
        (ro.returncode == 1 and b"Permission denied" in ro.stderr,
         "read-only target: exit %d, %r" % (ro.returncode, ro.stderr)),
        (read(locked) == b"keep\n", "the read-only file was replaced"),
        (rw.returncode == 0, "writable target: exit %d, %r" % (rw.returncode, rw.stderr)),
        (parse_json(read(shared)) is not None, "the writable file was not written"),
        (os.geteuid() != 0 or st.st_uid == 0, "the file changed owner to %d" % st.st_uid),
        (not left, "temporary files left: %s" % left),
    ])


def write_target_errors(tmp):
    """-o into a missing folder or onto a folder, -d onto a file or under a
    missing folder: errors naming the cause, exit 1."""
    afile = write(tmp, "a-file", b"x")
    cases = [(["-o", os.path.join(tmp, "no", "dir", "out.json")], "No such file or directory"),
             (["-o", tmp], "Is a directory"),
             (["-d", afile], "Not a directory"),
             (["-d", os.path.join(tmp, "no", "dir")], "No such file or directory")]
    problems = []
    for args, cause in cases:
        r = run(["extract", "-q"] + args + [SEED_001])
        if crashed(r) or r.code != 1 or cause not in r.err:
            problems.append("%s: exit %d, %r" % (" ".join(args), r.code, r.err.strip()))
    return "; ".join(problems) or None


def concurrent_writers(tmp):
    """Several runs onto one -o file: a whole file at the end, no temporary
    file left."""
    box = os.path.join(tmp, "conc")
    os.makedirs(box)
    target = os.path.join(box, "out.json")
    procs = [subprocess.Popen([VNPLAN, "extract", "-q", "-o", target, SEED_001])
             for _ in range(6)]
    codes = [p.wait(timeout=120) for p in procs]
    return expect([
        (codes == [0] * 6, "exits %s" % codes),
        (parse_json(read(target)) is not None, "the file is not one JSON document"),
        (os.listdir(box) == ["out.json"], "left: %s" % os.listdir(box)),
    ])


def killed_while_writing(tmp):
    """SIGTERM or SIGINT while -o is being written leaves the old file and
    no temporary file beside it."""
    big = write(tmp, "big.txt", SEED_BYTES * 1500)  # about 25 MB: a long write
    problems = []
    for sig in (signal.SIGTERM, signal.SIGINT):
        box = os.path.join(tmp, "kill-%d" % sig)
        os.makedirs(box)
        target = write(box, "out.json", b"previous\n")
        p = subprocess.Popen([VNPLAN, "extract", "-q", "-o", target, big])
        deadline = time.time() + 120
        while time.time() < deadline and p.poll() is None and \
                not any(n.endswith(".tmp") for n in os.listdir(box)):
            time.sleep(0.002)
        seen = any(n.endswith(".tmp") for n in os.listdir(box))
        p.send_signal(sig)
        code = p.wait(timeout=120)
        left = [n for n in os.listdir(box) if n.endswith(".tmp")]
        if not seen:
            problems.append("signal %d: the run ended before its temporary file was seen" % sig)
        elif code != -sig:
            problems.append("signal %d: exit %d, expected death by the signal" % (sig, code))
        if left:
            problems.append("signal %d: left %s" % (sig, left))
        if read(target) != b"previous\n":
            problems.append("signal %d: the old file was changed" % sig)
    os.unlink(big)
    return "; ".join(problems) or None


# ---- write failures are errors ----------------------------------------------------

def full_stdout(tmp):
    """Every command whose output is refused (> /dev/full) says why and exits
    1; a batch counts the documents whose line was lost."""
    if not os.path.exists("/dev/full"):
        return None
    cmds = [["extract", SEED_001], ["extract", "--format", "jsonl", SEED_001],
            ["extract", "--jobs", "2"] + SEEDS, ["extract", "-d", os.path.join(tmp, "fd"), SEED_001],
            ["tasks", SEED_001], ["tasks", "--format", "csv", SEED_001],
            ["tasks", "--format", "json", SEED_001], ["refs", SEED_001],
            ["refs", "--format", "csv", SEED_001], ["refs", "--format", "json", SEED_001],
            ["check"] + SEEDS, ["--version"]]
    problems = []
    for cmd in cmds:
        with open("/dev/full", "wb") as full:
            p = subprocess.run([VNPLAN] + cmd, stdout=full, stderr=subprocess.PIPE, timeout=300)
        err = p.stderr.decode("utf-8", "replace")
        if p.returncode != 1 or "No space left on device" not in err or " 0 errors" in err:
            problems.append("%s: exit %d, %r" % (" ".join(cmd[:3]), p.returncode, err[-160:]))
    return "; ".join(problems) or None


def full_disk_batch(tmp):
    """A JSON Lines batch onto a disk that fills up (a file-size limit):
    exit 1, the cause said, and the summary counts the lost documents."""
    out = os.path.join(tmp, "archive.jsonl")
    limit = 20000
    with open(out, "wb") as f:
        p = subprocess.run([VNPLAN, "extract", "--jobs", "2", "-q"] + SEEDS, stdout=f,
                           stderr=subprocess.PIPE, timeout=300, preexec_fn=lambda: (
                               signal.signal(signal.SIGXFSZ, signal.SIG_IGN),
                               __import__("resource").setrlimit(
                                   __import__("resource").RLIMIT_FSIZE, (limit, limit))))
    err = p.stderr.decode("utf-8", "replace")
    summary = [l for l in err.splitlines() if " files, " in l]
    written = read(out).count(b"\n")
    lost = int(summary[0].split(" errors")[0].rsplit(" ", 1)[1]) if summary else -1
    return expect([
        (p.returncode == 1, "exit %d, expected 1" % p.returncode),
        ("File too large" in err, "stderr does not say why: %r" % err[-200:]),
        (lost == len(SEEDS) - written, "summary %r, %d of %d lines written" %
         (summary, written, len(SEEDS))),
    ])


def killed_by_file_limit(tmp):
    """Past a file-size limit the write fails (an error, the old file kept)
    instead of the signal killing the run."""
    target = write(tmp, "limited.json", b"previous\n")
    p = subprocess.run([VNPLAN, "extract", "-q", "-o", target, SEED_001], capture_output=True,
                       timeout=120, preexec_fn=lambda: __import__("resource").setrlimit(
                           __import__("resource").RLIMIT_FSIZE, (4096, 4096)))
    return expect([
        (p.returncode == 1, "exit %d, expected 1 (not a signal)" % p.returncode),
        (b"File too large" in p.stderr, "stderr: %r" % p.stderr),
        (read(target) == b"previous\n", "the old file was changed"),
    ])


# ---- usage ------------------------------------------------------------------------

def usage_errors(tmp):
    """Each mistake is exit 2 with a message, before anything is read."""
    d = os.path.join(tmp, "gdir")
    os.makedirs(d, exist_ok=True)
    x = os.path.join(tmp, "x.json")  # never written: every case is refused first
    cases = [[], ["frobnicate"], ["extract", "--no-such-option", SEED_001],
             ["extract", "--format"], ["extract", "--format", "yaml", SEED_001],
             ["extract", "-o", x, SEED_001, SEED_001],
             ["extract", "--format", "both", "-o", x, SEED_001],
             ["extract", "--jobs", "2", "-o", x, SEED_001],
             ["extract", "-o", x, "-o", x, SEED_001],
             ["extract", "-o", "--compact", SEED_001],
             ["extract", "-o", x, "-d", d, SEED_001],
             ["refs"], ["check"], ["tasks", "--format", "xml", SEED_001],
             ["extract", "--files-from", os.path.join(tmp, "list.txt")],
             ["extract", "--grammars", os.path.join(tmp, "no-such-folder"), SEED_001],
             ["extract", "--grammars", SEED_001, SEED_001]]
    cases += [["extract", "--jobs", j, SEED_001]
              for j in ("abc", "-1", "0", "1e3", "257", "99999999999999999999", "")]
    cases += [["extract", "--format", "xml", "--jobs", "2", SEED_001],
              ["extract", "--jobs", "2", "--format", "xml", SEED_001],
              ["extract", "--jobs", "2", "--format", "json", SEED_001, SEED_001]]
    problems = []
    cwd = os.getcwd()
    os.chdir(tmp)  # a wrongly accepted case writes here, not into the project
    try:
        for args in cases:
            r = run(args, timeout=60)
            if crashed(r) or r.code != 2 or not r.err.strip() or r.out:
                problems.append("%r: exit %d, out %r, err %r" % (args, r.code, r.out[:40],
                                                               r.err.strip()[:120]))
    finally:
        os.chdir(cwd)
    if os.path.exists(x):
        problems.append("a refused run wrote %s" % x)
    return "; ".join(problems) or None


def jobs_accepted(tmp):
    """--jobs N from 1 to 256 gives JSON Lines, with or without --format
    jsonl, whatever the order."""
    outs = [run(["extract", "-q"] + a + [SEED_001]) for a in (
        ["--jobs", "1"], ["--jobs", "256"], ["--format", "jsonl", "--jobs", "3"],
        ["--jobs", "3", "--format", "jsonl"])]
    return expect([
        (all(o.code == 0 for o in outs), "exits %s" % [o.code for o in outs]),
        (len({o.out for o in outs}) == 1 and outs[0].out.count(b"\n") == 1,
         "the outputs differ or are not one line"),
    ])


def options_after_files(tmp):
    """Options may follow the files: `extract plan.txt -o out.json`."""
    out = os.path.join(tmp, "after.json")
    r = run(["extract", SEED_001, "-q", "-o", out, "--compact"])
    return expect([
        (r.code == 0, "exit %d: %r" % (r.code, r.err)),
        (read(out).count(b"\n") == 1 and parse_json(read(out)) is not None,
         "not one compact JSON document"),
    ], r)


def csv_formulas(tmp):
    """Cells a spreadsheet would run as formulas get a leading quote in
    CSV and TSV; other cells are as written."""
    text = ("KẾ HOẠCH\n\nCải cách hành chính năm 2026\n\n"
            "STT\tNội dung\tCơ quan chủ trì\tThời hạn\n"
            "1\t=HYPERLINK(\"http://example.invalid/x\",\"bấm\")\t@SUM(A1:A9)\tNăm 2026\n"
            "2\t+1-1\t-Sở Nội vụ\tNăm 2026\n"
            "3\tRà soát = thủ tục\tSở Tư pháp\tNăm 2026\n")
    path = write(tmp, "formulas.txt", text.encode())
    csv = run(["tasks", "--format", "csv", path]).out.decode("utf-8-sig")
    tsv = run(["tasks", "--format", "tsv", path]).out.decode()
    want = ["'=HYPERLINK(", "'@SUM(", "'+1-1", "'-Sở Nội vụ"]
    return expect([
        (all('"' + w.replace('"', '""') in csv for w in want), "CSV: %r" % csv[:400]),
        (all("\t" + w in tsv for w in want), "TSV: %r" % tsv[:400]),
        ('"Rà soát = thủ tục"' in csv and "'Rà" not in csv, "an ordinary cell was changed"),
    ])


CHECKS = [
    ("forgotten -o value", forgotten_value),
    ("output is an input", output_is_input),
    ("-d with one base name twice", same_base_names),
    ("-o /dev/stdout appends", dev_stdout_appends),
    ("dangling link", dangling_link),
    ("permissions", permissions),
    ("write target errors", write_target_errors),
    ("concurrent -o", concurrent_writers),
    ("killed while writing", killed_while_writing),
    ("stdout full", full_stdout),
    ("full disk batch", full_disk_batch),
    ("file-size limit", killed_by_file_limit),
    ("usage errors", usage_errors),
    ("--jobs accepted", jobs_accepted),
    ("options after files", options_after_files),
    ("CSV formulas", csv_formulas),
]


def main():
    passed = failed = 0
    with tempfile.TemporaryDirectory(prefix="vnplan-out-") as tmp:
        for label, fn in CHECKS:
            try:
                reason = fn(tmp)
            except subprocess.TimeoutExpired:
                reason = "timed out"
            if reason is None:
                passed += 1
            else:
                failed += 1
                print("%s: %s" % (label, reason))
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
