"""vnplan index: the rows of each document are those of its JSON; a rerun
skips unchanged files without changing the database; a changed file
replaces its rows and only its rows; the same content at another path is
indexed once; full-text search matches with and without tone marks and
with đ folded; a database that is not SQLite, another program's database
and another schema version are errors that leave the file as it was."""
import os
import re
import shutil
import sqlite3
import tempfile

from index_helpers import (ROOT, SEEDS, Checks, connect, consistency, counts_in_index, counts_in_model,
                           extract, fold, plan, rows_by_path, run, write)

check = Checks()

with tempfile.TemporaryDirectory() as tmp:
    docs = os.path.join(tmp, "docs")
    os.mkdir(docs)
    paths = [shutil.copy(s, docs) for s in SEEDS]
    paths.append(write(docs, "lang_son.txt", plan(
        "Lạng Sơn", 12, (10, 3, 2026),
        ["Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ ban hành Chương trình tổng thể"],
        [("Rà soát, sắp xếp tổ chức bộ máy các phòng", "Sở Nội vụ", "Các sở, ngành", "Quý II/2026"),
         ("Tổng hợp báo cáo kết quả", "Sở Tài chính", "Sở Nội vụ", "Tháng 5/2026")])))
    paths.sort()
    db = os.path.join(tmp, "archive.db")

    first = run(["index", db, docs])
    check(first.returncode == 0, "indexing a folder exits 0", first.stderr)
    check(b"6 files: 6 indexed" in first.stderr, "the summary counts the files", first.stderr)
    con = connect(db)
    check(con.execute("PRAGMA user_version").fetchone()[0] == 1, "the schema version is 1")
    check(consistency(con) == [], "integrity, foreign keys and FTS index hold", consistency(con))
    check([r[0] for r in con.execute("SELECT path FROM documents ORDER BY id")] == paths,
          "a folder's files are indexed in name order")
    for p in paths:
        model = extract(p)
        got = counts_in_index(con, p)
        check(got == counts_in_model(model), "the rows of %s are those of its JSON" % os.path.basename(p),
              (got, counts_in_model(model)))
        (sha,) = con.execute("SELECT sha256 FROM documents WHERE path = ?", (p,)).fetchone()
        check(sha == model["source"]["sha256"], "documents.sha256 is the source's")
    lang = con.execute("SELECT key, type_code, date, year, place, period_from, title FROM documents"
                       " WHERE path LIKE '%lang_son.txt'").fetchone()
    check(lang == ("12/KH-SNV", "KH", "2026-03-10", 2026, "Lạng Sơn", 2026,
                   "Sắp xếp tổ chức bộ máy và công vụ năm 2026"),
          "the document's header fields and its own key", lang)
    check(con.execute("SELECT issuer, province FROM documents WHERE path LIKE '%lang_son.txt'").fetchone()
          == tuple(None if extract(paths[-1])["document"].get(k) is None else
                   extract(paths[-1])["document"][k]["name"] for k in ("issuer", "province")),
          "issuer and province are the model's names, NULL where the model has none")
    task = con.execute("SELECT t.text, t.lead, t.deadline, t.due_start, t.due_end, a.name, a.folded"
                       " FROM tasks t JOIN agencies a ON a.task_id = t.id AND a.role = 'lead'"
                       " WHERE t.text LIKE 'Rà soát, sắp xếp%'").fetchone()
    check(task == ("Rà soát, sắp xếp tổ chức bộ máy các phòng", "Sở Nội vụ", "Quý II/2026",
                   "2026-04-01", "2026-06-30", "Sở Nội vụ", "so noi vu"),
          "a task with its cells, due dates and agencies", task)
    cited = con.execute("SELECT c.key, c.basis, c.roles, m.line, m.role FROM cited_documents c"
                        " JOIN mentions m ON m.cited_id = c.id JOIN documents d ON d.id = c.document_id"
                        " WHERE d.path LIKE '%lang_son.txt'").fetchall()
    check(cited == [("76/NQ-CP", 1, "basis", 11, "basis")], "a cited document and its mention", cited)
    before = rows_by_path(con)
    con.close()

    again = run(["index", db, docs])
    check(again.returncode == 0 and b"6 unchanged" in again.stderr, "a rerun skips every file",
          again.stderr)
    con = connect(db)
    check(rows_by_path(con) == before, "a rerun leaves every row as it was")
    con.close()

    # A file touched but not changed is read again and skipped on its sha256.
    os.utime(paths[0], (1, 1))
    touched = run(["index", db, paths[0]])
    check(b"1 unchanged" in touched.stderr, "a touched file with the same bytes is unchanged",
          touched.stderr)

    # A changed file: its rows replaced, in one transaction, no one else's.
    with open(paths[-1], "a", encoding="utf-8") as f:
        f.write("\nCăn cứ Nghị định số 60/2021/NĐ-CP ngày 21/6/2021 của Chính phủ.\n")
    changed = run(["index", db, paths[-1]])
    check(changed.returncode == 0 and b"1 replaced" in changed.stderr, "a changed file is replaced",
          changed.stderr)
    con = connect(db)
    check(consistency(con) == [], "the database is consistent after a replacement")
    check(counts_in_index(con, paths[-1]) == counts_in_model(extract(paths[-1])),
          "the replaced document's rows are those of its new JSON")
    after = rows_by_path(con)
    check(all(after[p] == before[p] for p in paths[:-1]), "the other documents' rows are untouched")
    check(con.execute("SELECT count(*) FROM documents").fetchone()[0] == 6, "still one row per file")
    con.close()

    # The same content at another path is indexed once.
    copy = shutil.copy(paths[0], os.path.join(tmp, "copy.txt"))
    dup = run(["index", db, copy])
    check(dup.returncode == 0 and b"1 duplicates" in dup.stderr and b"same content as" in dup.stderr,
          "a copy of an indexed file is a duplicate", dup.stderr)

    # Full-text search, with and without tone marks, đ folded.
    con = connect(db)
    items = con.execute("SELECT d.path, s.line, s.kind, s.text FROM search_items s"
                        " JOIN documents d ON d.id = s.document_id").fetchall()
    con.close()
    for words in (["phoi", "hop"], ["Phối", "hợp"], ["nghi", "dinh"], ["NGHỊ", "ĐỊNH"], ["de", "an"],
                  ["sở", "noi", "vu"]):
        folded = [fold(w) for w in words]
        expected = sorted("%s:%d: %s: %s" % (p, l, k, t) for (p, l, k, t) in items
                          if all(w in re.findall(r"\w+", fold(t)) for w in folded))
        got = run(["index", "--search", db] + words)
        lines = sorted(got.stdout.decode().splitlines())
        check(got.returncode == 0 and lines == expected and lines,
              "search %s finds every title, task and agency with those words" % " ".join(words),
              (len(lines), len(expected), set(lines) ^ set(expected)))
    none = run(["index", "--search", db, "khongcotu"])
    check(none.returncode == 1 and none.stdout == b"", "a search that finds nothing exits 1")

    # Databases the command must not touch.
    def untouched(name, content, message):
        path = os.path.join(tmp, name)
        with open(path, "wb") as f:
            f.write(content)
        out = run(["index", path, paths[0]])
        with open(path, "rb") as f:
            same = f.read() == content
        check(out.returncode == 1 and message in out.stderr and same,
              "%s: exit 1 with the cause, the file unchanged" % name, out.stderr)

    untouched("notes.db", b"Not a database at all, but notes.\n" * 50, b"file is not a database")
    other = os.path.join(tmp, "other.db")
    con = sqlite3.connect(other)
    con.execute("CREATE TABLE t(x)")
    con.commit()
    con.close()
    with open(other, "rb") as f:
        untouched("other.db", f.read(), b"not a vnplan index")
    con = sqlite3.connect(os.path.join(tmp, "newer.db"))
    con.execute("CREATE TABLE documents(x)")
    con.execute("PRAGMA user_version = 99")
    con.commit()
    con.close()
    with open(os.path.join(tmp, "newer.db"), "rb") as f:
        untouched("newer.db", f.read(), b"schema version 99")
    missing = run(["index", os.path.join(tmp, "no", "such", "dir.db"), paths[0]])
    check(missing.returncode == 1 and b"unable to open" in missing.stderr,
          "a database in a folder that does not exist: exit 1 with the cause", missing.stderr)
    bad = write(tmp, "bad.txt", "")
    with open(bad, "wb") as f:
        f.write(b"abc\xff\n")
    badrun = run(["index", db, bad, paths[1]])
    check(badrun.returncode == 1 and b"bad.txt:1:4: error" in badrun.stderr,
          "a file that cannot be parsed is named with its line, the others still indexed",
          badrun.stderr)
    usage = run(["index", db])
    check(usage.returncode == 2, "no PATH is a usage error")

# vnplan --help names every command the program dispatches (read from its
# source), index and check --index among them.
with open(os.path.join(ROOT, "extract", "cli", "vnplan.c"), encoding="utf-8") as f:
    commands = re.findall(r'strcmp\(argv\[1\], "([a-z]+)"\) == 0', f.read())
shown = run(["--help"])
text = shown.stdout.decode()
check(shown.returncode == 0 and "index" in commands, "vnplan --help exits 0", commands)
for name in commands + ["check --index", "index --search"]:
    # options in brackets may stand between the command and the one named
    pattern = r"\s+(\[[^]]*\]\s+)*".join(re.escape(w) for w in name.split())
    check(re.search(r"^ *(usage: )?vnplan %s\b" % pattern, text, re.M),
          "vnplan --help lists vnplan %s" % name, text[:400])

check.end()
