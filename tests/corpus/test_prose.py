#!/usr/bin/python3
"""Tasks written in prose: `vnplan tasks` lists them with the table tasks,
and over the real-world corpus ($VNPLAN_SHARED/realworld/docs) the count
of prose task records and of documents that have them stays at or above
the measured figure. Every prose record must name its task, carry at
least one assigned field and stand inside its table's lines.

The corpus part prints "SKIP: no realworld corpus" when the folder is
absent; the command check runs always. Prints "N passed, M failed";
exits 1 on any failure.
"""
import json
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import test_schema as ts  # noqa: E402  (shared helpers, found beside this file)

# Measured over the 301 documents: 34 records in 4 documents. Floors only
# go up.
MIN_RECORDS = 34
MIN_DOCUMENTS = 4
RUN_TIMEOUT = 120

SAMPLE = (
    "KẾ HOẠCH\n\nPhát triển thương mại điện tử năm 2026\n\n"
    "II. NHIỆM VỤ\n\n"
    "1. Đào tạo kỹ năng bán hàng trực tuyến cho hợp tác xã\n\n"
    "- Cơ quan chủ trì: Sở Công Thương.\n\n"
    "- Cơ quan phối hợp: Liên minh Hợp tác xã tỉnh.\n\n"
    "- Thời gian thực hiện: Quý II/2026.\n\n"
    "STT\tNhiệm vụ\tCơ quan chủ trì\tThời hạn\n"
    "1\tXây dựng sàn giao dịch nông sản\tSở Nông nghiệp và Môi trường\tNăm 2026\n"
)


def check_tasks_command(checks, vnplan):
    """A prose task and a table task of one document, both listed."""
    with tempfile.TemporaryDirectory(prefix="vnplan-prose-") as tmp:
        path = os.path.join(tmp, "plan.txt")
        with open(path, "w", encoding="utf-8") as f:
            f.write(SAMPLE)
        proc = subprocess.run([vnplan, "tasks", "--format", "json", path], capture_output=True,
                              text=True, timeout=RUN_TIMEOUT)
    if not checks.ok(proc.returncode == 0, "vnplan tasks succeeds", proc.stderr.splitlines()[:5]):
        return
    tasks = json.loads(proc.stdout)
    names = [t["task"] for t in tasks]
    checks.ok(names == ["Đào tạo kỹ năng bán hàng trực tuyến cho hợp tác xã",
                        "Xây dựng sàn giao dịch nông sản"],
              "vnplan tasks lists the prose task before the table task", names)
    if tasks:
        first = tasks[0]
        checks.ok((first["number"], first["lead"], first["start"], first["end"]) ==
                  ("1", "Sở Công Thương.", "2026-04-01", "2026-06-30"),
                  "the prose task's number, lead and dates", str(first))


def prose_records(doc):
    for t in doc["tables"]:
        if t["kind"] == "prose":
            for r in t["records"]:
                yield t, r


def check_record(checks, name, table, rec):
    cells = rec["cells"]
    where = f"{name}:{rec['line']}"
    checks.ok(rec["kind"] == "task" and cells.get("task"), f"{where}: a task with its text",
              str(cells))
    assigned = [k for k in ("lead", "support", "deadline", "output") if cells.get(k)]
    checks.ok(assigned, f"{where}: lead, support, deadline or output", str(cells))
    checks.ok(table["line"] <= rec["line"], f"{where}: inside its table", str(table["line"]))


def check_corpus(checks, vnplan, docs):
    proc = subprocess.run([vnplan, "extract", "--format", "jsonl", "-q", docs],
                          capture_output=True, text=True, timeout=RUN_TIMEOUT)
    if not checks.ok(proc.returncode == 0, "vnplan extract reads the corpus",
                     proc.stderr.splitlines()[:5]):
        return
    records, per_doc = 0, {}
    for line in proc.stdout.splitlines():
        doc = json.loads(line)
        name = os.path.basename(doc["source"]["name"])
        for table, rec in prose_records(doc):
            check_record(checks, name, table, rec)
            records += 1
            per_doc[name] = per_doc.get(name, 0) + 1
    for name in sorted(per_doc):
        print(f"  {name}: {per_doc[name]} prose task(s)")
    print(f"prose tasks: {records} in {len(per_doc)} documents")
    checks.ok(records >= MIN_RECORDS, f"at least {MIN_RECORDS} prose task records", str(records))
    checks.ok(len(per_doc) >= MIN_DOCUMENTS, f"prose tasks in at least {MIN_DOCUMENTS} documents",
              str(len(per_doc)))


def main():
    (vnplan,) = ts.require_env("VNPLAN")
    checks = ts.Checks()
    check_tasks_command(checks, vnplan)
    shared = os.environ.get("VNPLAN_SHARED")
    docs = os.path.join(shared, "realworld", "docs") if shared else None
    if docs and os.path.isdir(docs):
        check_corpus(checks, vnplan, docs)
    else:
        print("SKIP: no realworld corpus")
    return checks.finish()


if __name__ == "__main__":
    sys.exit(main())
