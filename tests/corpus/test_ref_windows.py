#!/usr/bin/python3
"""The built-in reference grammar is searched only in the window of words
before each "/", from where the test read back from the slash says a match
can start (ref_window.c; none at most slashes), and its list heads by a
pattern of their own (refs.c, match_from); a caller's grammar folder is
searched from every position.
Given the built-in grammar files as a caller's folder (--grammars), vnplan
must find exactly the same references: this compares `vnplan extract
--format jsonl` both ways, byte for byte, on texts written to test the windows'
edges (long compound types, "số hiệu :", Party symbols spaced out, list
heads far before their items, tabs, no-break spaces, slashes with no
reference, references in table cells and footnotes), on the seeds and on
the real-world documents beside the project when they are there.
Final line "N passed, M failed"; exits 1 when any check failed.
"""
import glob
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from vnptest import ROOT, VNPLAN, brief  # noqa: E402

SHARED = os.environ.get("VNPLAN_SHARED") or os.path.join(os.path.dirname(ROOT), "shared")

# Each a paragraph of its own; none is taken from a document.
SENTENCES = [
    "Căn cứ Quyết định số 415/QĐ-UBND ngày 03/4/2026 của UBND tỉnh về việc giao chỉ tiêu.",
    "Thực hiện Kế hoạch hành động số 27/KH-UBND ngày 9/2/2026 và Chương trình công tác năm "
    "số 5/CTr-UBND.",
    "Theo Báo cáo giải trình, tiếp thu bổ sung số 88/BC-STC của Sở Tài chính.",
    "Quyết định   số   hiệu  :  1203 / QĐ - UBND ngày 7/5/2026.",
    "Triển khai Nghị quyết số 39 - NQ / TU ngày 20/10/2025 của Ban Thường vụ Tỉnh ủy.",
    "Thông tư liên tịch số 12/2024/TTLT-BTC-BNV hướng dẫn chế độ.",
    "Các Công văn của Sở Nội vụ gửi các cơ quan, đơn vị trong tỉnh để triển khai nhiệm vụ "
    "trọng tâm của năm, đôn đốc thực hiện và báo cáo kết quả đúng thời hạn quy định, "
    "gồm: số 311/SNV-VP, số 312/SNV-VP và số 330/SNV-TCBC.",
    "Những Chỉ thị sau đây hết hiệu lực: số 04/CT-UBND, số 09/CT-UBND.",
    "Tờ trình số 14/TTr-SYT ngày 2/3/2026, 15/TTr-SYT và 16/TTr-SYT của Sở Y tế.",
    "Tỷ lệ đạt 45/50 xã, 12/12 phường; giá 1.200/kg; hotline 0222/3822; 1/2 số hộ.",
    "Nghị\u00a0định\u00a0số\u00a0117/2025/NĐ-CP của Chính phủ.",
    "Quyết định\tsố\t2208/QĐ-TTg ngày 31/12/2025.",
    "(Quyết định số 61/QĐ-UBND) và [Kế hoạch số 72/KH-UBND].",
    "QUYẾT ĐỊNH SỐ 19/QĐ-UBND NGÀY 14/01/2026 CỦA UBND TỈNH.",
    "Chỉ thị 08/CT-TTg, Chỉ thị 2026 và Nghị định 45/2026.",
    "các Quyết định của tỉnh / các Nghị quyết của Hội đồng nhân dân tỉnh.",
    "Văn bản số: 77/UBND-KT và văn bản số:78/UBND-KT.",
    "Luật Đầu tư công số 58/2024/QH15 và Luật Ngân sách nhà nước.",
    "Điều 2;Quyết định số 8/QĐ-UBND; \"Chỉ thị\" số 3/CT-UBND; Kế hoạch (số 4/KH-UBND).",
    "Nghị quyết số 12.3/NQ-HĐND, Nghị quyết số 7 - NQ/TU và nghị quyết số: 9/NQ-UBND.",
    # the test read back from each "/" (ref_window.c): compound types whose
    # words hold another type word, glued words, items, near misses
    "Theo Kế hoạch xây dựng văn bản 7/KH-UBND và Đề án đào tạo, bồi dưỡng 3/ĐA-UBND.",
    "Quyết địnhsố 5/QĐ-UBND, Chỉ thị số hiệu 6/CT-UBND và Công văn số:7/UBND-VX.",
    "Giấy mời số 11/GM-SNV và 12/GM-SNV; Thông báo số 2/TB-VP, 3/TB-VP.",
    "Tỷ lệ 3/4 số xã, ngày 5/6/2026, 7.5/10 điểm, Quý III/2026 và 2025/2026.",
    "ban hành theo Chương trình số 8-CTr/TU, Kết luận 9 -KL/TW, Lệnh 2/L-CTN.",
]

# Table rows of cells of every kind the reference reader's cell test tells
# apart; none is taken from a document.
CELL_ROWS = [
    ("Rà soát quy hoạch theo Luật Quy hoạch đô thị và nông thôn", "Sở Xây dựng", "Năm 2026"),
    ("Tổng hợp số liệu 3/4 quý", "Văn phòng UBND tỉnh", "Trước 30/6/2026"),
    ("Ban hành hướng dẫn", "Sở Nội vụ", "Quý IV/2026"),
    ("Báo cáo kết quả theo Công văn số 215/SXD-QLN", "Sở Xây dựng", "15/12/2026"),
    ("Sơ kết Chỉ thị số 11 - CT / TU và 2/3 chỉ tiêu", "Ban Tuyên giáo", "2026-2027"),
    ("Đạt 5/7 tiêu chí của Nghị quyết 14/NQ-HĐND", "UBND các huyện", "Hằng năm"),
    ("Thực hiện Bộ luật Lao động; các Thông tư 04/2026/TT-BLĐTBXH", "Sở Nội vụ", "Thường xuyên"),
]


def document():
    """A plan holding the sentences as paragraphs, a table and footnotes."""
    head = ["ỦY BAN NHÂN DÂN", "TỈNH THỬ NGHIỆM", "", "Số: 101/KH-UBND", "",
            "Thử Nghiệm, ngày 10 tháng 5 năm 2026", "", "KẾ HOẠCH", "",
            "Thực hiện nhiệm vụ năm 2026", ""]
    body = []
    for s in SENTENCES:
        body += [s, ""]
    body += ["STT\tNội dung\tCơ quan chủ trì\tThời gian", ""]
    for k, s in enumerate(SENTENCES[:6], 1):
        body += ["%d\t%s\tSở Nội vụ\tQuý II/2026" % (k, s)]
    # cells that cannot hold a mention (no law word, no "/" a mention may
    # hold: refs.c may_hold_reference skips them) beside cells that can
    body += ["", "STT\tNhiệm vụ\tCơ quan chủ trì\tThời gian hoàn thành", ""]
    for k, row in enumerate(CELL_ROWS, 1):
        body += ["%d\t%s" % (k, "\t".join(row))]
    body += ["", "[1] " + SENTENCES[4], "[2] " + SENTENCES[8], ""]
    # one long line with slashes far apart and a mention at the end
    body += [" ".join(["từ ngữ"] * 400 + ["1/2"] + ["chữ"] * 300 + [SENTENCES[0]]), ""]
    return "\n".join(head + body) + "\n"


def refs(paths, grammars):
    cmd = [VNPLAN, "extract", "--format", "jsonl", "--jobs", "1", "-q"]
    cmd += ["--grammars", grammars] if grammars else []
    r = subprocess.run(cmd + paths, capture_output=True, timeout=600)
    return r.returncode, r.stdout, r.stderr.decode("utf-8", "replace")


def same(paths, label, tally):
    grammars = os.path.join(ROOT, "grammars")
    rc1, out1, err1 = refs(paths, None)
    rc2, out2, err2 = refs(paths, grammars)
    if rc1 == rc2 == 0 and out1 == out2 and b'"type_code":"' in out1:
        tally[0] += 1
        print("ok: %s (%d files, %d bytes)" % (label, len(paths), len(out1)))
        return
    tally[1] += 1
    print("FAIL: %s: exit %d/%d, %s; %s" % (label, rc1, rc2,
                                          "same" if out1 == out2 else "outputs differ",
                                          brief(err1 + err2)))


def main():
    if not VNPLAN:
        print("VNPLAN is not set (path of the vnplan binary)")
        print("0 passed, 1 failed")
        return 1
    tally = [0, 0]
    with tempfile.TemporaryDirectory(prefix="vnplan-windows-") as tmp:
        path = os.path.join(tmp, "plan.txt")
        with open(path, "w", encoding="utf-8") as f:
            f.write(document())
        same([path], "written examples", tally)
    same(sorted(glob.glob(os.path.join(ROOT, "corpus", "seeds", "*.txt"))), "seeds", tally)
    docs = sorted(glob.glob(os.path.join(SHARED, "realworld", "docs", "*")))
    if docs:
        same(docs, "real-world documents", tally)
    else:
        print("SKIP: no real-world documents in %s" % SHARED)
    print("%d passed, %d failed" % tuple(tally))
    return 1 if tally[1] else 0


if __name__ == "__main__":
    sys.exit(main())
