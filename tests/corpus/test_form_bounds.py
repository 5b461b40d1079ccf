#!/usr/bin/python3
"""The bad-input suite at the scale of real attacks, with time and memory
measured: a small .docx whose word/document.xml inflates to gigabytes (its
header honest, and the same bomb with a header that declares 10 MB) is
refused at once with an error naming the part, in bounded time and memory;
an HTML page of 100 MB is read in time that grows linearly with its size
(against a 25 MB page) and memory a fixed multiple of it (not under ASan,
whose time and memory are its own).

The other bad inputs of each form have their tests beside the form's: a
truncated zip, a part that is not XML, a zip without word/document.xml, a
zip bomb of 110 MB and a .doc without soffice in test_doc_forms.py; a PDF
without a text layer, a truncated PDF, garbage after a PDF header and a
missing pdftotext in test_pdf.py; a wrong --encoding in test_legacy.py;
bytes that are no text in test_bad_input.py.

Prints one line per check and "N passed, M failed".
"""
import os
import struct
import subprocess
import sys
import tempfile
import threading
import time
import zlib

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from vnptest import VNPLAN, brief, skip  # noqa: E402

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def measured(args, timeout=600):
    """Runs vnplan: exit code, stderr, seconds, peak memory in MiB (the
    child's own, from wait4); killed after timeout seconds."""
    start = time.time()
    with open(os.devnull, "wb") as null, tempfile.TemporaryFile() as err:
        proc = subprocess.Popen([VNPLAN] + args, stdout=null, stderr=err)
        timer = threading.Timer(timeout, proc.kill)
        timer.start()
        _, status, usage = os.wait4(proc.pid, 0)
        timer.cancel()
        proc.returncode = code = os.waitstatus_to_exitcode(status)
        err.seek(0)
        text = err.read().decode("utf-8", "replace")
    return code, text, time.time() - start, usage.ru_maxrss / 1024


def sanitized():
    """An ASan build: its memory and time say nothing of the program's."""
    with open(VNPLAN, "rb") as f:
        return b"__asan_init" in f.read()


def deflate_repeated(head, block, count, tail):
    """Raw deflate of head + block * count + tail, made without compressing
    the repeats: a block compressed after a full flush is independent of
    what came before it, so its bytes can stand any number of times."""
    def piece(data, final=False):
        c = zlib.compressobj(9, zlib.DEFLATED, -15)
        return c.compress(data) + (c.flush() if final else c.flush(zlib.Z_FULL_FLUSH))
    return piece(head) + piece(block) * count + piece(tail, final=True)


def zip_bomb(path, declared=None):
    """A .docx of one part, word/document.xml, that inflates to about 3.1 GB
    from 9 MB; its headers give that size, or declared."""
    head = ("<w:document %s><w:body>" % W).encode()
    block = b"<w:p><w:r><w:t>a</w:t></w:r></w:p>" * (1 << 15)
    count = 2800
    tail = b"</w:body></w:document>"
    data = deflate_repeated(head, block, count, tail)
    crc = zlib.crc32(head)
    for _ in range(count):
        crc = zlib.crc32(block, crc)
    crc = zlib.crc32(tail, crc)
    size = len(head) + len(block) * count + len(tail)
    said = size if declared is None else declared
    name = b"word/document.xml"
    local = struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0x21, crc, len(data), said,
                        len(name), 0) + name
    central = struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 0x21, crc, len(data),
                          said, len(name), 0, 0, 0, 0, 0, 0) + name
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, 1, 1, len(central), len(local) + len(data), 0)
    with open(path, "wb") as f:
        f.write(local + data + central + end)
    return size


def html_page(path, megabytes):
    row = ("<tr><td>1</td><td>Rà soát văn bản theo Nghị định số 30/2020/NĐ-CP</td>"
           "<td>Sở Tư pháp</td></tr>\n")
    para = "<p>Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;</p>\n"
    chunk = (para * 50 + "<table>" + row * 200 + "</table>\n").encode()
    with open(path, "wb") as f:
        f.write(b'<!DOCTYPE html><html><head><meta charset="utf-8"></head><body>')
        for _ in range(megabytes * 1000 * 1000 // len(chunk) + 1):
            f.write(chunk)
        f.write(b"</body></html>")
    return os.path.getsize(path)


def main():
    if not VNPLAN:
        skip("VNPLAN is not set")
    passed = failed = 0

    def check(ok, what):
        nonlocal passed, failed
        passed += bool(ok)
        failed += not ok
        print(("ok   " if ok else "FAIL ") + what)

    with tempfile.TemporaryDirectory() as tmp:
        for label, declared in (("honest header", None), ("header declaring 10 MB", 10 ** 7)):
            bomb = os.path.join(tmp, "bomb.docx")
            size = zip_bomb(bomb, declared)
            code, err, secs, mib = measured(["extract", "-q", bomb])
            check(code == 1 and "zip bomb" in err and "word/document.xml" in err and bomb in err
                  and "Sanitizer" not in err,
                  "a %d MB .docx inflating to %.1f GB (%s): %s" % (
                      os.path.getsize(bomb) >> 20, size / 1e9, label, brief(err)))
            # measured: 0.1 s and 15 MiB honest, 1 s and 30 MiB lying
            check(secs < 20 and (mib < 200 or sanitized()),
                  "  refused in %.1f s, %.0f MiB at the peak" % (secs, mib))
            os.remove(bomb)

        if sanitized():
            print("SKIP: HTML of 100 MB: time and memory under ASan are not the program's")
            print("%d passed, %d failed" % (passed, failed))
            return 1 if failed else 0
        small, big = os.path.join(tmp, "small.html"), os.path.join(tmp, "big.html")
        small_size, big_size = html_page(small, 25), html_page(big, 100)
        code_s, err_s, secs_s, mib_s = measured(["extract", "-q", "--compact", small])
        code, err, secs, mib = measured(["extract", "-q", "--compact", big])
        check(code_s == 0 and code == 0 and "Sanitizer" not in err,
              "HTML pages of 25 and 100 MB read: %s" % brief(err or err_s))
        # measured: 1.9 s and 6.4 s (a ratio of 3.4), 712 MiB (7 times the page)
        check(secs < 8 * max(secs_s, 0.5) and secs < 300,
              "  linear time: %.1f s for 25 MB, %.1f s for 100 MB" % (secs_s, secs))
        check(mib < 12 * big_size / (1 << 20),
              "  bounded memory: %.0f MiB at the peak for a page of %.0f MiB" % (
                  mib, big_size / (1 << 20)))
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
