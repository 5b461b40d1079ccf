"""vnplan index --check on an archive of plans written for the test: a
national document cited with another date, issuer or type than the rest of
the archive gives it is flagged with file and line; spellings of one
issuer agree; local symbols (01/KH-UBND) are compared within a province
only; a cited document the archive holds is linked. Then the check runs
over ../shared/realworld (SKIP when absent): every line has the form
file:line: severity: message [code]."""
import os
import re
import tempfile

from index_helpers import REALWORLD, Checks, connect, plan, run, write

check = Checks()
NQ76 = "Nghị quyết số 76/NQ-CP ngày {} của {} ban hành Chương trình tổng thể"
TT39 = "Thông tư số 39/2018/TT-BTC ngày 30/4/2018 của {} sửa đổi, bổ sung một số điều"
LOCAL = "Kế hoạch số 01/KH-UBND ngày {} của UBND tỉnh về cải cách hành chính"
OWN = "Kế hoạch số 12/KH-SNV ngày 10/3/2026 của Sở Nội vụ về sắp xếp tổ chức bộ máy"
LINE = re.compile(r"^[^:]+:\d+: (warning|note): .+ \[archive-[a-z-]+\]$")

with tempfile.TemporaryDirectory() as tmp:
    docs = os.path.join(tmp, "docs")
    os.mkdir(docs)
    # Four documents agree on 76/NQ-CP; a fifth dates it otherwise, a
    # sixth names another issuer.
    for i, (place, date, issuer) in enumerate([
            ("Lạng Sơn", "15/7/2021", "Chính phủ"), ("Cao Bằng", "15/7/2021", "Chính phủ"),
            ("Hà Giang", "15/7/2021", "Chính phủ"), ("Điện Biên", "15/7/2021", "Chính phủ"),
            ("Sơn La", "17/5/2021", "Chính phủ"), ("Lai Châu", "15/7/2021", "Thủ tướng Chính phủ")]):
        bases = [NQ76.format(date, issuer),
                 TT39.format("Bộ trưởng Bộ Tài chính" if i % 2 else "Bộ Tài chính"),
                 LOCAL.format("%d/01/2026" % (i + 2))]
        if place == "Cao Bằng":
            bases.append(OWN)
        write(docs, "plan%d.txt" % i, plan(place, 30 + i, (10, 3, 2026), bases))
    # The plan of Lạng Sơn that Cao Bằng's cites (same key and date).
    write(docs, "own.txt", plan("Lạng Sơn", 12, (10, 3, 2026),
                                [NQ76.format("15/7/2021", "Chính phủ")]))
    db = os.path.join(tmp, "archive.db")
    out = run(["index", "-q", db, docs])
    check(out.returncode == 0, "the archive is indexed", out.stderr)
    res = run(["index", "--check", db])
    lines = res.stdout.decode().splitlines()
    check(res.returncode == 0, "the check exits 0 (warnings only)", res.stderr)
    warnings = [l for l in lines if ": warning: " in l]
    p4 = os.path.join(docs, "plan4.txt")
    p5 = os.path.join(docs, "plan5.txt")
    check(warnings == [
        "%s:11: warning: Nghị quyết 76/NQ-CP is dated 15/7/2021 in 6 documents; this one says "
        "17/5/2021 [archive-date]" % p4,
        "%s:11: warning: Nghị quyết 76/NQ-CP is issued by Chính phủ in 6 documents; this one says "
        "Thủ tướng Chính phủ [archive-issuer]" % p5],
        "the date and the issuer that disagree with the archive, and nothing else", lines)
    links = [l for l in lines if ": note: " in l]
    check(links == ["%s:11: note: 12/KH-SNV is in the archive: %s [archive-link]"
                    % (os.path.join(docs, "plan1.txt"), os.path.join(docs, "own.txt"))],
          "the cited plan the archive holds is linked", links)
    con = connect(db)
    view = con.execute("SELECT c.key, t.path FROM citation_links l JOIN cited_documents c"
                       " ON c.id = l.cited_id JOIN documents t ON t.id = l.target_id").fetchall()
    check(view == [("12/KH-SNV", os.path.join(docs, "own.txt"))], "the citation_links view", view)
    con.close()
    check(b"2 disagreements, 1 citations" in res.stderr, "the summary counts them", res.stderr)
    not_db = write(tmp, "x.db", "text\n" * 100)
    bad = run(["index", "--check", not_db])
    check(bad.returncode == 1 and b"file is not a database" in bad.stderr,
          "--check on a file that is not SQLite: exit 1 with the cause", bad.stderr)

    if not os.path.isdir(REALWORLD):
        print("SKIP: the check over the real-world documents: %s is absent" % REALWORLD)
    else:
        rw = os.path.join(tmp, "realworld.db")
        built = run(["index", "-q", rw, REALWORLD])
        check(built.returncode == 0, "the real-world documents are indexed", built.stderr[-300:])
        res = run(["index", "--check", rw])
        lines = res.stdout.decode().splitlines()
        check(res.returncode == 0 and lines, "the check runs over the real-world index", res.stderr)
        bad_lines = [l for l in lines if not LINE.match(l)]
        check(bad_lines == [], "every line is file:line: severity: message [code]", bad_lines[:3])
        print("real-world: %d warnings, %d links" % (sum(": warning: " in l for l in lines),
                                                    sum(": note: " in l for l in lines)))
check.end()
