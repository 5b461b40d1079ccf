"""vnplan check --index DB (and its alias vnplan index --check DB) on an
archive of plans written for the test: a national document cited with
another date, issuer or type than the rest of the archive gives it is
flagged with file and line; spellings of one issuer agree; local symbols
(01/KH-UBND) are compared within a province only; a cited document the
archive holds is linked. vnplan check --index DB FILE... checks the files,
indexed or not, against the archive, and shows their findings only; the
archive is never written. Then the check runs over ../shared/realworld
(SKIP when absent): every line has the form file:line: severity: message
[code], and checking every file against the index gives the findings of
the whole archive."""
import hashlib
import os
import re
import subprocess
import tempfile

from index_helpers import REALWORLD, VNPLAN, Checks, connect, plan, run, write

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
    res = run(["check", "--index", db])
    alias = run(["index", "--check", db])
    check(alias.returncode == res.returncode and alias.stdout == res.stdout,
          "index --check is check --index", (alias.stdout, res.stdout))
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
    for cmd in (["index", "--check", not_db], ["check", "--index", not_db, p4]):
        bad = run(cmd)
        check(bad.returncode == 1 and b"file is not a database" in bad.stderr,
              "%s on a file that is not SQLite: exit 1 with the cause" % " ".join(cmd[:2]), bad.stderr)
    for cmd in (["check", "--index"], ["check", "--index", "--compact"]):
        check(run(cmd).returncode == 2, "%s without a database is a usage error" % " ".join(cmd))
    for cmd in (["check", "-q", "--index", db], ["check", "--index", db, "-q"],
                ["index", "-q", "--check", db]):
        quiet = run(cmd)
        check(quiet.returncode == 0 and quiet.stdout == res.stdout and quiet.stderr == b"",
              "%s: the same findings, no summary line" % " ".join(cmd[:3]), quiet.stderr)
    odd = run(["check", "--bogus", "--index", db])
    check(odd.returncode == 2 and b"unknown option --bogus" in odd.stderr,
          "check with an unknown option is a usage error", odd.stderr)

    # Files against the archive: an indexed one gives its own findings only.
    def archive_state():
        """The database's bytes, and the frames of its write-ahead log (a
        reader of a WAL database may leave an empty log and its index)."""
        wal = os.path.join(tmp, "archive.db-wal")
        with open(db, "rb") as f:
            return hashlib.sha256(f.read()).hexdigest(), os.path.getsize(wal) if os.path.exists(wal) else 0

    state = archive_state()
    one = run(["check", "--index", db, p4])
    check(one.returncode == 0 and one.stdout.decode().splitlines() == warnings[:1],
          "an indexed file checked alone gives its own finding only", one.stdout)
    # A plan nobody indexed: a date two documents of the archive disagree
    # with, an issuer written the way the archive writes it, a citation of
    # a plan the archive holds.
    new_plan = write(tmp, "new.txt", plan("Bắc Kạn", 40, (12, 3, 2026), [
        "Nghị quyết 76/NQ-CP ngày 25/7/2021 của Chính phủ về cải cách hành chính",
        TT39.format("Bộ Tài chính"),
        "Kế hoạch số 12/KH-SNV ngày 10/3/2026 của Sở Nội vụ tỉnh Lạng Sơn"]))
    fresh = run(["check", "--index", db, new_plan])
    check(fresh.returncode == 0 and fresh.stdout.decode().splitlines() == [
        "%s:11: warning: Nghị quyết 76/NQ-CP is dated 15/7/2021 in 6 documents; this one says "
        "25/7/2021 [archive-date]" % new_plan,
        "%s:11: note: 12/KH-SNV is in the archive: %s [archive-link]"
        % (new_plan, os.path.join(docs, "own.txt"))],
        "a file not indexed is checked against the archive, and linked to what it holds",
        fresh.stdout)
    check(b"1 files (0 duplicates, 0 errors): 1 disagreements, 1 citations" in fresh.stderr,
          "the summary of a check of files", fresh.stderr)
    # A file that is indexed, changed since: its new text is checked, its
    # old version is not counted with the archive.
    with open(p4, encoding="utf-8") as f:
        old_text = f.read()
    with open(p4, "w", encoding="utf-8") as f:
        f.write(old_text.replace("17/5/2021", "15/7/2021"))
    fixed = run(["check", "--index", db, p4, p5])
    check(fixed.returncode == 0 and fixed.stdout.decode().splitlines() == [
        "%s:11: warning: Nghị quyết 76/NQ-CP is issued by Chính phủ in 6 documents; this one says "
        "Thủ tướng Chính phủ [archive-issuer]" % p5],
        "a changed file is checked as it is now, in place of its indexed version (6 documents:"
        " its old version is not counted)", fixed.stdout)
    folder = run(["check", "--index", db, docs])
    check(folder.returncode == 0 and [l for l in folder.stdout.decode().splitlines()
                                      if ": warning: " in l] == warnings[1:],
          "a folder is checked file by file", folder.stdout)
    with open(p4, "w", encoding="utf-8") as f:
        f.write(old_text)
    unreadable = write(tmp, "bad.txt", "")
    with open(unreadable, "wb") as f:
        f.write(b"K\xe1\xba\xbf ho\xff\n")
    mixed = run(["check", "--index", db, unreadable, p4])
    check(mixed.returncode == 1 and b"bad.txt:1:" in mixed.stderr
          and mixed.stdout.decode().splitlines() == warnings[:1],
          "a file that cannot be read: named with its place, exit 1, the others checked",
          (mixed.stderr, mixed.stdout))
    check(archive_state() == state, "checking files never writes the archive",
          (state, archive_state()))
    for cmd in (["check", "--index", db], ["check", "--index", db, new_plan],
                ["index", "--search", db, "sap", "xep"]):
        run(cmd)
        left = sorted(n for n in os.listdir(tmp) if n.startswith("archive.db"))
        check(left == ["archive.db"], "%s leaves no write-ahead log or index beside the archive"
              % " ".join(cmd[:2]), left)
    if os.geteuid() == 0:
        print("SKIP: a read-only archive (the checks run as root, who may write anything)")
    else:
        os.chmod(db, 0o444)
        ro = run(["check", "--index", db, p4])
        os.chmod(db, 0o644)
        check(ro.returncode == 0 and ro.stdout.decode().splitlines() == warnings[:1],
              "an archive the user may not write is checked read-only", ro.stderr)
    if os.path.exists("/dev/full"):
        for cmd in (["check", "--index", db], ["check", "--index", db, new_plan],
                    ["index", "--check", db], ["index", "--search", db, "sap", "xep"]):
            with open("/dev/full", "wb") as full:
                p = subprocess.run([VNPLAN] + cmd, stdout=full, stderr=subprocess.PIPE, timeout=120)
            err = p.stderr.decode()
            check(p.returncode == 1 and err.count("cannot write stdout: No space left on device") == 1,
                  "%s > /dev/full: exit 1, the cause said once" % " ".join(cmd[:2]), err)
    else:
        print("SKIP: /dev/full is absent: the full-stdout checks")

    if not os.path.isdir(REALWORLD):
        print("SKIP: the check over the real-world documents: %s is absent" % REALWORLD)
    else:
        rw = os.path.join(tmp, "realworld.db")
        built = run(["index", "-q", rw, REALWORLD])
        check(built.returncode == 0, "the real-world documents are indexed", built.stderr[-300:])
        res = run(["check", "--index", rw])
        lines = res.stdout.decode().splitlines()
        check(res.returncode == 0 and lines, "the check runs over the real-world index", res.stderr)
        bad_lines = [l for l in lines if not LINE.match(l)]
        check(bad_lines == [], "every line is file:line: severity: message [code]", bad_lines[:3])
        each = run(["check", "--index", rw, REALWORLD])
        check(each.returncode == 0 and each.stdout == res.stdout,
              "every file checked against the index gives the whole archive's findings",
              set(each.stdout.decode().splitlines()) ^ set(lines))
        print("real-world: %d warnings, %d links" % (sum(": warning: " in l for l in lines),
                                                    sum(": note: " in l for l in lines)))
check.end()
