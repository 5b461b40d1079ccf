"""Shared pieces of the tests of `vnplan report` (test_report*.py): a plan
written for them, running the command, and the data a page embeds."""
import json
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from index_helpers import REALWORLD, ROOT, SEEDS, Checks, plan, write  # noqa: E402,F401

VNPLAN = os.environ.get("VNPLAN")

# Six tasks of a plan written for these tests: (task, lead, support, time).
# Sở Nội vụ is in four (the lead of three), the second quarter of 2026
# holds three deadlines (two quarters and a "before" date), the second
# half of 2026 two; the sixth task's text would end a <script> element.
SCRIPT_END = "</script><script>document.title='replaced'</script>"
OWN_TASKS = [
    ("Rà soát quy chế làm việc của các phòng chuyên môn", "Sở Nội vụ", "Các sở, ngành", "Quý II/2026"),
    ("Tập huấn nghiệp vụ văn thư lưu trữ cho cán bộ cấp xã", "Sở Nội vụ", "UBND các xã", "Tháng 9/2026"),
    ("Kiểm tra việc thực hiện chế độ báo cáo định kỳ", "Sở Tài chính", "Sở Nội vụ", "Quý II/2026"),
    ("Xây dựng cơ sở dữ liệu cán bộ, công chức", "Sở Khoa học và Công nghệ", "Sở Tài chính", "31/12/2026"),
    ("Sơ kết 6 tháng việc thực hiện kế hoạch", "Văn phòng UBND tỉnh", "Các sở, ngành", "Trước 30/6/2026"),
    ("Công bố " + SCRIPT_END + " trên cổng thông tin", "Sở Nội vụ", "", "Năm 2027"),
]
OWN_BASES = [
    "Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ ban hành Chương trình tổng thể cải cách "
    "hành chính nhà nước giai đoạn 2021 - 2030",
    "Nghị định số 30/2020/NĐ-CP ngày 05/3/2020 của Chính phủ về công tác văn thư",
]
OWN_TITLE = "Cải cách hành chính & \"công vụ\" năm 2026"


def own_plan(folder, name="own.txt"):
    return write(folder, name, plan("Lạng Sơn", 7, (12, 2, 2026), OWN_BASES, OWN_TASKS,
                                    title=OWN_TITLE))


def run(args, timeout=600, **kw):
    return subprocess.run([VNPLAN] + args, capture_output=True, timeout=timeout, **kw)


DATA = re.compile(rb'<script type="application/json" id="vnplan-data">(.*?)</script>', re.S)


def page_data(page):
    """The inputs' data a page embeds (bytes of the page in, list out)."""
    found = DATA.findall(page)
    assert len(found) == 1, "one data block"
    return json.loads(found[0].decode("utf-8"))


def model(path):
    out = run(["extract", "--compact", "-q", path])
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


def task_records(doc):
    return [r for t in doc["tables"] for r in t["records"] if r["kind"] == "task"]
