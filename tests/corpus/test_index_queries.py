"""The example queries of the README's archive section, run verbatim on an
index of the seeds, plans written for the test and (when present) the
real-world documents, each against the answer computed here from the
documents' JSON."""
import os
import re
import shutil
import tempfile

from index_helpers import (REALWORLD, ROOT, SEEDS, Checks, connect, extract, fold, plan, run,
                           write)

check = Checks()
with open(os.path.join(ROOT, "README.md"), encoding="utf-8") as f:
    readme = f.read()
section = readme[readme.index("## The archive: `vnplan index`"):]
queries = re.findall(r"```sql\n(.*?)```", section, re.S)
check(len(queries) == 4, "the README gives four example queries", len(queries))


def iso(date):
    if not date or not date.get("year"):
        return None
    out = "%04d" % date["year"]
    if date.get("month"):
        out += "-%02d" % date["month"]
        if date.get("day"):
            out += "-%02d" % date["day"]
    return out


def name(doc, field):
    v = doc["document"].get(field)
    return v.get("name") if isinstance(v, dict) else v


def plans_citing(docs, key):
    rows = [(p, iso(d["document"]["date"]), d["document"]["title"]) for p, d in docs
            if d["document"]["type_code"] == "KH" and any(c["key"] == key for c in d["cited_documents"])]
    return sorted(rows, key=lambda r: (r[1] or "", r[0]))


def bases_of(docs, province, year):
    rows = []
    for p, d in docs:
        h = d["document"]
        if h["type_code"] != "KH" or h["date"].get("year") != year:
            continue
        if (name(d, "province") or h["place"]) != province:
            continue
        for c in sorted(d["cited_documents"], key=lambda c: (c["mentions"][0], c["key"])):
            if "basis" in c["roles"]:
                rows.append((p, c["type"], c["key"], c["date"], c["title"]))
    return rows


def tasks_led_by(docs, agency, start, end):
    rows = []
    for p, d in docs:
        for t in d["tables"]:
            for r in t["records"]:
                due_end = r["due"] and r["due"]["end"]
                if due_end and start <= due_end <= end and any(
                        fold(a["name"]) == agency for a in r["agencies"]["lead"]):
                    c = r["cells"]
                    text = (c.get("task") or c.get("activity") or c.get("indicator")
                            or c.get("objective") or c.get("output") or r["title"])
                    rows.append((p, r["line"], text, c.get("deadline"), due_end))
    return sorted(rows, key=lambda r: (r[0], r[1]))


def most_cited(docs, n):
    counts, types = {}, {}
    for p, d in docs:
        for c in d["cited_documents"]:
            counts[c["key"]] = counts.get(c["key"], 0) + 1
            types[c["key"]] = min(types.get(c["key"], c["type"]), c["type"])
    return [(k, types[k], counts[k]) for k in sorted(counts, key=lambda k: (-counts[k], k))][:n]


with tempfile.TemporaryDirectory() as tmp:
    docs_dir = os.path.join(tmp, "docs")
    os.mkdir(docs_dir)
    for s in SEEDS:
        shutil.copy(s, docs_dir)
    nq76 = "Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ ban hành Chương trình tổng thể"
    write(docs_dir, "lang_son.txt", plan("Lạng Sơn", 12, (10, 3, 2026), [nq76], [
        ("Rà soát, sắp xếp tổ chức bộ máy các phòng", "Sở Nội vụ", "Các sở, ngành", "Quý II/2026"),
        ("Tổng hợp báo cáo kết quả", "Sở Tài chính", "Sở Nội vụ", "Tháng 5/2026"),
        ("Kiểm tra công vụ định kỳ", "Sở Nội vụ", "Văn phòng UBND tỉnh", "Quý IV/2026"),
        ("Báo cáo sơ kết 6 tháng", "SỞ NỘI VỤ", "Các phòng", "Trước 30/6/2026")]))
    write(docs_dir, "bac_ninh.txt", plan("Bắc Ninh", 7, (2, 2, 2026), [
        nq76, "Kế hoạch số 69/KH-UBND ngày 19/9/2025 của UBND tỉnh về cải cách hành chính"]))
    paths = [os.path.join(docs_dir, f) for f in sorted(os.listdir(docs_dir))]
    if os.path.isdir(REALWORLD):
        paths += sorted(os.path.join(REALWORLD, f) for f in os.listdir(REALWORLD))
    else:
        print("SKIP: the real-world documents in the queries: %s is absent" % REALWORLD)
    db = os.path.join(tmp, "archive.db")
    out = run(["index", "-q", db] + paths)
    check(out.returncode == 0, "the archive is indexed", out.stderr[-300:])
    docs, seen = [], set()
    for p in paths:
        d = extract(p)
        if d["source"]["sha256"] not in seen:  # the index holds one copy of each content
            seen.add(d["source"]["sha256"])
            docs.append((p, d))
    expected = [plans_citing(docs, "76/NQ-CP"), bases_of(docs, "Bắc Ninh", 2026),
                tasks_led_by(docs, "so noi vu", "2026-04-01", "2026-06-30"), most_cited(docs, 10)]
    con = connect(db)
    for i, (sql, want) in enumerate(zip(queries, expected), 1):
        got = [tuple(r) for r in con.execute(sql)]
        check(got == want and len(got) >= 2, "README query %d gives the answer computed from the JSON"
              " (%d rows)" % (i, len(want)), (got[:3], want[:3]))
    con.close()
check.end()
