#!/usr/bin/python3
"""The .docx, HTML and .doc readers on documents written here (by hand, with
zipfile: no converter needed): automatic numbering rebuilt into the text,
merged cells, footnotes, headings, Word's HTML quirks, form detection and
--input-format, and bad input (a truncated zip, a zip bomb, a document.xml
that is not XML, a zip without one, a .doc without soffice, a large page).
Each bad input must give a clear error and exit 1, never a crash.
Prints "N passed, M failed".
"""
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from vnptest import ROOT, VNPLAN, brief, skip  # noqa: E402

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
results = [0, 0]


def check(ok, what, detail=""):
    results[0 if ok else 1] += 1
    if not ok:
        print("FAIL %s%s" % (what, (": " + detail) if detail else ""))


def run(args, env=None, timeout=120):
    e = dict(os.environ)
    e.update(env or {})
    p = subprocess.run([VNPLAN] + args, capture_output=True, timeout=timeout, env=e)
    return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")


def extract(path, *opts):
    code, out, err = run(["extract", "-q"] + list(opts) + [path])
    return code, (json.loads(out) if code == 0 else None), err


def docx_bytes(body, numbering=None, styles=None, footnotes=None, document=None):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", document if document is not None else
                   "<w:document %s><w:body>%s</w:body></w:document>" % (W, body))
        if numbering:
            z.writestr("word/numbering.xml", "<w:numbering %s>%s</w:numbering>" % (W, numbering))
        if styles:
            z.writestr("word/styles.xml", "<w:styles %s>%s</w:styles>" % (W, styles))
        if footnotes:
            z.writestr("word/footnotes.xml", "<w:footnotes %s>%s</w:footnotes>" % (W, footnotes))
    return buf.getvalue()


def para(text, ppr="", bold=False):
    rpr = "<w:rPr><w:b/></w:rPr>" if bold else ""
    return '<w:p><w:pPr>%s</w:pPr><w:r>%s<w:t xml:space="preserve">%s</w:t></w:r></w:p>' % (ppr, rpr, text)


def num(num_id, ilvl):
    return '<w:numPr><w:ilvl w:val="%d"/><w:numId w:val="%d"/></w:numPr>' % (ilvl, num_id)


def level(k, fmt, text, start=1):
    return ('<w:lvl w:ilvl="%d"><w:start w:val="%d"/><w:numFmt w:val="%s"/>'
            '<w:lvlText w:val="%s"/></w:lvl>' % (k, start, fmt, text))


NUMBERING = ('<w:abstractNum w:abstractNumId="7">%s%s%s%s</w:abstractNum>'
             % (level(0, "upperRoman", "%1."), level(1, "decimal", "%2."),
                level(2, "lowerLetter", "%3)"), level(3, "bullet", "\u2022"))
             + '<w:num w:numId="1"><w:abstractNumId w:val="7"/></w:num>'
             + '<w:num w:numId="2"><w:abstractNumId w:val="7"/></w:num>'
             + '<w:num w:numId="3"><w:abstractNumId w:val="7"/><w:lvlOverride w:ilvl="1">'
               '<w:startOverride w:val="5"/></w:lvlOverride></w:num>')
STYLES = ('<w:style w:type="paragraph" w:styleId="Muc"><w:name w:val="Muc"/><w:pPr>%s</w:pPr>'
          '<w:rPr><w:b/></w:rPr></w:style>'
          '<w:style w:type="paragraph" w:styleId="MucCon"><w:name w:val="Muc con"/>'
          '<w:basedOn w:val="Muc"/></w:style>'
          '<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/></w:style>'
          % num(1, 0))


def test_numbering(tmp):
    body = (para("Số: 15/KH-UBND") + para("KẾ HOẠCH", bold=True)
            + para("MỤC ĐÍCH, YÊU CẦU", '<w:pStyle w:val="Muc"/>')
            + para("Mục đích", num(1, 1)) + "".join(para("Điểm %d" % k, num(1, 2)) for k in range(6))
            + para("Ý thứ nhất", num(1, 3))
            + para("NHIỆM VỤ", '<w:pStyle w:val="MucCon"/>')   # the style's list, counter 2
            + para("Cải cách thể chế", num(2, 1))                # num 2 shares the counters
            + para("Cải cách TTHC", num(3, 1))                   # num 3 restarts level 1 at 5
            + para("Chương mở đầu", '<w:pStyle w:val="Heading1"/>'))
    path = os.path.join(tmp, "numbered.docx")
    with open(path, "wb") as f:
        f.write(docx_bytes(body, NUMBERING, STYLES))
    code, out, err = extract(path)
    check(code == 0, "numbered docx reads", brief(err))
    if code:
        return
    got = [(h["number"], h["title"]) for h in flatten(out["outline"])]
    want_prefix = [("I", "MỤC ĐÍCH, YÊU CẦU"), ("1", "Mục đích"), ("a", "Điểm 0"), ("b", "Điểm 1"),
                   ("c", "Điểm 2"), ("d", "Điểm 3"), ("đ", "Điểm 4"), ("e", "Điểm 5")]
    check(got[:8] == want_prefix, "numbering: I. 1. a) b) c) d) đ) e)", str(got[:8]))
    check(("II", "NHIỆM VỤ") in got, "numbering from a paragraph's style (basedOn)", str(got))
    check(("1", "Cải cách thể chế") in got, "a second list of one abstract numbering continues "
          "it (level 1 restarts under II)", str(got))
    check(("5", "Cải cách TTHC") in got, "w:startOverride restarts the counter", str(got))
    check(out["source"]["form"] == "docx" and out["document"]["number"] == "15",
          "source.form docx; header read", str(out["source"]))
    check(out["document"]["type"] == "KẾ HOẠCH" and out["document"]["type_line"] == 2,
          "paragraph 2 is the type line", str(out["document"].get("type_line")))


def flatten(headings):
    for h in headings:
        yield h
        yield from flatten(h.get("children") or [])


def cell(text, tcpr=""):
    return "<w:tc><w:tcPr>%s</w:tcPr>%s</w:tc>" % (tcpr, para(text) if text else "<w:p/>")


def row(*cells):
    return "<w:tr>%s</w:tr>" % "".join(cells)


def test_merged_cells(tmp):
    restart, cont = '<w:vMerge w:val="restart"/>', "<w:vMerge/>"
    table = ("<w:tbl>"
             + row(cell("STT"), cell("Mục tiêu"), cell("Nhiệm vụ"), cell("Chủ trì"), cell("Thời gian"))
             + row(cell("I"), cell("Cải cách thể chế", '<w:gridSpan w:val="4"/>'))
             + row(cell("1"), cell("Hoàn thiện thể chế", restart), cell("Rà soát văn bản"),
                   cell("Sở Tư pháp"), cell("Quý II/2026"))
             + row(cell(""), cell("", cont), cell("Kiểm tra văn bản theo Nghị định số 34/2016/NĐ-CP"),
                   cell("Sở Tư pháp"), cell("Năm 2026"))
             + row(cell(""), cell("", '<w:vMerge w:val="continue"/>'), cell("Tự kiểm tra"),
                   cell("Văn phòng"), cell("Thường xuyên"))
             + "</w:tbl>")
    body = para("KẾ HOẠCH", bold=True) + para("Phụ lục") + table
    path = os.path.join(tmp, "merged.docx")
    with open(path, "wb") as f:
        f.write(docx_bytes(body))
    code, out, err = extract(path)
    check(code == 0 and out["tables"], "merged-cell docx gives a table", brief(err))
    if code or not out["tables"]:
        return
    recs = out["tables"][0]["records"]
    sections = [r for r in recs if r["kind"] == "section"]
    tasks = [r for r in recs if r["kind"] == "task"]
    check(len(sections) == 1 and sections[0]["number"] == "I" and
          sections[0]["title"] == "Cải cách thể chế", "w:gridSpan: a section row", str(sections))
    objectives = [t["cells"].get("objective") for t in tasks]
    check(objectives == ["Hoàn thiện thể chế"] * 3,
          "w:vMerge with and without a value: the objective carried down", str(objectives))
    leads = [t["cells"].get("lead") for t in tasks]
    check(leads == ["Sở Tư pháp", "Sở Tư pháp", "Văn phòng"], "cells beside a merge", str(leads))
    refs = out["references"]
    # paragraphs: 1 KẾ HOẠCH, 2 Phụ lục, header row 3-7, section row 8-9, row 10-14, row 15-19
    check(len(refs) == 1 and refs[0]["line"] == 17,
          "a reference in a cell carries its cell's paragraph", str([r["line"] for r in refs]))


def test_footnotes(tmp):
    body = ('<w:p><w:r><w:t>Thực hiện các văn bản của Trung ương</w:t></w:r><w:r><w:rPr>'
            '<w:vertAlign w:val="superscript"/></w:rPr><w:footnoteReference w:id="4"/></w:r>'
            '<w:r><w:t>, Sở Nội vụ tham mưu.</w:t></w:r></w:p>' + para("Đoạn sau."))
    notes = ('<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
             '<w:footnote w:id="4"><w:p><w:r><w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> '
             'Công văn số 59-CV/BCĐ ngày 12/9/2025 của Ban Chỉ đạo Trung ương.</w:t></w:r></w:p>'
             '</w:footnote>')
    path = os.path.join(tmp, "notes.docx")
    with open(path, "wb") as f:
        f.write(docx_bytes(body, footnotes=notes))
    code, out, err = extract(path)
    check(code == 0, "footnote docx reads", brief(err))
    if code:
        return
    fn = out["footnotes"]
    check(len(fn) == 1 and fn[0]["marker"] == "1" and fn[0]["line"] == 3 and
          fn[0]["text"].startswith("Công văn số 59-CV/BCĐ"),
          "footnotes.xml: numbered by mark, after the body's paragraphs", str(fn))
    refs = [r for r in out["references"] if r["role"] == "footnote"]
    check(len(refs) == 1 and refs[0]["number"] == "59", "a reference in a footnote", str(refs))


HTML_PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>x</title>
<!--[if gte mso 9]><xml><w:WordDocument></w:WordDocument></xml><![endif]-->
<style>p{}</style><script>var a = "Nghị định số 1/2020/NĐ-CP";</script></head><body>
<p class=MsoNormal><b>KẾ HOẠCH</b><o:p></o:p></p>
<p>Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05/3/2020 của Chính phủ&nbsp;về công tác văn thư<a
href="#_ftn1" name="_ftnref1"><span class=MsoFootnoteReference>[1]</span></a>;</p>
<p>Dòng một<br>dòng hai &amp; ba</p>
<table border=1>
<tr><th>STT</th><th>Nhiệm vụ</th><th>Chủ trì</th><th>Thời gian</th></tr>
<tr><td>1</td><td>Việc một</td><td rowspan=2>Sở Nội vụ</td><td>Quý I/2026</td></tr>
<tr><td>2</td><td>Việc hai</td><td>Quý II/2026</td></tr>
<tr><td colspan=4>Ghi chú chung</td></tr>
</table>
<div id=ftn1><p><a href="#_ftnref1" name="_ftn1">[1]</a> Thông tư số 01/2011/TT-BNV ngày 19/01/2011 của Bộ Nội vụ.</p></div>
</body></html>
"""


def test_html(tmp):
    path = os.path.join(tmp, "page.html")
    with open(path, "w", encoding="utf-8") as f:
        f.write(HTML_PAGE)
    code, out, err = extract(path)
    check(code == 0 and out["source"]["form"] == "html", "HTML page reads as html", brief(err))
    if code:
        return
    refs = {(r["number"], r["role"]) for r in out["references"]}
    check(("30", "basis") in refs and ("01", "footnote") in refs and
          not any(n == "1" for n, _ in refs), "references; script text skipped; footnote "
          "anchors of Word's export", str(refs))
    fn = out["footnotes"]
    check(len(fn) == 1 and fn[0]["marker"] == "1", "Word's footnote as a footnote", str(fn))
    recs = out["tables"][0]["records"] if out["tables"] else []
    leads = [r["cells"].get("lead") for r in recs if r["kind"] == "task"]
    check(leads[:2] == ["Sở Nội vụ", None] or leads[:2] == ["Sở Nội vụ", "Sở Nội vụ"],
          "rowspan: the covered cell is left empty (or filled by the table stage)", str(leads))
    dues = [r["cells"].get("deadline") for r in recs if r["kind"] == "task"]
    check(dues[:2] == ["Quý I/2026", "Quý II/2026"], "rowspan keeps the columns after it "
          "in place", str(dues))
    # the same page as a fragment (no doctype): told by its table markup
    frag = os.path.join(tmp, "fragment.txt")
    with open(frag, "w", encoding="utf-8") as f:
        f.write(HTML_PAGE[HTML_PAGE.index("<table"):HTML_PAGE.index("</table>") + 8])
    code, out, err = extract(frag)
    check(code == 0 and out["source"]["form"] == "html", "a table fragment is told as HTML", brief(err))
    code, out, err = extract(path, "--input-format", "text")
    check(code == 0 and out["source"]["form"] == "text", "--input-format text forces text", brief(err))
    code, _, err = run(["extract", "--input-format", "rtf", path])
    check(code == 2 and "--input-format" in err, "an unknown --input-format is a usage error", err)


def test_vietnamese_letters(tmp):
    """A point lettered đ) opens a paragraph, in a text as in a .docx."""
    path = os.path.join(tmp, "letters.txt")
    with open(path, "w", encoding="utf-8") as f:
        f.write("1. Nhiệm vụ\n\nd) Rà soát quy trình nội bộ\n\nđ) Công khai kết quả\n\n"
                "e) Báo cáo định kỳ\n")
    code, out, err = extract(path)
    got = [(h["number"], h["title"]) for h in flatten(out["outline"])] if out else []
    check(("đ", "Công khai kết quả") in got and ("d", "Rà soát quy trình nội bộ") in got,
          "đ) opens a paragraph of its own", str(got))


def test_bad_input(tmp):
    good = docx_bytes(para("Căn cứ Luật Tổ chức chính quyền địa phương") * 200)
    cases = []
    cut = os.path.join(tmp, "truncated.docx")
    with open(cut, "wb") as f:
        f.write(good[:len(good) // 2])
    cases.append((cut, "truncated or damaged"))
    notxml = os.path.join(tmp, "notxml.docx")
    with open(notxml, "wb") as f:
        f.write(docx_bytes("", document="<w:document %s><w:body><w:p></w:body>" % W))
    cases.append((notxml, "not well-formed XML"))
    nodoc = os.path.join(tmp, "nodoc.docx")
    with zipfile.ZipFile(nodoc, "w") as z:
        z.writestr("readme.txt", "hello")
    cases.append((nodoc, "without word/document.xml"))
    bomb = os.path.join(tmp, "bomb.docx")
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        with z.open("word/document.xml", "w") as f:
            f.write(("<w:document %s><w:body>" % W).encode())
            block = b"<w:p><w:r><w:t>a</w:t></w:r></w:p>" * (1 << 15)
            for _ in range(96):
                f.write(block)
            f.write(b"</w:body></w:document>")
    cases.append((bomb, "zip bomb"))
    forced = os.path.join(tmp, "plain.txt")
    with open(forced, "w", encoding="utf-8") as f:
        f.write("KẾ HOẠCH\n")
    for path, words in cases:
        t = time.time()
        code, out, err = run(["extract", "-q", path])
        check(code == 1 and words in err and os.path.basename(path) in err and
              "Sanitizer" not in err, "%s: clear error" % os.path.basename(path),
              "exit %d: %s" % (code, brief(err)))
        check(time.time() - t < 30, "%s: within 30 s" % os.path.basename(path))
    code, out, err = run(["extract", "-q", "--input-format", "docx", forced])
    check(code == 1 and "zip" in err, "--input-format docx on a text: a clear error", brief(err))
    # a large page (64 MB): read in one pass
    big = os.path.join(tmp, "big.html")
    with open(big, "w", encoding="utf-8") as f:
        f.write("<!DOCTYPE html><html><body><table>")
        rowtext = "<tr><td>1</td><td>Nhiệm vụ rà soát văn bản</td><td>Sở Tư pháp</td></tr>\n"
        f.write(rowtext * (64 * 1024 * 1024 // len(rowtext.encode())))
        f.write("</table></body></html>")
    t = time.time()
    code, out, err = run(["extract", "-q", "--compact", big], timeout=600)
    check(code == 0 and "Sanitizer" not in err, "a 64 MB page reads", brief(err))
    print("64 MB page: %.1f s" % (time.time() - t))


def test_encoding_ignored(tmp):
    """An encoding forced on a form that declares its own changes nothing,
    and says so: the same model, one warning more, exit 0."""
    path = os.path.join(tmp, "forced.docx")
    with open(path, "wb") as f:
        f.write(docx_bytes(para("Căn cứ Nghị định số 12/2024/NĐ-CP ngày 05/02/2024 của Chính phủ")))
    page = os.path.join(tmp, "forced.html")
    with open(page, "w", encoding="utf-8") as f:
        f.write("<html><body><p>Căn cứ Nghị định số 12/2024/NĐ-CP ngày 05/02/2024</p></body></html>")
    for doc in (path, page):
        name = os.path.basename(doc)
        code, plain, err = extract(doc)
        code2, forced, err2 = extract(doc, "--encoding", "tcvn3")
        check(code == 0 and code2 == 0, "%s: --encoding on a non-text form reads" % name, brief(err2))
        if code or code2:
            continue
        codes = lambda d: [x["code"] for x in d["diagnostics"]]
        check("encoding-ignored" not in codes(plain), "%s: no warning without --encoding" % name)
        check(codes(forced).count("encoding-ignored") == 1,
              "%s: --encoding tcvn3 gives one encoding-ignored warning" % name, str(codes(forced)))
        check(forced["references"] == plain["references"] and forced["source"]["encoding"] == "UTF-8",
              "%s: the forced encoding changes nothing else" % name)
        code3, auto, _ = extract(doc, "--encoding", "auto")
        check(code3 == 0 and "encoding-ignored" not in codes(auto), "%s: --encoding auto is no forcing" % name)


def test_doc(tmp):
    doc = os.path.join(ROOT, "tests", "fixtures", "001_726e77e94d63ef36.doc")
    code, out, err = run(["extract", "-q", doc], env={"VNPLAN_SOFFICE": "/nonexistent/soffice"})
    check(code == 1 and "apt-get install libreoffice-writer" in err,
          ".doc without soffice: the error says how to install it", brief(err))
    if not shutil.which("soffice"):
        print("SKIP: .doc through soffice: soffice is not installed")
        return
    code, out, err = extract(doc)
    check(code == 0 and out["source"]["form"] == "doc", ".doc read through soffice", brief(err))
    if code:
        return
    code, ref, err = extract(os.path.join(ROOT, "tests", "fixtures", "001_726e77e94d63ef36.docx"))
    key = lambda r: (r["type"], r["number"], r["symbol"], r["date"], r["issuer"], r["role"])
    check(sorted(map(key, out["references"]), key=str) == sorted(map(key, ref["references"]), key=str),
          ".doc gives the references of its .docx")
    # the annex table survives the Word 97 round trip (make_doc.py)
    cells = lambda d: [r["cells"] for t in d["tables"] for r in t["records"]]
    check(cells(ref) and cells(out) == cells(ref), ".doc gives the table records of its .docx",
          "%d records, the .docx %d" % (len(cells(out)), len(cells(ref))))


def main():
    if not VNPLAN:
        skip("VNPLAN is not set")
    tmp = tempfile.mkdtemp(prefix="vnplan-forms-")
    try:
        for t in (test_numbering, test_vietnamese_letters, test_merged_cells, test_footnotes, test_html, test_bad_input,
                  test_encoding_ignored, test_doc):
            t(tmp)
    finally:
        shutil.rmtree(tmp)
    print("%d passed, %d failed" % tuple(results))
    return 1 if results[1] else 0


if __name__ == "__main__":
    sys.exit(main())
