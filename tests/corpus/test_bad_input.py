#!/usr/bin/python3
"""vnplan on bad or unusual input: clear errors, right exit codes, no crash.

Exit codes of the CLI: 0 success, 1 input error, 2 usage error. A crash shows
as a negative return code (killed by a signal) or a sanitizer report.
Final line "N passed, M failed"; exits 1 when any check failed.
"""
import functools
import json
import glob
import os
import random
import re
import resource
import shutil
import signal
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from vnptest import brief  # noqa: E402

ROOT = os.environ.get("VNPLAN_ROOT") or os.path.dirname(
    os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
VNPLAN = os.environ.get("VNPLAN")



SEED_001 = os.path.join(ROOT, "corpus", "seeds", "001_726e77e94d63ef36.txt")

# Line 3 has four characters (six bytes: "ả" takes three) before the stray
# 0xFF, so the column (5, in characters) and the byte offset differ.
BEFORE = "KẾ HOẠCH\n\nCải ".encode()
AFTER = "cách hành chính năm 2026\n\nI. MỤC ĐÍCH\n".encode()
BAD_UTF8 = BEFORE + b"\xff" + AFTER
BAD_OFFSET = len(BEFORE)


class Result:
    def __init__(self, proc):
        self.code = proc.returncode
        self.out = proc.stdout
        self.err = proc.stderr.decode("utf-8", "replace")


# A runaway allocation must fail inside vnplan rather than take the memory of
# a shared machine. Sanitizer builds reserve terabytes of address space, so
# they get ASan's own RSS limit instead of an address-space cap.
MEMORY_CAP = 4 << 30


@functools.lru_cache(maxsize=None)
def sanitized():
    with open(VNPLAN, "rb") as f:
        return b"__asan_init" in f.read()


def cap_memory():
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))


def run(args, stdin=None, timeout=120):
    env = dict(os.environ)
    env["ASAN_OPTIONS"] = ":".join(filter(None, [env.get("ASAN_OPTIONS"),
                                                 "hard_rss_limit_mb=%d" % (MEMORY_CAP >> 20)]))
    proc = subprocess.run([VNPLAN] + args, stdin=stdin, capture_output=True, timeout=timeout,
                          env=env, preexec_fn=None if sanitized() else cap_memory)
    return Result(proc)


def crashed(r):
    """A signal, or a sanitizer report (sanitizers exit with an ordinary code)."""
    return r.code < 0 or "Sanitizer" in r.err or "runtime error:" in r.err


def write(folder, name, data):
    path = os.path.join(folder, name)
    with open(path, "wb") as f:
        f.write(data)
    return path


def expect(conditions, r=None):
    """Returns the reasons of the failed (condition, reason) pairs, or None.
    With a result r, a crash is checked first and reported alone."""
    if r is not None and crashed(r):
        return "crashed (exit %d): %s" % (r.code, brief(r.err))
    failed = [reason for ok, reason in conditions if not ok]
    return "; ".join(failed) if failed else None


def parse_json(data):
    try:
        return json.loads(data.decode("utf-8"))
    except ValueError:
        return None


# ---- the checks: each returns None or the reason it failed ----------------

def invalid_utf8(tmp):
    path = write(tmp, "bad-utf8.txt", BAD_UTF8)
    r = run(["extract", path])
    where = re.search(re.escape(path) + r":3:5: error:", r.err)
    return expect([
        ("looks like" not in r.err, "one stray byte is taken for another encoding: %r" % r.err),
        (r.code == 1, "exit %d, expected 1" % r.code),
        (where is not None, "stderr lacks '%s:3:5: error:': %r" % (path, r.err.strip())),
        (re.search(r"offset\D{0,3}%d\b" % BAD_OFFSET, r.err) is not None,
         "stderr lacks the byte offset %d" % BAD_OFFSET),
        (not r.out, "output written despite the error"),
    ], r)


def replace_invalid(tmp):
    path = write(tmp, "bad-utf8.txt", BAD_UTF8)
    r = run(["extract", "--replace-invalid", path])
    text = r.out.decode("utf-8", "replace")
    warning = re.search(re.escape(path) + r":3: warning:", r.err)
    return expect([
        (r.code == 0, "exit %d, expected 0: %s" % (r.code, brief(r.err))),
        ("\ufffd" in text or "\\ufffd" in text.lower(), "output has no U+FFFD"),
        (parse_json(r.out) is not None, "output is not valid JSON"),
        (warning is not None, "stderr has no warning for line 3: %r" % r.err.strip()),
    ], r)


def nul_byte(tmp):
    path = write(tmp, "nul.txt", "KẾ HOẠCH\nabc\0def\n".encode())
    r = run(["extract", path])
    return expect([
        (r.code == 1, "exit %d, expected 1" % r.code),
        ("binary" in r.err.lower(), "stderr does not say binary: %r" % r.err.strip()),
        (path in r.err, "stderr does not name the file"),
    ], r)


def empty_file(tmp):
    path = write(tmp, "empty.txt", b"")
    r = run(["extract", path])
    doc = parse_json(r.out)
    return expect([
        (r.code == 0, "exit %d, expected 0" % r.code),
        (doc is not None, "output is not valid JSON"),
        (doc is not None and (doc.get("document") or {}).get("type") is None,
         "an empty file has a document type"),
    ], r)


def missing_file(tmp):
    path = os.path.join(tmp, "no-such-file.txt")
    r = run(["extract", path])
    return expect([
        (r.code == 1, "exit %d, expected 1" % r.code),
        (path in r.err, "stderr does not name the path"),
        ("cannot open" in r.err, "stderr does not say 'cannot open': %r" % r.err.strip()),
    ], r)


def directory(tmp):
    """A directory is said to be one (a file system may give it any size),
    given as an argument and in a --files-from list."""
    r = run(["extract", tmp])
    with open(write(tmp, "list.txt", (tmp + "\n").encode()), "rb") as f:
        listed = run(["extract", "--files-from", "-"], stdin=f)
    return expect([
        (r.code == 1, "exit %d, expected 1" % r.code),
        (tmp in r.err, "stderr does not name the directory: %r" % r.err.strip()),
        ("is a directory" in r.err, "stderr does not say 'is a directory': %r" % r.err.strip()),
        (listed.code == 1 and "is a directory" in listed.err,
         "--files-from: exit %d, %r" % (listed.code, listed.err.strip())),
    ], r)


def broken_grammar(tmp):
    """A grammar folder whose reference grammar does not compile: an error
    with the file and line for each document, exit 1, no output."""
    folder = os.path.join(tmp, "grammars-broken")
    shutil.copytree(os.path.join(ROOT, "grammars"), folder)
    with open(os.path.join(folder, "reference.pcre"), "a", encoding="utf-8") as f:
        f.write("(\n")
    seed = sorted(glob.glob(os.path.join(ROOT, "corpus", "seeds", "*.txt")))[0]
    r = run(["extract", "--grammars", folder, seed])
    batch = run(["extract", "--format", "jsonl", "--grammars", folder, seed, seed])
    return expect([
        (r.code == 1, "exit %d, expected 1" % r.code),
        ("reference.pcre:" in r.err, "stderr does not name reference.pcre: %r" % r.err.strip()),
        (r.out == b"", "a document was written"),
        (batch.code == 1 and batch.err.count("reference.pcre:") == 2,
         "JSON Lines: exit %d, %r" % (batch.code, batch.err.strip())),
    ], r)


def broken_pattern_grammar(tmp):
    """A grammar folder whose header or time-cell pattern does not compile:
    the same error with the file and line, never a document that quietly
    has no number or no times."""
    seed = sorted(glob.glob(os.path.join(ROOT, "corpus", "seeds", "*.txt")))[0]
    checks = []
    for name in ("header_number.pcre", "time.pcre"):
        folder = os.path.join(tmp, "grammars-broken-" + name)
        shutil.copytree(os.path.join(ROOT, "grammars"), folder)
        path = os.path.join(folder, name)
        with open(path, encoding="utf-8") as f:
            lines = f.read().count("\n")
        with open(path, "a", encoding="utf-8") as f:
            f.write("(\n")
        r = run(["extract", "--grammars", folder, seed])
        where = "%s:%d:" % (name, lines + 1)
        checks += [(r.code == 1, "%s: exit %d, expected 1" % (name, r.code)),
                   (where in r.err, "stderr does not name %s: %r" % (where, r.err.strip())),
                   (r.out == b"", "%s: a document was written" % name)]
    return expect(checks, r)


def endless_device(tmp):
    """/dev/zero stops at once at its first NUL, without growing a buffer."""
    if not os.path.exists("/dev/zero"):
        return None
    r = run(["extract", "/dev/zero"], timeout=20)
    return expect([
        (r.code == 1, "exit %d, expected 1" % r.code),
        ("/dev/zero:1:1: error: NUL byte" in r.err, "stderr: %r" % r.err.strip()),
    ], r)


def pipe_past_the_limit(tmp):
    """More than 1 GiB through a pipe is refused once the limit is read,
    the buffer never past it: under a 1.5 GiB address-space cap, which a
    buffer doubled to 2 GiB would break (then "out of memory")."""
    if sanitized():
        return None  # sanitizers reserve address space: no cap to measure against
    cap = 3 << 29
    def capped():
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    proc = subprocess.Popen([VNPLAN, "extract", "-q", "-"], stdin=subprocess.PIPE,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            preexec_fn=capped)
    block = b"a" * (1 << 20)
    try:
        for _ in range(1025):
            proc.stdin.write(block)
        proc.stdin.write(b"a")
    except BrokenPipeError:
        pass
    proc.stdin.close()
    err = proc.stderr.read().decode("utf-8", "replace")
    code = proc.wait(timeout=120)
    return expect([
        (code == 1, "exit %d, expected 1" % code),
        ("input too large" in err, "stderr does not say 'input too large': %r" % err.strip()),
    ])


def sparse_past_the_limit(tmp):
    """A file over 1 GiB (sparse: no disk used) is refused at once."""
    path = os.path.join(tmp, "sparse.txt")
    with open(path, "wb") as f:
        f.truncate((1 << 30) + 1)
    r = run(["extract", path], timeout=20)
    os.unlink(path)
    return expect([
        (r.code == 1, "exit %d, expected 1" % r.code),
        ("input too large" in r.err, "stderr: %r" % r.err.strip()),
    ], r)


def other_encodings(tmp):
    """UTF-16 (with and without a byte-order mark) is named in the error,
    which keeps file:line:col; the legacy 8-bit Vietnamese encodings are
    detected and read, and the output's source names them."""
    with open(SEED_001, encoding="utf-8") as f:
        text = f.read()
    samples = [("utf-16", text.encode("utf-16"), "looks like UTF-16"),
               ("utf-16-le", text.encode("utf-16-le"), "looks like UTF-16"),
               ("utf-16-be", text.encode("utf-16-be"), "looks like UTF-16")]
    # VNI, written by hand: "Keá hoaïch trieån khai"
    legacy = [("VNI", "Keá hoaïch trieån khai nhieäm vuï\n".encode("latin-1"))]
    for enc, name in (("TCVN5712-1", "TCVN3"), ("VISCII", "VISCII"), ("CP1258", "CP1258")):
        conv = subprocess.run(["iconv", "-c", "-f", "UTF-8", "-t", enc], input=text.encode(),
                              capture_output=True)
        if conv.stdout:
            legacy.append((name, conv.stdout))
    problems = []
    for name, data, said in samples:
        path = write(tmp, "enc-%s.txt" % name, data)
        r = run(["extract", path])
        if crashed(r) or r.code != 1 or said not in r.err or \
                not re.search(re.escape(path) + r":\d+:\d+: error:", r.err):
            problems.append("%s: exit %d, %r" % (name, r.code, r.err.strip()[:200]))
    for name, data in legacy:
        path = write(tmp, "enc-%s.txt" % name, data)
        r = run(["extract", "-q", path])
        out = parse_json(r.out) if r.code == 0 else None
        if crashed(r) or out is None or out["source"]["encoding"] != name:
            problems.append("%s: exit %d, %r, source %r" % (
                name, r.code, r.err.strip()[:200], out and out["source"]))
    return "; ".join(problems) or None


def binary_formats(tmp):
    """Binary files are refused with their place: an ELF header, a PNG; a
    zip is read as a .docx, and one without word/document.xml is refused as
    not one (tests/corpus/test_doc_forms.py tests the .docx reader)."""
    import zipfile
    zpath = os.path.join(tmp, "archive.zip")
    with zipfile.ZipFile(zpath, "w") as z:
        z.writestr("notes/readme.xml", "<readme/>")
    cases = [write(tmp, "elf.bin", b"\x7fELF\x02\x01\x01\x00" + bytes(56)),
             write(tmp, "img.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))]
    problems = []
    for path in cases:
        r = run(["extract", path])
        if crashed(r) or r.code != 1 or not re.search(re.escape(path) + r":\d+:\d+: error:", r.err):
            problems.append("%s: exit %d, %r" % (os.path.basename(path), r.code, r.err.strip()))
    r = run(["extract", zpath])
    if crashed(r) or r.code != 1 or not re.search(re.escape(zpath) + r": error: .*not a \.docx", r.err):
        problems.append("%s: exit %d, %r" % (os.path.basename(zpath), r.code, r.err.strip()))
    return "; ".join(problems) or None


def as_nobody(args, **kw):
    """Runs vnplan as user nobody when we are root (root ignores file
    modes); as ourselves otherwise. None when neither can test modes."""
    if os.geteuid() != 0:
        return subprocess.run([VNPLAN] + args, capture_output=True, timeout=120, **kw)
    setpriv = "/usr/bin/setpriv"
    if not os.path.exists(setpriv):
        return None
    return subprocess.run([setpriv, "--reuid=65534", "--regid=65534", "--clear-groups", VNPLAN]
                          + args, capture_output=True, timeout=120, **kw)


def unreadable_inputs(tmp):
    """A file or folder that cannot be read is an error naming it, exit 1;
    the other inputs are still done and the summary counts the failure."""
    box = os.path.join(tmp, "perm")
    os.makedirs(box, exist_ok=True)
    os.chmod(tmp, 0o755)
    os.chmod(box, 0o755)
    good = write(box, "good.txt", b"KE HOACH\n")
    secret = write(box, "secret.txt", b"KE HOACH\n")
    folder = os.path.join(box, "closed")
    os.makedirs(folder, exist_ok=True)
    write(folder, "inside.txt", b"KE HOACH\n")
    os.chmod(secret, 0)
    os.chmod(folder, 0)
    try:
        one = as_nobody(["extract", secret])
        batch = as_nobody(["extract", "--jobs", "2", "-q", good, folder])
    finally:
        os.chmod(folder, 0o755)
        os.chmod(secret, 0o644)
    if one is None:
        return None
    err = batch.stderr.decode("utf-8", "replace")
    return expect([
        (one.returncode == 1 and b"Permission denied" in one.stderr,
         "unreadable file: exit %d, %r" % (one.returncode, one.stderr)),
        (batch.returncode == 1, "unreadable folder: exit %d, expected 1" % batch.returncode),
        (folder in err and "Permission denied" in err, "stderr: %r" % err.strip()),
        ("1 errors" in err, "the summary does not count the folder: %r" % err.strip()),
        (len(batch.stdout.splitlines()) == 1, "the good file's line is missing"),
    ])


def fifo_with_writer(tmp):
    """A FIFO is read as it comes."""
    path = os.path.join(tmp, "fifo")
    os.mkfifo(path)
    proc = subprocess.Popen([VNPLAN, "extract", "--compact", path], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    with open(path, "wb") as w:
        w.write("KẾ HOẠCH\n\nThử nghiệm\n".encode())
    out, err = proc.communicate(timeout=60)
    os.unlink(path)
    doc = parse_json(out)
    return expect([
        (proc.returncode == 0, "exit %d: %r" % (proc.returncode, err)),
        (doc is not None and doc["document"]["type"] == "KẾ HOẠCH", "output %r" % out[:100]),
    ])


def odd_text(tmp):
    """Text that is only whitespace (tabs, no-break spaces, CRLF), or holds
    terminal escapes and bells: valid JSON, and no control character in it
    or on stderr."""
    cases = {"space.txt": "\t \u00a0\r\n\u00a0\t\r\n".encode(),
             "escapes.txt": "KẾ HOẠCH\x1b[31m\x07\n\nSố: 1/KH-UBND\x1b]0;x\x07\n".encode()}
    problems = []
    for name, data in cases.items():
        r = run(["extract", write(tmp, name, data)])
        doc = parse_json(r.out)
        if crashed(r) or r.code != 0 or doc is None:
            problems.append("%s: exit %d" % (name, r.code))
        elif b"\x1b" in r.out or b"\x07" in r.out or "\x1b" in r.err or "\x07" in r.err:
            problems.append("%s: a control character reached the output" % name)
    return "; ".join(problems) or None


def stdin_twice(tmp):
    """"- -" reads stdin twice: the document, then an empty one."""
    with open(SEED_001, "rb") as f:
        r = run(["extract", "--format", "jsonl", "-", "-"], stdin=f)
    lines = r.out.decode().splitlines()
    docs = [parse_json(l.encode()) for l in lines]
    return expect([
        (r.code == 0, "exit %d: %s" % (r.code, brief(r.err))),
        (len(docs) == 2 and all(docs), "expected two JSON lines, got %d" % len(lines)),
        (len(docs) == 2 and docs[1] and docs[1]["source"]["bytes"] == 0,
         "the second document is not empty"),
    ], r)


def unknown_option(tmp):
    r = run(["extract", "--no-such-option", SEED_001])
    return expect([(r.code == 2, "exit %d, expected 2" % r.code)], r)


def full_disk(tmp):
    """Output that cannot be written is an error; the device is left alone
    (only a regular file that was cut short is removed)."""
    if not os.path.exists("/dev/full"):
        return None
    r = run(["extract", "-q", "-o", "/dev/full", SEED_001])
    return expect([
        (r.code == 1, "exit %d, expected 1" % r.code),
        ("writing /dev/full" in r.err, "stderr does not name the output: %r" % r.err.strip()),
        (os.path.exists("/dev/full"), "/dev/full was removed"),
    ], r)


def run_file_limited(args, limit):
    """vnplan with files limited to `limit` bytes (a full disk, in effect)."""
    def limit_files():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write fails instead
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    proc = subprocess.run([VNPLAN] + args, capture_output=True, timeout=120,
                          preexec_fn=limit_files)
    return Result(proc)


def cut_short_output(tmp):
    """An output that cannot be written whole leaves the file it was to
    replace as it was, also through a symbolic link, and no temporary file."""
    old = write(tmp, "out.json", b"previous\n")
    target = write(tmp, "target.json", b"previous\n")
    link = os.path.join(tmp, "link.json")
    os.symlink("target.json", link)
    direct = run_file_limited(["extract", "-q", "-o", old, SEED_001], 4096)
    linked = run_file_limited(["extract", "-q", "-o", link, SEED_001], 4096)
    with open(old, "rb") as f:
        old_now = f.read()
    with open(target, "rb") as f:
        target_now = f.read()
    left = sorted(n for n in os.listdir(tmp) if n.endswith(".tmp"))
    return expect([
        (direct.code == 1 and linked.code == 1,
         "exits %d and %d, expected 1" % (direct.code, linked.code)),
        ("writing" in direct.err, "stderr does not say what failed: %r" % direct.err.strip()),
        (old_now == b"previous\n", "the old file was changed: %r" % old_now[:40]),
        (os.path.islink(link), "the symbolic link was removed"),
        (target_now == b"previous\n", "the linked file was changed: %r" % target_now[:40]),
        (not left, "temporary files left: %s" % left),
    ], direct)


def stdin_read_before(tmp):
    """stdin a caller has read part of: the rest is the document."""
    data = b"first line, read by someone else\nKE HOACH\nThu nghiem\n"
    path = write(tmp, "partly-read.txt", data)
    fd = os.open(path, os.O_RDONLY)
    try:
        skip = data.index(b"\n") + 1
        os.lseek(fd, skip, os.SEEK_SET)
        r = run(["extract", "--compact", "-"], stdin=fd)
    finally:
        os.close(fd)
    doc = parse_json(r.out)
    got = doc.get("source", {}).get("bytes") if doc else None
    return expect([
        (r.code == 0, "exit %d, expected 0" % r.code),
        (got == len(data) - skip, "source.bytes %r, expected %d" % (got, len(data) - skip)),
    ], r)


def help_option(tmp):
    """--help after a command prints the usage on stdout and succeeds."""
    r = run(["extract", "--help"])
    return expect([
        (r.code == 0, "exit %d, expected 0" % r.code),
        (b"usage: vnplan extract" in r.out, "no usage on stdout: %r" % r.out[:80]),
    ], r)


def stdin_input(tmp):
    with open(SEED_001, "rb") as f:
        piped = run(["extract"], stdin=f)
    named = run(["extract", SEED_001])
    a, b = parse_json(piped.out), parse_json(named.out)
    return expect([
        (piped.code == 0, "exit %d, expected 0" % piped.code),
        (a is not None, "stdin output is not valid JSON"),
        (a is not None and b is not None and a.get("document") == b.get("document"),
         "stdin and file input give different documents"),
    ], piped)


def huge_line(tmp):
    # One 20 MB line: no newline anywhere, well under the per-line limit.
    unit = "Căn cứ Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ; ".encode()
    data = unit * (20 * 1024 * 1024 // len(unit) + 1)
    path = write(tmp, "huge.txt", data)
    r = run(["extract", "-q", path], timeout=300)
    return expect([
        (r.code == 0, "exit %d, expected 0: %s" % (r.code, brief(r.err))),
        (parse_json(r.out) is not None, "output is not valid JSON"),
    ], r)


def random_bytes(rng, size, nul):
    """Mostly text with some invalid bytes and control characters. Without
    NULs the input gets past the binary check into the parser."""
    pieces = [s.encode() for s in ("KẾ HOẠCH\n", "I. ", "1. ", "a) ", "\t", "\r\n",
                                   "<sup>1</sup>", "**", "Số: 12/KH-UBND\n", "Căn cứ ", "Nơi nhận:\n",
                                   "Phụ lục I\n", "KT. GIÁM ĐỐC\n", "\u0301", "\ufeff")]
    out = bytearray()
    while len(out) < size:
        roll = rng.random()
        if roll < 0.5:
            out += rng.choice(pieces)
        elif roll < 0.9:
            out += bytes(rng.randrange(32, 127) for _ in range(rng.randrange(1, 40)))
        else:
            out += bytes(rng.randrange(0 if nul else 1, 256) for _ in range(rng.randrange(1, 6)))
    return bytes(out)


def fuzz_check(path, args):
    r = run(["extract", "-q"] + args + [path])
    return expect([
        (r.code in (0, 1), "exit %d, expected 0 or 1" % r.code),
    ], r)


CHECKS = [
    ("invalid UTF-8", invalid_utf8),
    ("--replace-invalid", replace_invalid),
    ("NUL byte", nul_byte),
    ("empty file", empty_file),
    ("missing file", missing_file),
    ("broken grammar folder", broken_grammar),
    ("broken pattern in a grammar folder", broken_pattern_grammar),
    ("directory", directory),
    ("/dev/zero", endless_device),
    ("pipe over 1 GiB", pipe_past_the_limit),
    ("sparse file over 1 GiB", sparse_past_the_limit),
    ("UTF-16 and legacy encodings", other_encodings),
    ("binary formats", binary_formats),
    ("unreadable file and folder", unreadable_inputs),
    ("FIFO", fifo_with_writer),
    ("whitespace and escapes", odd_text),
    ("stdin twice", stdin_twice),
    ("unknown option", unknown_option),
    ("--help", help_option),
    ("full disk", full_disk),
    ("output cut short", cut_short_output),
    ("stdin", stdin_input),
    ("stdin read before", stdin_read_before),
    ("20 MB single line", huge_line),
]


def main():
    if not VNPLAN:
        print("VNPLAN is not set (path of the vnplan binary)")
        print("0 passed, 1 failed")
        return 1
    passed = failed = 0

    def record(label, reason):
        nonlocal passed, failed
        if reason is None:
            passed += 1
        else:
            failed += 1
            print("%s: %s" % (label, reason))

    with tempfile.TemporaryDirectory(prefix="vnplan-bad-") as tmp:
        for label, fn in CHECKS:
            try:
                record(label, fn(tmp))
            except subprocess.TimeoutExpired:
                record(label, "timed out")
        rng = random.Random(20260101)  # fixed, so a failure can be replayed
        for i in range(12):
            data = random_bytes(rng, rng.randrange(1, 20000), nul=i % 3 == 0)
            path = write(tmp, "random-%02d.txt" % i, data)
            for args in ([], ["--replace-invalid"]):
                label = "random input %d%s" % (i, " " + args[0] if args else "")
                try:
                    record(label, fuzz_check(path, args))
                except subprocess.TimeoutExpired:
                    record(label, "timed out")
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
