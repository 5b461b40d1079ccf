"""Shared pieces of the archive index tests (test_index*.py): running the
command, plans written for the tests, the search folding redone in Python,
and the rows an index holds for each document."""
import json
import os
import sqlite3
import subprocess
import sys
import unicodedata

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import vnptest  # noqa: E402

VNPLAN = os.environ.get("VNPLAN")
ROOT = vnptest.ROOT
SEEDS = sorted(os.path.join(ROOT, "corpus", "seeds", f)
               for f in os.listdir(os.path.join(ROOT, "corpus", "seeds")))
REALWORLD = os.path.join(os.environ.get("VNPLAN_SHARED", os.path.join(ROOT, "..", "shared")),
                         "realworld", "docs")


class Checks:
    def __init__(self):
        self.passed = self.failed = 0

    def __call__(self, ok, what, detail=""):
        if ok:
            self.passed += 1
        else:
            self.failed += 1
            print("FAIL: %s %s" % (what, str(detail)[:600]), flush=True)
        return ok

    def end(self):
        print("%d passed, %d failed" % (self.passed, self.failed))
        sys.exit(1 if self.failed else 0)


def run(args, timeout=600, **kw):
    return subprocess.run([VNPLAN] + args, capture_output=True, timeout=timeout, **kw)


def extract(path):
    out = run(["extract", "--compact", "-q", path])
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


def fold(text):
    """What vnplan_fold does, written again from its definition: NFD, marks
    dropped, đ as d, case folded."""
    text = text.replace("đ", "d").replace("Đ", "d").replace("Ð", "d")
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(c for c in decomposed if not unicodedata.category(c).startswith("M")).casefold()


def connect(db):
    con = sqlite3.connect(db)
    con.execute("PRAGMA foreign_keys = ON")
    return con


def consistency(con):
    """The problems SQLite finds in the file, its foreign keys and FTS index."""
    problems = [r[0] for r in con.execute("PRAGMA integrity_check") if r[0] != "ok"]
    problems += ["foreign key: %r" % (r,) for r in con.execute("PRAGMA foreign_key_check")]
    try:
        con.execute("INSERT INTO search(search) VALUES ('integrity-check')")
    except sqlite3.DatabaseError as e:
        problems.append("fts: %s" % e)
    return problems


def counts_in_model(doc):
    """Rows each table should hold for one document's JSON."""
    records = [r for t in doc["tables"] for r in t["records"]]
    return {
        "cited_documents": len(doc["cited_documents"]),
        "mentions": len(doc["references"]),
        "tables": len(doc["tables"]),
        "tasks": len(records),
        "agencies": sum(len(r["agencies"]["lead"]) + len(r["agencies"]["support"]) for r in records),
        "diagnostics": len(doc["diagnostics"]),
    }


def counts_in_index(con, path):
    (doc_id,) = con.execute("SELECT id FROM documents WHERE path = ?", (path,)).fetchone()
    return {t: con.execute("SELECT count(*) FROM %s WHERE document_id = ?" % t, (doc_id,)).fetchone()[0]
            for t in ("cited_documents", "mentions", "tables", "tasks", "agencies", "diagnostics")}


def rows_by_path(con):
    """Every table's rows keyed by the document path, without row ids: two
    indexes of the same files compare equal whatever order made them."""
    out = {}
    for (path, doc_id) in con.execute("SELECT path, id FROM documents ORDER BY path"):
        rows = [con.execute("SELECT sha256, key, title, date FROM documents WHERE id = ?",
                            (doc_id,)).fetchall()]
        for t, cols in (("cited_documents", "key, date, issuer, roles"),
                        ("mentions", "line, col, role, text"),
                        ("tasks", "seq, kind, text, due_start, due_end"),
                        ("agencies", "role, seq, name, folded"),
                        ("diagnostics", "code, line, message"),
                        ("search_items", "kind, line, text, folded")):
            rows.append(sorted(con.execute("SELECT %s FROM %s WHERE document_id = ?" % (cols, t),
                                           (doc_id,)).fetchall(), key=repr))
        out[path] = rows
    return out


PROVINCE_HEAD = "UBND TỈNH {upper}\nSỞ NỘI VỤ\n\nSố: {number}/KH-SNV\n\n{place}, ngày {day} tháng {month} năm {year}\n\n"


def plan(place, number, date, bases, tasks=(), title="Sắp xếp tổ chức bộ máy và công vụ năm 2026"):
    """A plan written for the tests: a header, a legal-basis paragraph with
    the citations given (each a complete phrase), and a task table of rows
    (task, lead, support, time)."""
    day, month, year = date
    text = PROVINCE_HEAD.format(upper=place.upper(), number=number, place=place, day=day,
                                month=month, year=year)
    text += "**KẾ HOẠCH**\n**%s**\n\n" % title
    text += "Căn cứ " + "; ".join(bases) + ";\n\nSở Nội vụ ban hành Kế hoạch như sau:\n\n"
    text += "**I. MỤC ĐÍCH, YÊU CẦU**\n\n- Thực hiện đúng các nhiệm vụ được giao.\n\n"
    if tasks:
        text += "**II. NHIỆM VỤ**\n\nSTT\tNhiệm vụ\tChủ trì\tPhối hợp\tThời gian\n"
        for i, row in enumerate(tasks, 1):
            text += "%d\t%s\n" % (i, "\t".join(row))
        text += "\n"
    text += "Nơi nhận:\n- UBND tỉnh;\n- Lưu: VT.\n\nGIÁM ĐỐC\n\nNguyễn Văn An\n"
    return text


def write(folder, name, text):
    path = os.path.join(folder, name)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    return path
