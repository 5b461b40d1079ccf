#!/usr/bin/python3
"""vnplan on pathological inputs: huge lines and tables, deep headings, long
runs of digits, slashes and dashes, every byte value, UTF-8 cut at every
offset. Each run must end with exit 0 (valid JSON on stdout) or exit 1 (a
clear error on stderr), never a signal or a sanitizer report, within the
time bound of its case.

Growth check: cases marked with two sizes run at N and at k*N (k = 4 by
default, 10 with --full); the CPU time (less the start-up cost of an empty
input) must grow less than 1.5*k: 6 for 4x, 15 for 10x. A stage that is
quadratic in the input gives k*k (16, 100). A size that runs too fast to
time is grown until it takes MIN_TIMED seconds; one that cannot be timed
below MAX_TIMED_BYTES fails. Besides the shapes of GROWTH_CASES, one case
per count a document can hold many of (footnotes, tables, columns,
references, short forms, agencies, headings, annexes, diagnostics,
recipients...) grows that count alone (COUNT_CASES). A case named in
EXPECTED_FAILURES prints XFAIL instead of failing, and XPASS once it passes.

usage: VNPLAN=path/to/vnplan pathological.py [--full] [--only WORD]
  --full   the full sizes: a 100 MB line, a million rows (slow)
  --only   run only the cases whose name contains WORD
Final line "N passed, M failed"; exit 1 when any check failed.
"""
import argparse
import concurrent.futures
import functools
import glob
import json
import math
import os
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
import xml.dom.minidom

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from vnptest import brief  # noqa: E402

ROOT = os.environ.get("VNPLAN_ROOT") or os.path.dirname(
    os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
VNPLAN = os.environ.get("VNPLAN")
MB = 1 << 20

# A runaway allocation must fail inside vnplan, not take a shared machine's
# memory. Sanitizer builds reserve terabytes of address space, so they get
# ASan's RSS limit instead of an address-space cap.
MEMORY_CAP = 6 << 30

# Output larger than this is checked at its ends only: parsing it in Python
# would take many times its size in memory.
JSON_PARSE_LIMIT = 128 * MB


@functools.lru_cache(maxsize=None)
def sanitized():
    with open(VNPLAN, "rb") as f:
        return b"__asan_init" in f.read()


def slowdown():
    """Sanitizers make vnplan several times slower; bounds scale with it."""
    return 4.0 if sanitized() else 1.0


def cap_memory():
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))


# ---- running vnplan ----------------------------------------------------------

class Outcome:
    def __init__(self, code=None, err="", out_path=None, wall=0.0, cpu=0.0, timed_out=False):
        self.code, self.err, self.out_path = code, err, out_path
        self.wall, self.cpu, self.timed_out = wall, cpu, timed_out


def limits(cpu_limit):
    """What the child is held to before it starts: the memory cap (not
    under a sanitizer, which reserves far more address space) and, when
    given, a CPU time in seconds past which the kernel stops it."""
    capped = not sanitized()  # read here: the child only sets limits

    def apply():
        if capped:
            cap_memory()
        if cpu_limit is not None:
            secs = max(1, int(math.ceil(cpu_limit)))
            resource.setrlimit(resource.RLIMIT_CPU, (secs, secs + 1))
    return apply


def run(path, args, bound, fmt="json", timeout=None, keep=True, cpu_limit=None):
    """Runs `vnplan extract` on path; stdout goes to path.out (it may be
    hundreds of MB; to /dev/null unless keep), stopped after timeout seconds
    (3 * bound + 10 unless given). With cpu_limit the run is held to that
    much CPU time instead, and the wall clock only guards against a hang
    (ten times as long): on a busy machine a linear run waits for a core
    far longer than it computes. CPU time is exact only when runs do not
    overlap."""
    env = dict(os.environ)
    env["ASAN_OPTIONS"] = ":".join(filter(None, [env.get("ASAN_OPTIONS"),
                                                 "hard_rss_limit_mb=%d" % (MEMORY_CAP >> 20)]))
    out_path = path + ".out"
    cmd = [VNPLAN, "extract", "-q", "--compact", "--format", fmt] + args + [path]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.monotonic()
    with open(out_path if keep else os.devnull, "wb") as out:
        try:
            proc = subprocess.run(cmd, stdout=out, stderr=subprocess.PIPE, env=env,
                                  timeout=(10 * cpu_limit + 60 if cpu_limit is not None
                                           else timeout or bound * 3 + 10),
                                  preexec_fn=limits(cpu_limit))
        except subprocess.TimeoutExpired:
            return Outcome(out_path=out_path, wall=time.monotonic() - start, timed_out=True)
    wall = time.monotonic() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return Outcome(proc.returncode, proc.stderr.decode("utf-8", "replace"), out_path, wall, cpu)



def output_problem(path, fmt):
    """None when the output file holds one valid JSON value (or well-formed
    XML), else what is wrong."""
    size = os.path.getsize(path)
    if fmt in ("xml", "akn"):
        try:
            xml.dom.minidom.parse(path)
            return None
        except Exception as e:  # any parser error means malformed output
            return "XML output is not well-formed: %s" % e
    if size > JSON_PARSE_LIMIT:
        with open(path, "rb") as f:
            head = f.read(1)
            f.seek(-2, os.SEEK_END)
            tail = f.read()
        ok = head == b"{" and tail.rstrip().endswith(b"}")
        return None if ok else "JSON output (%d MB) is not one object" % (size // MB)
    try:
        with open(path, "rb") as f:
            json.loads(f.read().decode("utf-8"))
        return None
    except ValueError as e:
        return "output is not valid JSON: %s" % str(e)[:120]


def problem(o, bound, fmt="json", expect=(0, 1)):
    """None when the outcome is acceptable, else the reason."""
    if o.timed_out:
        return "no end after %.0f s (bound %.0f s)" % (o.wall, bound)
    if o.code < 0 or "Sanitizer" in o.err or "runtime error:" in o.err:
        return "crashed (exit %d): %s" % (o.code, brief(o.err))
    if o.code not in expect:
        return "exit %d, expected %s: %s" % (o.code, " or ".join(map(str, expect)), brief(o.err))
    if o.code == 1 and not re.search(r"error: \S", o.err):
        return "exit 1 without a clear error message: %r" % o.err[:200]
    if o.code == 0:
        bad = output_problem(o.out_path, fmt)
        if bad:
            return bad
    if o.wall > bound:
        return "took %.1f s, bound %.0f s" % (o.wall, bound)
    return None


# ---- generated inputs ---------------------------------------------------------

REF_UNIT = "Căn cứ Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ; "
HEADER = "STT\tNội dung\tChủ trì\tThời gian"


def repeat_to(unit, size):
    data = unit.encode()
    return data * (size // len(data) + 1)


def single_line(size):
    return repeat_to(REF_UNIT, size)


def one_word(size):
    return b"x" * size


def tab_table(rows):
    out = ["KẾ HOẠCH\n\nPHỤ LỤC I\n\nSTT\tNội dung\tChủ trì\tPhối hợp\tThời gian\n"]
    for i in range(1, rows + 1):
        out.append("%d\tTriển khai nhiệm vụ %d theo Nghị quyết số 57-NQ/TW\tSở Nội vụ\t"
                   "Các sở, ngành\tQuý %d/2026\n" % (i, i, 1 + i % 4))
    return "".join(out).encode()


def wide_table(columns):
    """A table `columns` wide: a header, two rows, and a row that a page
    break cut in every column (its fragments join the cells above)."""
    def row(fmt):
        return "\t".join(fmt % c for c in range(columns)) + "\n"
    return ("KẾ HOẠCH\n\nSTT\tNội dung\tChủ trì\t" + row("Cột %d")
            + "1\tRà soát\tSở Nội vụ\t" + row("giá trị %d")
            + "2\tCông khai\tSở Tư pháp\t" + row("Giá trị %d")
            + "\t\t\t" + row("tiếp theo %d")).encode()


def nested_headings(lines):
    """Decimal headings whose depth grows by one a line, up to 300 levels
    (deeper would make the input quadratic in the line count)."""
    out = []
    for i in range(1, lines + 1):
        depth = min(i, 300)
        out.append("1." * (depth - 1) + "%d. Tiêu đề mục %d\n" % (i, i))
    return "".join(out).encode()


def roman(n):
    table = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
             (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
    out = ""
    for value, digits in table:
        while n >= value:
            out += digits
            n -= value
    return out


def alternating_styles(lines):
    """I. / 1. / a) in turn, each style's counter running on."""
    out = []
    for i in range(lines):
        k = i // 3 + 1
        token = (roman(k) + ".", "%d." % k, chr(97 + (k - 1) % 26) + ")")[i % 3]
        out.append("%s Tiêu đề %d\n\n" % (token, i))
    return "".join(out).encode()


def header_rows(rows):
    return ((HEADER + "\n") * rows).encode()


def blank_lines(count):
    return b"\r\n" * count


def markup_runs(size):
    return repeat_to("**<sup>1</sup><b>Đ</b>**\t|", size)


def runs(unit, prefix=""):
    return lambda size: prefix.encode() + repeat_to(unit, size)


# name, generator, sizes (default, --full), growth sizes N and kN (default,
# --full; None: as by default). Growth sizes are larger than the case size
# where that size runs too fast to time.
GROWTH_CASES = [
    ("single line of references", single_line, (20 * MB, 100 * MB),
     ((5 * MB, 20 * MB), (10 * MB, 100 * MB))),
    ("single word without spaces", one_word, (20 * MB, 100 * MB), ((5 * MB, 20 * MB), None)),
    ("tab table rows", tab_table, (100_000, 1_000_000),
     ((25_000, 100_000), (100_000, 1_000_000))),
    ("nested decimal headings", nested_headings, (10_000, 10_000), ((10_000, 40_000), None)),
    ("alternating heading styles", alternating_styles, (10_000, 10_000),
     ((40_000, 160_000), None)),
    ("table 100,000 columns wide", wide_table, (100_000, 400_000),
     ((50_000, 200_000), None)),
    ("repeated table header line", header_rows, (100_000, 1_000_000),
     ((100_000, 400_000), (100_000, 1_000_000))),
    ("run of digits", runs("1234567890"), (2 * MB, 10 * MB), ((2 * MB, 8 * MB), None)),
    ("run of 1/1/1/", runs("1/"), (2 * MB, 10 * MB), ((2 * MB, 8 * MB), None)),
    ("run of dashes", runs("-"), (2 * MB, 10 * MB), ((2 * MB, 8 * MB), None)),
    ("Nghị định số 1/1/1/...", runs("1/", "Nghị định số "), (2 * MB, 10 * MB),
     ((4 * MB, 16 * MB), None)),
    ("Số: 1-1-1-.../QĐ-UBND", runs("1-", "Số: "), (2 * MB, 10 * MB), ((2 * MB, 8 * MB), None)),
    ("Căn cứ Quyết định số 1/1/... on many lines", runs("Căn cứ Quyết định số 1/1/1/1;\n"),
     (4 * MB, 10 * MB), ((MB, 4 * MB), None)),
    ("markup runs", markup_runs, (2 * MB, 10 * MB), ((4 * MB, 16 * MB), None)),
    ("blank CRLF lines", blank_lines, (2_000_000, 10_000_000), ((500_000, 2_000_000), None)),
]


def many_tables_citing(tables):
    """Thousands of small task tables, each citing its own document: the
    reference stage asks for every row whether it lies in a table, and the
    citation stage groups thousands of distinct documents."""
    out = ["KẾ HOẠCH\n\nCải cách hành chính\n\n"]
    for i in range(1, tables + 1):
        out.append("PHỤ LỤC %d\n\nSTT\tNội dung\tChủ trì\tPhối hợp\tThời gian\n"
                   "1\tThực hiện Quyết định số %d/QĐ-UBND\tSở Nội vụ\tCác sở\tQuý I/2026\n\n"
                   "Ghi chú %d.\n\n" % (i, i, i))
    return "".join(out).encode()


def table_reference_cases(tmp, full, only, tally):
    name = "many tables with references"
    if not wanted(name, only):
        return
    data = many_tables_citing(80_000 if full else 20_000)
    check_once(tmp, "%s (%.1f MB)" % (name, len(data) / MB), data, tally)
    del data
    baseline = cpu_time(tmp, "empty", b"", 3) or 0.0
    check_growth(tmp, name, many_tables_citing, 5_000, 4, baseline, tally)


# ---- one count grown alone --------------------------------------------------
# Each case writes a plan holding n of one thing a document can have many
# of, and little else, so that a stage walking all of them for each of them
# (quadratic in that count) shows whatever the rest of the document costs.
# Each case is a function of its own, registered by @count_case(name, n):
# n is where its growth check starts (it grows until it can be timed).

COUNT_CASES = []  # (name, make(n) -> bytes, starting n)

# Cases known to fail, with what is quadratic: they print XFAIL, not a
# failure, and XPASS once fixed (then take them off this list).
EXPECTED_FAILURES = {}

PLAN_HEAD = ("ỦY BAN NHÂN DÂN\nTỈNH THÁI NGUYÊN\n\nSố: 12/KH-UBND\n\n"
             "Thái Nguyên, ngày 5 tháng 3 năm 2026\n\nKẾ HOẠCH\n"
             "Triển khai các nhiệm vụ trọng tâm năm 2026\n\nI. MỤC ĐÍCH, YÊU CẦU\n\n"
             "Bảo đảm các nhiệm vụ được triển khai kịp thời.\n\n")
CLOSING = ("Trên đây là Kế hoạch của Ủy ban nhân dân tỉnh./.\n\nNơi nhận:\n"
           "- Các sở, ngành;\n- Lưu: VT.\n\nTM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\n\nNguyễn Văn An\n\n")
TASK_HEADER = "STT\tNội dung\tChủ trì\tPhối hợp\tThời gian\n"


def count_case(name, n):
    def register(make):
        COUNT_CASES.append((name, make, n))
        return make
    return register


def plan(parts):
    return (PLAN_HEAD + "".join(parts)).encode()


@count_case("many footnotes", 2000)
def many_footnotes(n):
    """Pages of five paragraphs, each with a marker, and their notes."""
    out = []
    for page in range(0, n, 5):
        marks = range(page + 1, min(n, page + 5) + 1)
        out += ["Nội dung thứ %d được giao cho các sở, ngành<sup>%d</sup>.\n\n" % (k, k)
                for k in marks]
        out += ["<sup>%d</sup> Chú thích %d về văn bản hướng dẫn.\n\n" % (k, k) for k in marks]
    return plan(out)


@count_case("many markers in one paragraph", 2000)
def markers_in_one_paragraph(n):
    """One paragraph citing n notes, the notes after it."""
    body = "Các văn bản đã ban hành" + "".join(", văn bản %d<sup>%d</sup>" % (k, k)
                                               for k in range(1, n + 1)) + ".\n\n"
    return plan([body] + ["<sup>%d</sup> Văn bản %d của tỉnh.\n\n" % (k, k)
                          for k in range(1, n + 1)])


@count_case("many tables", 500)
def many_tables(n):
    return plan("Bảng %d. Nhiệm vụ trọng tâm\n\n%s"
                "1\tRà soát văn bản số %d\tSở Tư pháp\tCác sở\tQuý I/2026\n"
                "2\tBáo cáo kết quả\tSở Nội vụ\tCác sở\tQuý II/2026\n\n" % (k, TASK_HEADER, k)
                for k in range(1, n + 1))


@count_case("many columns", 2000)
def many_columns(n):
    """A header row of n known column names, and two rows as wide."""
    names = ["Phối hợp", "Thời gian", "Kết quả", "Ghi chú", "Đơn vị tính"]
    header = ["STT", "Nội dung", "Chủ trì"] + [names[k % len(names)] for k in range(n)]
    rows = ["\t".join(["%d" % r, "Nhiệm vụ %d" % r, "Sở Nội vụ"] +
                      ["ô %d" % k for k in range(n)]) for r in (1, 2)]
    return plan(["\t".join(header) + "\n" + "\n".join(rows) + "\n"])


@count_case("cells past the header", 20000)
def cells_past_header(n):
    """A row of n cells under a header of five."""
    return plan([TASK_HEADER + "1\t" + "\t".join("ô %d" % k for k in range(n)) + "\n"])


@count_case("many short forms", 2000)
def many_short_forms(n):
    """Each document named short first, then in full."""
    return plan("Thực hiện Nghị định %d/2025 và Nghị định số %d/2025/NĐ-CP của Chính phủ.\n\n"
                % (k, k) for k in range(1, n + 1))


@count_case("many distinct references", 4000)
def many_references(n):
    return plan("Căn cứ Nghị quyết số %d/NQ-CP ngày 15/7/2021 của Chính phủ;\n" % k
                for k in range(1, n + 1))


@count_case("one document cited many times", 4000)
def one_document_cited(n):
    return plan("Theo Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ, nhiệm vụ %d.\n\n" % k
                for k in range(1, n + 1))


@count_case("references in one paragraph", 2000)
def references_in_one_paragraph(n):
    """n wrapped lines joined into one paragraph, a reference on each."""
    return plan(["".join("căn cứ Quyết định số %d/QĐ-UBND ngày 2/3/2025 của UBND tỉnh và\n" % k
                         for k in range(1, n + 1)) + "các văn bản khác.\n"])


@count_case("many diagnostics", 4000)
def many_diagnostics(n):
    """One document cited with a different date each time: a warning each."""
    return plan("Theo Nghị định số 5/2024/NĐ-CP ngày %d/%d/2024 của Chính phủ.\n\n" % (
        1 + k % 28, 1 + k // 28 % 12) for k in range(n))


@count_case("many agencies in one cell", 4000)
def agencies_in_one_cell(n):
    cell = ", ".join("Ủy ban nhân dân xã Số %d" % k for k in range(1, n + 1))
    return plan([TASK_HEADER + "1\tTriển khai\tSở Nội vụ\t" + cell + "\tQuý I/2026\n"])


@count_case("many agencies in cells", 1000)
def agencies_in_cells(n):
    """n rows, ten agencies of their own in each."""
    rows = ("%d\tNhiệm vụ %d\tSở Ngành %d\t%s\tQuý II/2026\n" % (
        r, r, r, "; ".join("Phòng %d-%d" % (r, k) for k in range(10))) for r in range(1, n + 1))
    return plan([TASK_HEADER] + list(rows))


@count_case("many table sections", 2000)
def table_sections(n):
    """Section rows (I, II, ...) with one task under each."""
    rows = ("%s\tNhóm nhiệm vụ %d\t\t\t\n1\tNhiệm vụ %d\tSở Nội vụ\tCác sở\tNăm 2026\n" % (
        roman(1 + k % 30), k, k) for k in range(n))
    return plan([TASK_HEADER] + list(rows))


@count_case("table rows without numbers", 2000)
def rows_without_numbers(n):
    """One numbered task, then n rows whose number cell is empty."""
    rows = ["1\tNhiệm vụ chung\tSở Nội vụ\tCác sở\tNăm 2026\n"]
    rows += ["\tNhiệm vụ %d\tSở Ngành %d\tCác sở\tQuý I/2026\n" % (k, k) for k in range(n)]
    return plan([TASK_HEADER] + rows)


@count_case("table rows in one section", 2000)
def rows_in_one_section(n):
    """One section row, then n numbered tasks under it."""
    rows = ["I\tNhóm nhiệm vụ chung\t\t\t\n"]
    rows += ["%d\tNhiệm vụ %d\tSở Nội vụ\tCác sở\tNăm 2026\n" % (k, k) for k in range(1, n + 1)]
    return plan([TASK_HEADER] + rows)


@count_case("nested table sections", 1000)
def nested_table_sections(n):
    """Section rows one level deeper each time (I, I.1, I.1.1, ...), back to
    I after 300 levels (deeper would make the input quadratic in n), one
    task under each."""
    out = [TASK_HEADER]
    for k in range(n):
        out.append("I" + ".1" * (k % 300) + "\tNhóm nhiệm vụ %d\t\t\t\n" % k)
        out.append("1\tNhiệm vụ %d\tSở Nội vụ\tCác sở\tNăm 2026\n" % k)
    return plan(out)


@count_case("continuation rows of one record", 2000)
def continuation_rows(n):
    """One task whose text a page break after page break cut: n rows that
    only continue its text, a reference in each."""
    rows = ["1\tNhiệm vụ chung gồm\tSở Nội vụ\tCác sở\tNăm 2026\n"]
    rows += ["\ttiếp tục nội dung %d theo Quyết định số %d/QĐ-UBND\t\t\t\n" % (k, k)
             for k in range(n)]
    return plan([TASK_HEADER] + rows)


@count_case("continuation row wider than its record", 2000)
def wide_continuation(n):
    """A task of two cells, then a row continuing its text with n cells
    more: the record grows to the row's width."""
    return plan([TASK_HEADER, "1\tNhiệm vụ chung\n", "\tvà các nội dung sau\t" +
                 "\t".join("tiếp nội dung %d" % k for k in range(n)) + "\n"])


@count_case("table rows without a header", 2000)
def rows_without_header(n):
    """n rows of cells that no header row opens (no table)."""
    return plan("%d\tNhiệm vụ %d\tSở Nội vụ\tCác sở\tNăm 2026\n" % (k, k)
                for k in range(1, n + 1))


@count_case("annexes with a table each", 500)
def annex_tables(n):
    """n annexes after the closing, a small task table in each (its title
    comes from the annex that holds it)."""
    return plan([CLOSING] + ["PHỤ LỤC %d\nDANH MỤC NHIỆM VỤ %d\n(Kèm theo Kế hoạch số 12/KH-UBND)"
                             "\n\n%s1\tRà soát\tSở Tư pháp\tCác sở\tQuý I/2026\n\n"
                             % (k, k, TASK_HEADER) for k in range(1, n + 1)])


@count_case("table rows in blocks of cells", 2000)
def block_rows(n):
    """A table in blocks of cells (each cell's lines end with "|", a second
    "|" ends a row), every other row without its support cell, so that the
    rest of the row comes as a block row of its own to be joined back."""
    out = ["|\nSTT\n|\nNội dung\n|\nChủ trì\n|\nPhối hợp\n|\nThời gian\n|\n|\n"]
    for k in range(1, n + 1):
        if k % 2:
            out.append("%d\n|\nTriển khai nhiệm vụ %d\n|\nSở Nội vụ\n|\nCác sở\n|\n"
                       "Quý I/2026\n|\n|\n" % (k, k))
        else:
            out.append("%d\n|\nRà soát nhiệm vụ %d\n|\nSở Tư pháp\n|\n|\nNăm 2026\n|\n|\n"
                       % (k, k))
    return plan(out + ["\nTrên đây là Kế hoạch.\n"])


@count_case("many headings", 4000)
def many_headings(n):
    """Roman sections, each holding ten numbered headings with a paragraph."""
    out = []
    for k in range(n):
        if k % 10 == 0:
            out.append("%s. PHẦN %d\n\n" % (roman(k // 10 + 1), k // 10 + 1))
        out.append("%d. Mục %d\n\nNội dung của mục %d.\n\n" % (k % 10 + 1, k, k))
    return plan(out)


@count_case("many annexes", 1000)
def many_annexes(n):
    return plan([CLOSING] + ["PHỤ LỤC %d\nDANH MỤC NHIỆM VỤ %d\n(Kèm theo Kế hoạch số 12/KH-UBND)"
                             "\n\nNội dung của phụ lục %d.\n\n" % (k, k, k)
                             for k in range(1, n + 1)])


@count_case("many recipients", 4000)
def many_recipients(n):
    return plan(["Trên đây là Kế hoạch./.\n\nNơi nhận:\n"] +
                ["- Ủy ban nhân dân xã Số %d;\n" % k for k in range(1, n + 1)] +
                ["- Lưu: VT.\n\nTM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\n\nNguyễn Văn An\n"])


def bound_for(data):
    """Generous: 5 s plus 1.5 s per MB (vnplan reads several MB a second)."""
    return (5 + 1.5 * len(data) / MB) * slowdown()


# ---- every byte value --------------------------------------------------------

def byte_mixes():
    rng = random.Random(20260301)  # fixed, so a failure can be replayed
    seed_text = "KẾ HOẠCH\nI. MỤC ĐÍCH\n1. Căn cứ Nghị định số 118/2025/NĐ-CP;\n".encode()
    spliced = bytearray()
    for b in range(1, 256):
        spliced += seed_text[: rng.randrange(len(seed_text))] + bytes([b])
    odd_chars = "".join(chr(c) for c in list(range(0x80, 0xA0)) +
                        [0xFFFE, 0xFFFF, 0xFDD0, 0x10FFFF, 0x200B, 0x202E, 0xFEFF, 0x0301, 0xD7FF])
    return [
        ("bytes 0..255", bytes(range(256))),
        ("bytes 1..255", bytes(range(1, 256))),
        ("bytes 255..1", bytes(range(255, 0, -1))),
        ("each byte 1..255 as a line", b"".join(bytes([b]) * 64 + b"\n" for b in range(1, 256))),
        ("random bytes", bytes(rng.randrange(256) for _ in range(256 * 1024))),
        ("random bytes without NUL", bytes(rng.randrange(1, 256) for _ in range(256 * 1024))),
        ("text with every byte spliced in", bytes(spliced)),
        ("C1 controls and noncharacters (valid UTF-8)",
         ("KẾ HOẠCH\n" + odd_chars + "\nSố: 1" + odd_chars + "/QĐ-UBND\n\tSTT\t" + odd_chars +
          "\n<sup>" + odd_chars + "</sup> chú thích\n").encode()),
        ("control characters in a table",
         b"STT\tN\xe1\xbb\x99i dung\tCh\xe1\xbb\xa7 tr\xc3\xac\n" +
         b"".join(b"%d\t\x01\x02\x0b\x0c\x1b\x7f cell\t\x1f\n" % i for i in range(200))),
    ]


# ---- the checks ---------------------------------------------------------------

class Tally:
    def __init__(self):
        self.passed = self.failed = 0
        self.xfailed = []

    def expected(self, label, reason, why):
        """A failure EXPECTED_FAILURES announces: shown, not counted."""
        self.xfailed.append(label)
        print("XFAIL %s: %s (expected: %s)" % (label, reason, why), flush=True)

    def record(self, label, reason):
        if reason is None:
            self.passed += 1
        else:
            self.failed += 1
            print("%s: %s" % (label, reason), flush=True)


def write(tmp, name, data):
    path = os.path.join(tmp, re.sub(r"[^A-Za-z0-9.]+", "_", name)[:60] + ".txt")
    with open(path, "wb") as f:
        f.write(data)
    return path


def cleanup(path):
    for p in (path, path + ".out"):
        if os.path.exists(p):
            os.remove(p)


def check_once(tmp, label, data, tally, args=(), fmt="json", expect=(0, 1)):
    path = write(tmp, label, data)
    bound = bound_for(data)
    o = run(path, list(args), bound, fmt)
    tally.record(label, problem(o, bound, fmt, expect))
    cleanup(path)
    return o


def cpu_time(tmp, label, data, repeat, cpu_limit=None, at_least=None):
    """Least CPU time of `repeat` runs (noise only ever adds time); None
    when a run fails or uses more CPU than cpu_limit. With at_least, a first
    run faster than that ends the measure (the caller wants a larger size)."""
    path = write(tmp, label, data)
    best = None
    for _ in range(repeat):
        o = run(path, [], bound_for(data), keep=False, cpu_limit=cpu_limit)  # timed, not checked
        if o.timed_out or o.code not in (0, 1):
            cleanup(path)
            return None
        best = o.cpu if best is None else min(best, o.cpu)
        if at_least is not None and best < at_least:
            break
    cleanup(path)
    return best


# A growth run whose smaller size takes less CPU than this (above the
# start-up) is grown until it does: a shorter time is mostly noise.
MIN_TIMED = 0.2
# The largest input a growth check may make while looking for a timeable size.
MAX_TIMED_BYTES = 256 * MB


def timeable(tmp, name, make, n, baseline):
    """The least n' >= n at which make(n') takes MIN_TIMED seconds of CPU
    above the start-up, with its input and time; (None, reason) when a run
    fails or no size under MAX_TIMED_BYTES is slow enough."""
    while True:
        data = make(n)
        t = cpu_time(tmp, name + " small", data, 3, at_least=baseline + MIN_TIMED)
        if t is None:
            return None, "a timing run failed at %.2f MB (see the size check)" % (len(data) / MB)
        net = max(t - baseline, 0.0)
        if net >= MIN_TIMED:
            return (n, data, t, net), None
        if len(data) > MAX_TIMED_BYTES:
            return None, "%.0f MB still take only %.3f s: too fast to time" % (len(data) / MB, t)
        # by the square root: a quadratic case must not overshoot to minutes
        factor = min(4.0, max(1.5, 1.2 * math.sqrt(MIN_TIMED / max(net, 0.005))))
        n = int(n * factor) + 1


def check_growth(tmp, name, make, n, k, baseline, tally, expected_failure=None):
    """Times make(n) and make(k*n); n grows first until it can be timed.
    The limit is 1.5*k: quadratic work gives k*k."""
    label = "growth %s" % name
    small, why = timeable(tmp, name, make, n, baseline)
    if small is None:
        record_growth(tally, label, why, expected_failure)
        return
    n, small_data, t_small, net_small = small
    big = make(int(n * k))
    real_k = len(big) / len(small_data)
    limit = 1.5 * real_k
    # a run far past the limit is a failure already: it need not finish
    # (twice the limit in CPU time, and 5 s more: a linear run takes a third
    # of it, however busy the machine is)
    cpu_limit = (2 * limit * t_small + 5) * slowdown()
    t_big = cpu_time(tmp, name + " big", big, 2, cpu_limit=cpu_limit)
    if t_big is None:
        record_growth(tally, label, "the run at %.2f MB failed, or took more than %.0f s of CPU "
                      "where %.1f times the %.2f s of %.2f MB is the limit" % (
                          len(big) / MB, cpu_limit, limit, t_small, len(small_data) / MB),
                      expected_failure)
        return
    ratio = max(t_big - baseline, 0.0) / net_small
    if ratio >= limit:
        # noise only ever adds time, most to the run that shared the machine
        # with more: past the limit, both sizes are timed again and the least
        # times kept; quadratic work stays k times past linear whatever the
        # noise, so a real failure still fails
        again_small = cpu_time(tmp, name + " small", small_data, 3)
        again_big = cpu_time(tmp, name + " big", big, 3, cpu_limit=cpu_limit)
        t_small = min(t_small, again_small) if again_small is not None else t_small
        t_big = min(t_big, again_big) if again_big is not None else t_big
        net_small = max(t_small - baseline, 0.005)
        ratio = max(t_big - baseline, 0.0) / net_small
        print("%s: past the limit, timed again" % label, flush=True)
    print("%s: n=%d %.2f MB %.2f s, n=%d %.2f MB %.2f s: ratio %.2f for %.1fx (limit %.1f)" % (
        label, n, len(small_data) / MB, t_small, int(n * k), len(big) / MB, t_big, ratio,
        real_k, limit), flush=True)
    record_growth(tally, label, None if ratio < limit else
                  "time grew %.1f times for %.1f times the input: worse than linear" % (
                      ratio, real_k), expected_failure)


def record_growth(tally, label, reason, expected_failure):
    if expected_failure is None:
        tally.record(label, reason)
    elif reason is not None:
        tally.expected(label, reason, expected_failure)
    else:
        print("XPASS %s: now linear; take it off EXPECTED_FAILURES (%s)" % (
            label, expected_failure), flush=True)
        tally.record(label, None)


def size_cases(tmp, full, only, tally):
    baseline = cpu_time(tmp, "empty", b"", 3) or 0.0
    for name, make, sizes, growth in GROWTH_CASES:
        if not wanted(name, only):
            continue
        data = make(sizes[1] if full else sizes[0])
        o = check_once(tmp, "%s (%.1f MB)" % (name, len(data) / MB), data, tally)
        print("%s: %.1f MB in %.2f s, exit %s" % (name, len(data) / MB, o.wall, o.code), flush=True)
        del data
        pair = growth[1] if full and growth[1] else growth[0]
        if pair:
            check_growth(tmp, name, make, pair[0], pair[1] / pair[0], baseline, tally)
    for name, make, n in COUNT_CASES:
        if wanted(name, only):
            check_growth(tmp, name, make, n, 10 if full else 4, baseline, tally,
                         EXPECTED_FAILURES.get(name))


def mix_cases(tmp, only, tally):
    for name, data in byte_mixes():
        if not wanted(name, only):
            continue
        for args in ([], ["--replace-invalid"]):
            for fmt in ("json", "xml", "akn"):
                label = "%s%s [%s]" % (name, " " + args[0] if args else "", fmt)
                check_once(tmp, label, data, tally, args, fmt)


def parallel(tasks, tally):
    """Runs (label, fn) tasks on every CPU: they are not timed against each
    other, so overlapping is fine."""
    workers = max(1, os.cpu_count() or 1)
    with concurrent.futures.ThreadPoolExecutor(max_workers=workers) as pool:
        futures = [(label, pool.submit(fn)) for label, fn in tasks]
        for label, fut in futures:
            tally.record(label, fut.result())


def wanted(name, only):
    return not only or only in name


def single_bytes(tmp, only, tally):
    if not wanted("single byte", only):
        return

    def one(b, args):
        path = os.path.join(tmp, "byte-%02x%s.txt" % (b, "-r" if args else ""))
        with open(path, "wb") as f:
            f.write(bytes([b]))
        reason = problem(run(path, args, bound_for(b"x")), bound_for(b"x"))
        cleanup(path)
        return reason

    tasks = [("single byte 0x%02x%s" % (b, " --replace-invalid" if args else ""),
              functools.partial(one, b, args))
             for b in range(256) for args in ([], ["--replace-invalid"])]
    parallel(tasks, tally)


def truncation_offsets(size):
    """Every offset of the first 4 KB, then every 97th, and the whole."""
    offsets = list(range(0, min(size, 4096) + 1)) + list(range(4096, size, 97))
    return sorted(set(offsets + [size]))


def truncations(tmp, only, tally):
    if not wanted("truncated UTF-8", only):
        return
    seeds = sorted(glob.glob(os.path.join(ROOT, "corpus", "seeds", "001*.txt")))
    if not seeds:
        tally.record("truncated UTF-8", "no corpus/seeds/001*.txt")
        return
    with open(seeds[0], "rb") as f:
        seed = f.read()

    def one(cut):
        path = os.path.join(tmp, "cut-%06d.txt" % cut)
        with open(path, "wb") as f:
            f.write(seed[:cut])
        bound = bound_for(seed)
        reason = problem(run(path, [], bound), bound)
        if reason is None:
            # with replacement, a cut sequence is one U+FFFD: never an error
            reason = problem(run(path, ["--replace-invalid"], bound), bound, expect=(0,))
            reason = reason and "--replace-invalid: " + reason
        cleanup(path)
        return reason

    offsets = truncation_offsets(len(seed))
    print("truncated UTF-8: %d cuts of %s" % (len(offsets), os.path.basename(seeds[0])),
          flush=True)
    parallel([("truncated at byte %d" % cut, functools.partial(one, cut)) for cut in offsets],
             tally)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--full", action="store_true", help="100 MB line, a million rows")
    ap.add_argument("--only", help="run only the cases whose name contains this")
    opts = ap.parse_args()
    if not VNPLAN:
        print("VNPLAN is not set (path of the vnplan binary)")
        print("0 passed, 1 failed")
        return 1
    tally = Tally()
    with tempfile.TemporaryDirectory(prefix="vnplan-patho-") as tmp:
        size_cases(tmp, opts.full, opts.only, tally)
        table_reference_cases(tmp, opts.full, opts.only, tally)
        mix_cases(tmp, opts.only, tally)
        single_bytes(tmp, opts.only, tally)
        truncations(tmp, opts.only, tally)
    if tally.xfailed:
        print("%d expected failures: %s" % (len(tally.xfailed), ", ".join(tally.xfailed)))
    print("%d passed, %d failed" % (tally.passed, tally.failed))
    return 1 if tally.failed else 0


if __name__ == "__main__":
    sys.exit(main())
