"""vnplan index --prune: rebuilt over the same paths, the index loses the
documents whose files were deleted or moved out of those paths, with every
row they had (their full-text rows included), in one transaction; a
renamed file keeps its rows under its new name; a path that cannot be
read prunes nothing. Without --prune no row is ever removed. A path whose
content became that of another indexed file loses its old rows."""
import os
import shutil
import tempfile

from index_helpers import (SEEDS, Checks, connect, consistency, counts_in_index, counts_in_model,
                           extract, plan, run, write)

check = Checks()
CHILD_TABLES = ("cited_documents", "mentions", "tables", "tasks", "agencies", "diagnostics",
                "search_items")


def paths_in(db):
    con = connect(db)
    rows = {p: i for (p, i) in con.execute("SELECT path, id FROM documents")}
    con.close()
    return rows


def orphans(con, ids):
    """Rows of the given documents left in any table."""
    marks = ",".join("?" * len(ids))
    return {t: n for t in CHILD_TABLES
            for (n,) in [con.execute("SELECT count(*) FROM %s WHERE document_id IN (%s)" % (t, marks),
                                     list(ids)).fetchone()] if n}


def fts_hits(con, word):
    """The rowids the full-text index itself gives for a folded word."""
    return [r for (r,) in con.execute("SELECT rowid FROM search WHERE search MATCH ?", ('"%s"' % word,))]


with tempfile.TemporaryDirectory() as tmp:
    docs = os.path.join(tmp, "docs")
    os.mkdir(docs)
    for s in SEEDS:
        shutil.copy(s, docs)
    # Two plans written for the test, each with a title word no other has.
    gone = write(docs, "gone.txt", plan(
        "Cao Bằng", 21, (4, 2, 2026), ["Nghị định số 60/2021/NĐ-CP ngày 21/6/2021 của Chính phủ"],
        [("Kiểm kê kho lưu trữ chuyên dụng", "Sở Nội vụ", "Các sở", "Quý III/2026")],
        title="Chỉnh lý tài liệu lưu trữ xylophon năm 2026"))
    moved = write(docs, "moved.txt", plan(
        "Sơn La", 22, (5, 2, 2026), ["Nghị định số 60/2021/NĐ-CP ngày 21/6/2021 của Chính phủ"],
        [("Số hóa hồ sơ đất đai", "Sở Nông nghiệp và Môi trường", "Các xã", "Năm 2026")],
        title="Số hóa hồ sơ zephyrin năm 2026"))
    renamed = os.path.join(docs, os.path.basename(SEEDS[0]))
    db = os.path.join(tmp, "archive.db")
    first = run(["index", "-q", db, docs])
    check(first.returncode == 0, "the folder is indexed", first.stderr)
    before = paths_in(db)
    con = connect(db)
    check(fts_hits(con, "xylophon") and fts_hits(con, "zephyrin"),
          "the test's title words are in the full-text index")
    con.close()

    # Delete one file, move one out of the folder, rename one.
    os.unlink(gone)
    outside = shutil.move(moved, os.path.join(tmp, "moved.txt"))
    new_name = os.path.join(docs, "renamed.txt")
    os.rename(renamed, new_name)

    plain = run(["index", "-q", db, docs])
    check(plain.returncode == 0 and set(paths_in(db)) == set(before),
          "without --prune no row is removed", plain.stderr)

    missing = run(["index", "--prune", db, docs, os.path.join(tmp, "no-such-folder")])
    check(missing.returncode == 1 and b"nothing pruned: a path or folder could not be read"
          in missing.stderr and set(paths_in(db)) == set(before),
          "a path that cannot be read: exit 1, nothing pruned", missing.stderr)

    # A document whose rows a trigger refuses to delete: the prune fails
    # as a whole, and the other document to prune is still there.
    con = connect(db)
    con.execute("CREATE TRIGGER refuse BEFORE DELETE ON tasks WHEN old.document_id = %d"
                " BEGIN SELECT RAISE(ABORT, 'refused for the test'); END" % before[moved])
    con.commit()
    con.close()
    refused = run(["index", "--prune", db, docs])
    check(refused.returncode == 1 and b"refused for the test" in refused.stderr
          and set(paths_in(db)) == set(before),
          "a prune the database refuses: exit 1, every document still there (one transaction)",
          refused.stderr)
    con = connect(db)
    con.execute("DROP TRIGGER refuse")
    con.commit()
    con.close()

    pruned = run(["index", "--prune", db, docs])
    err = pruned.stderr.decode()
    after = paths_in(db)
    check(pruned.returncode == 0 and ", 2 pruned" in err, "the prune exits 0 and counts 2", err)
    check(set(after) == (set(before) - {gone, moved, renamed}) | {new_name},
          "the deleted and the moved-out files are gone, the renamed one is under its new name",
          sorted(set(after) ^ set(before)))
    check(after.get(new_name) == before[renamed], "the renamed file keeps its document row",
          (after.get(new_name), before[renamed]))
    for p in (gone, moved):
        check("%s: note: no longer under the paths given; removed from the index" % p in err,
              "the removed document %s is named" % os.path.basename(p), err)
    con = connect(db)
    check(consistency(con) == [], "integrity, foreign keys and the FTS index hold after the prune",
          consistency(con))
    removed_ids = [before[gone], before[moved]]
    check(orphans(con, removed_ids) == {}, "no row of a removed document is left",
          orphans(con, removed_ids))
    check(fts_hits(con, "xylophon") == [] and fts_hits(con, "zephyrin") == [],
          "the full-text index no longer finds the removed titles")
    check(counts_in_index(con, new_name) == counts_in_model(extract(new_name)),
          "the renamed document still has all its rows")
    (size, mtime) = con.execute("SELECT file_size, file_mtime_ns FROM documents WHERE path = ?",
                                (new_name,)).fetchone()
    st = os.stat(new_name)
    check((size, mtime) == (st.st_size, st.st_mtime_ns), "the renamed row has its new file's stat")
    con.close()
    search = run(["index", "--search", db, "xylophon"])
    check(search.returncode == 1 and search.stdout == b"", "a search for a removed title finds nothing")

    again = run(["index", "--prune", db, docs])
    check(again.returncode == 0 and b"0 indexed" in again.stderr and b", 0 pruned" in again.stderr
          and paths_in(db) == after, "a second prune over the same paths changes nothing",
          again.stderr)
    twice = run(["index", "-q", "--prune", db, docs, new_name])
    check(twice.returncode == 0 and paths_in(db) == after, "a file given twice is seen once",
          twice.stderr)

    # A path whose content becomes that of another indexed file: its old
    # rows go (with or without --prune), the content stays indexed once.
    target = os.path.join(docs, os.path.basename(SEEDS[1]))
    shutil.copy(SEEDS[2], target)
    became = run(["index", db, target])
    now = paths_in(db)
    check(became.returncode == 0 and b"same content as" in became.stderr and target not in now
          and os.path.join(docs, os.path.basename(SEEDS[2])) in now,
          "a path whose content is another indexed file's loses its old rows", became.stderr)
    con = connect(db)
    check(orphans(con, [after[target]]) == {} and consistency(con) == [],
          "none of its old rows is left")
    con.close()

    usage = run(["index", "--prune", db])
    check(usage.returncode == 2, "--prune without a PATH is a usage error")
check.end()
