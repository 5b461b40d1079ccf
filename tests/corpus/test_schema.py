#!/usr/bin/python3
"""Output format tests: every JSON output validates against
schema/vnplan.schema.json with its keys in schema order, every XML output
validates against schema/vnplan.xsd, and the two carry the same information.

Inputs: corpus/seeds/*.txt and a few small documents written here. The
schemas themselves are checked against complete hand-written samples (so
the parts the writers leave empty today are exercised too) and against
broken copies that they must reject.

Environment: VNPLAN (vnplan binary), VALIDATE_XML (validate_xml binary),
VNPLAN_ROOT (project root). Prints "N passed, M failed"; exits 1 on any
failure. The helpers are shared with test_realworld.py.
"""
import copy
import glob
import json
import os
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

import jsonschema

RUN_TIMEOUT = 60  # seconds for one vnplan or validate_xml run


class Checks:
    """Counts checks; prints each failure as it happens."""

    def __init__(self):
        self.passed = 0
        self.failed = 0

    def ok(self, cond, what, detail=None):
        if cond:
            self.passed += 1
            return True
        self.failed += 1
        print(f"FAIL: {what}")
        for line in ([detail] if isinstance(detail, str) else detail or []):
            print(f"    {line}")
        return False

    def finish(self):
        print(f"{self.passed} passed, {self.failed} failed")
        return 1 if self.failed else 0


def require_env(*names):
    values = [os.environ.get(n) for n in names]
    missing = [n for n, v in zip(names, values) if not v]
    if missing:
        print(f"FAIL: environment variable(s) not set: {', '.join(missing)}")
        print("0 passed, 1 failed")
        sys.exit(1)
    return values


# ---- running the tools ------------------------------------------------------

def describe_exit(code):
    return f"killed by signal {-code}" if code < 0 else f"exit status {code}"


def run_extract(vnplan, out_dir, files, timeout=RUN_TIMEOUT, options=()):
    """vnplan extract --format both into out_dir; returns CompletedProcess."""
    cmd = [vnplan, "extract", "--format", "both", "-q", *options, "-d", out_dir, *files]
    return subprocess.run(cmd, capture_output=True, text=True, errors="replace",
                          timeout=timeout)


def output_paths(out_dir, src):
    base = os.path.join(out_dir, os.path.basename(src))
    return base + ".json", base + ".xml"


def validate_xml_files(tool, xsd, files, timeout=RUN_TIMEOUT):
    """Runs validate_xml once; returns (exit code, files reported ok, stderr)."""
    r = subprocess.run([tool, xsd, *files], capture_output=True, text=True,
                       errors="replace", timeout=timeout)
    ok = {line[:-len(": ok")] for line in r.stdout.splitlines() if line.endswith(": ok")}
    return r.returncode, ok, r.stderr


def errors_about(stderr, path, limit=8):
    lines = [line for line in stderr.splitlines() if line.startswith(path)]
    return lines[:limit] + ([f"... {len(lines) - limit} more"] if len(lines) > limit else [])


# ---- JSON -----------------------------------------------------------------

def load_schema(root, checks):
    """Loads the JSON Schema, checks it is a valid 2020-12 schema."""
    path = os.path.join(root, "schema", "vnplan.schema.json")
    try:
        with open(path, encoding="utf-8") as f:
            schema = json.load(f)
    except (OSError, ValueError) as e:
        checks.ok(False, f"{path} can be read", str(e))
        sys.exit(checks.finish())
    try:
        jsonschema.Draft202012Validator.check_schema(schema)
        checks.ok(True, "JSON Schema is a valid draft 2020-12 schema")
    except jsonschema.SchemaError as e:
        checks.ok(False, "JSON Schema is a valid draft 2020-12 schema", str(e).splitlines()[:5])
    return schema, jsonschema.Draft202012Validator(schema)


def _no_duplicate_keys(pairs):
    keys = [k for k, _ in pairs]
    if len(set(keys)) != len(keys):
        raise ValueError(f"duplicate keys in one object: {keys}")
    return dict(pairs)


def load_json(path):
    """Strict load: UTF-8 only, duplicate keys are an error."""
    with open(path, "rb") as f:
        data = f.read()
    return json.loads(data.decode("utf-8"), object_pairs_hook=_no_duplicate_keys)


def schema_errors(validator, instance, limit=5):
    errs = sorted(validator.iter_errors(instance), key=lambda e: list(e.absolute_path))
    out = []
    for e in errs[:limit]:
        where = "/" + "/".join(str(p) for p in e.absolute_path)
        out.append(f"{where}: {e.message[:300]}")
    return out


def resolve(schema, node):
    """Follows local $refs ("#/$defs/x")."""
    while "$ref" in node:
        target = schema
        for part in node["$ref"].lstrip("#/").split("/"):
            target = target[part]
        node = target
    return node


def object_schema(schema, node):
    """The object branch of a node, looking into anyOf (nullable objects)."""
    node = resolve(schema, node)
    for alt in node.get("anyOf", []):
        alt = resolve(schema, alt)
        if "properties" in alt:
            return alt
    return node


def key_order_errors(schema, node, inst, ptr="", out=None):
    """The writer emits keys in a fixed order, which JSON Schema cannot
    express: compare each fixed-shape object with its schema's order."""
    out = [] if out is None else out
    node = object_schema(schema, node)
    if isinstance(inst, dict) and "properties" in node:
        props = node["properties"]
        # unknown keys are the validator's business, not an order problem
        seen = [k for k in inst if k in props]
        expected = [k for k in props if k in inst]
        if "required" in node and seen != expected:
            out.append(f"{ptr or '/'}: keys {seen}, schema order {expected}")
        for key, value in inst.items():
            if key in props:
                key_order_errors(schema, props[key], value, f"{ptr}/{key}", out)
    elif isinstance(inst, list) and "items" in node:
        for i, value in enumerate(inst):
            key_order_errors(schema, node["items"], value, f"{ptr}/{i}", out)
    return out


def check_json_file(checks, schema, validator, path, label):
    """Validates one JSON output; returns the parsed document or None."""
    try:
        doc = load_json(path)
    except (OSError, ValueError) as e:
        checks.ok(False, f"{label}: JSON output is readable, well-formed UTF-8", str(e))
        return None
    checks.ok(True, f"{label}: JSON output is readable, well-formed UTF-8")
    checks.ok(not (errs := schema_errors(validator, doc)),
              f"{label}: JSON validates against vnplan.schema.json", errs)
    checks.ok(not (errs := key_order_errors(schema, schema, doc)[:5]),
              f"{label}: JSON keys come in schema order", errs)
    return doc


# ---- JSON and XML agree -----------------------------------------------------

def _json_headings(headings):
    for h in headings:
        yield (h["line"], h["level"], h["number"])
        yield from _json_headings(h["children"])


def json_summary(d):
    doc = d["document"]
    signer = doc["signer"] or {}
    issuer = doc["issuer"] or {}
    province = doc["province"] or {}
    return {
        "source name": d["source"]["name"],
        "source encoding": (d["source"]["encoding"], d["source"]["encoding_confidence"]),
        "issuer": tuple(issuer.get(k) for k in ISSUER_FIELDS),
        "province": tuple(province.get(k) for k in PROVINCE_FIELDS),
        "document type": doc["type"],
        "title": doc["title"],
        "signer name": signer.get("name"),
        "headings (line, level, number)": list(_json_headings(d["outline"])),
        "preamble count": len(d["preamble"]),
        "annex count": len(d["annexes"]),
        "footnote count": len(d["footnotes"]),
        "recipient count": len(doc["recipients"]),
        "references": [tuple(r[k] for k in REFERENCE_FIELDS) for r in d["references"]],
        "cited documents": [(c["key"], c["type"], c["date"], c["issuer"], c["title"],
                             tuple(c["roles"]), tuple(c["mentions"]))
                            for c in d["cited_documents"]],
        "table count": len(d["tables"]),
        "diagnostics": [(g["severity"], g["code"], g["line"], g["message"])
                        for g in d["diagnostics"]],
    }


# Issuer and province fields compared between the formats: in the XML the
# issuer's name and parent are child elements with their lines, the
# province's written name is the element's text.
ISSUER_FIELDS = ("name", "name_line", "parent", "parent_line", "scope", "source")
PROVINCE_FIELDS = ("name", "kind", "written", "former", "source", "line")


def _xml_issuer(doc):
    el = doc.find("issuer")
    if el is None:
        return (None,) * len(ISSUER_FIELDS)
    name, parent = el.find("name"), el.find("parent")
    return (el.findtext("name"), _xml_int(name, "line") if name is not None else None,
            el.findtext("parent"), _xml_int(parent, "line") if parent is not None else None,
            el.get("scope"), el.get("source"))


def _xml_province(doc):
    el = doc.find("province")
    if el is None:
        return (None,) * len(PROVINCE_FIELDS)
    return (el.get("name"), el.get("kind"), el.text, el.get("former"), el.get("source"),
            _xml_int(el, "line"))


# Reference fields compared between the formats. In the XML the free-text
# ones are child elements and the others attributes, some of them integers.
REFERENCE_FIELDS = ("line", "column", "type", "type_code", "number", "year", "symbol",
                    "symbol_raw", "date", "issuer", "role", "text", "title", "cited")
_XML_INT_ATTRS = {"line", "column", "year"}
_XML_CHILD_TEXT = {"issuer", "text", "title"}


def _xml_field(el, name):
    if name in _XML_CHILD_TEXT:
        return el.findtext(name)
    value = el.get(name)
    return int(value) if value is not None and name in _XML_INT_ATTRS else value


def _xml_int(el, name):
    value = el.get(name)
    return int(value) if value is not None else None


def _xml_cited(c):
    return (c.get("key"), c.get("type"), c.get("date"), c.findtext("issuer"),
            c.findtext("title"), tuple((c.get("roles") or "").split()),
            tuple(_xml_int(m, "line") for m in c.findall("mention")))


def _xml_headings(root):
    outline = root.find("outline")
    for h in outline.iter("heading") if outline is not None else []:
        yield (int(h.get("line", 0)), int(h.get("level", 0)), h.get("number"))


def xml_summary(root):
    doc = root.find("document")
    source = root.find("source")
    return {
        "source name": source.get("name") if source is not None else None,
        "source encoding": (source.get("encoding"),
                            float(source.get("encoding_confidence"))
                            if source.get("encoding_confidence") is not None else None),
        "issuer": _xml_issuer(doc),
        "province": _xml_province(doc),
        "document type": doc.findtext("type"),
        "title": doc.findtext("title"),
        "signer name": doc.findtext("signer/name"),
        "headings (line, level, number)": list(_xml_headings(root)),
        "preamble count": len(root.findall("preamble/basis")),
        "annex count": len(root.findall("annexes/annex")),
        "footnote count": len(root.findall("footnotes/footnote")),
        "recipient count": len(doc.findall("recipients/recipient")),
        "references": [tuple(_xml_field(r, k) for k in REFERENCE_FIELDS)
                       for r in root.findall("references/reference")],
        "cited documents": [_xml_cited(c) for c in root.findall("cited_documents/cited_document")],
        "table count": len(root.findall("tables/table")),
        "diagnostics": [(g.get("severity"), g.get("code"), _xml_int(g, "line"), g.text or "")
                        for g in root.findall("diagnostics/diagnostic")],
    }


def check_agreement(checks, json_doc, xml_path, label):
    """One check per field compared; the XML must be well-formed."""
    try:
        root = ET.parse(xml_path).getroot()
        xs = xml_summary(root)
    except (OSError, ET.ParseError, AttributeError, ValueError) as e:
        checks.ok(False, f"{label}: XML output can be read for comparison", str(e))
        return
    try:
        js = json_summary(json_doc)
    except (KeyError, TypeError) as e:
        checks.ok(False, f"{label}: JSON output can be read for comparison", repr(e))
        return
    for field, value in js.items():
        checks.ok(value == xs[field], f"{label}: JSON and XML agree on {field}",
                  first_difference(value, xs[field]))


def first_difference(js, xs):
    """Where two compared values part, shortened for the failure message."""
    if isinstance(js, list) and isinstance(xs, list):
        for i, (a, b) in enumerate(zip(js, xs)):
            if a != b:
                return [f"item {i}: JSON {a!r}"[:400], f"item {i}: XML  {b!r}"[:400]]
        return [f"JSON has {len(js)} items, XML {len(xs)}"]
    return [f"JSON {js!r}"[:400], f"XML  {xs!r}"[:400]]


def check_outputs(checks, schema, validator, out_dir, sources):
    """Schema, key order and JSON/XML agreement for the outputs of sources;
    returns the XML paths for batch validation."""
    xml_paths = []
    for src in sources:
        label = os.path.basename(src)
        json_path, xml_path = output_paths(out_dir, src)
        if not checks.ok(os.path.exists(json_path) and os.path.exists(xml_path),
                         f"{label}: vnplan wrote both .json and .xml"):
            continue
        xml_paths.append(xml_path)
        doc = check_json_file(checks, schema, validator, json_path, label)
        if doc is not None:
            check_agreement(checks, doc, xml_path, label)
    return xml_paths


def check_xml_batch(checks, tool, xsd, xml_paths, tag=""):
    """Validates all files in one validate_xml run; tag marks the run in
    failure messages."""
    if not xml_paths:
        return
    code, ok, stderr = validate_xml_files(tool, xsd, xml_paths)
    for path in xml_paths:
        checks.ok(path in ok, f"{os.path.basename(path)}{tag}: XML validates against vnplan.xsd",
                  errors_about(stderr, path))
    all_ok = all(p in ok for p in xml_paths)
    checks.ok(code == (0 if all_ok else 1),
              f"validate_xml exits {0 if all_ok else 1} for this batch{tag}", f"got {code}")


# ---- inputs -----------------------------------------------------------------

# A header and nothing else: number, place and date, type, no body.
HEADER_ONLY = """ỦY BAN NHÂN DÂN
TỈNH BẮC NINH

Số: 12/KH-UBND

Bắc Ninh, ngày 05 tháng 01 năm 2026

KẾ HOẠCH

Chuyển đổi số năm 2026
"""

# XML markup, C0 controls, noncharacters and an escape sequence in the
# text: the XML must stay well-formed and say the same as the JSON.
ODD_TEXT = ("KẾ HOẠCH\n\nVề \x01\x0b\x7f ký tự \ufffe\uffff & <b>đậm</b> \"x\" 'y'\n\n"
            "I. MỤC ĐÍCH \x1b[0m\n\n1. Nội dung ]]> </vnplan> &amp;\n\n"
            "Nơi nhận:\n- Sở A;\n- Lưu: VT.\n\n"
            "KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC\n\nNguyễn Văn A\n")

SYNTHETIC = {
    "empty.txt": "",
    "blank-lines.txt": "\n\n   \n\t\n\r\n",
    "header-only.txt": HEADER_ONLY,
    "odd-characters.txt": ODD_TEXT,
    # markup characters in the name go into attributes of both formats
    "kế hoạch & \"báo cáo\" <1>.txt": HEADER_ONLY,
}


def write_synthetic(dir_):
    os.makedirs(dir_, exist_ok=True)
    paths = []
    for name, text in SYNTHETIC.items():
        path = os.path.join(dir_, name)
        with open(path, "w", encoding="utf-8", newline="") as f:
            f.write(text)
        paths.append(path)
    return paths


def check_run(checks, what, proc):
    return checks.ok(proc.returncode == 0, f"vnplan extract on {what} succeeds",
                     [describe_exit(proc.returncode)] + proc.stderr.splitlines()[:10])


def check_synthetic_content(checks, out_dir):
    """A few facts that show the synthetic inputs reach the paths they aim at."""
    try:
        empty = load_json(output_paths(out_dir, "empty.txt")[0])
        header = load_json(output_paths(out_dir, "header-only.txt")[0])["document"]
    except (OSError, ValueError, KeyError) as e:
        checks.ok(False, "synthetic outputs can be read", str(e))
        return
    checks.ok(empty["source"]["bytes"] == 0 and empty["source"]["lines"] == 0,
              "empty.txt: 0 bytes, 0 lines", repr(empty["source"]))
    checks.ok(header["type"] == "KẾ HOẠCH" and header["date"] is not None,
              "header-only.txt: type and date are read", repr(header)[:300])


# ---- the schemas against samples --------------------------------------------

SHA = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"


def sample_json():
    """A document with every field filled, references and tables included."""
    return {
        "format": {"name": "vnplan", "version": "1.0"},
        "source": {"name": "sample.txt", "bytes": 100, "sha256": SHA, "lines": 60,
                   "encoding": "TCVN3", "encoding_confidence": 0.987, "form": "text"},
        "document": {
            "issuer": {"name": "SỞ NỘI VỤ", "name_line": 2, "parent": "UBND TỈNH BẮC GIANG",
                       "parent_line": 1, "scope": "province", "source": "header"},
            "province": {"name": "Bắc Ninh", "kind": "province", "written": "TỈNH BẮC GIANG",
                         "former": "Bắc Giang", "source": "issuer", "line": 1},
            "type": "KẾ HOẠCH", "type_code": "KH", "type_line": 7,
            "number": "12", "symbol": "KH-UBND", "number_year": 2025, "number_line": 3,
            "place": "Bắc Ninh",
            "date": {"year": 2026, "month": 1, "day": 5,
                     "text": "ngày 05 tháng 01 năm 2026", "line": 5},
            "title": "Chuyển đổi số năm 2026", "title_line": 8,
            "period": {"from": 2026, "to": 2026},
            "signer": {"authority": "KT.", "on_behalf_of": "GIÁM ĐỐC",
                       "title": "PHÓ GIÁM ĐỐC", "name": "Nguyễn Văn A", "line": 40},
            "recipients": [{"line": 36, "text": "Sở Nội vụ"}],
        },
        "outline": [{"line": 10, "level": 1, "style": "roman", "number": "I",
                     "title": "MỤC ĐÍCH", "children": [
                         {"line": 11, "level": 2, "style": "arabic", "number": "1",
                          "title": None, "children": []}]}],
        "preamble": [{"line": 9, "end_line": 9, "text": "Căn cứ Luật Tổ chức"}],
        "footnotes": [{"line": 30, "marker": "1", "text": "Ghi chú", "ref_line": 12}],
        "annexes": [{"line": 45, "end_line": 60, "label": "Phụ lục I", "caption": None}],
        "references": [{
            "line": 9, "column": 8, "type": "Nghị quyết", "type_code": "NQ", "number": "76",
            "year": 2025, "symbol": "NQ-CP", "symbol_raw": "NQ/CP", "date": "2025-04-15",
            "issuer": "Chính phủ", "role": "basis",
            "text": "Nghị quyết số 76/2025/NQ-CP ngày 15/4/2025",
            "title": "về chương trình hành động", "cited": "76/2025/NQ-CP"}],
        "cited_documents": [{
            "key": "76/2025/NQ-CP", "type": "Nghị quyết", "type_code": "NQ", "number": "76",
            "year": 2025, "symbol": "NQ-CP", "date": "2025-04-15", "issuer": "Chính phủ",
            "title": "về chương trình hành động", "roles": ["basis", "body"],
            "mentions": [9, 20]}],
        "tables": [{
            "index": 1, "title": "Nhiệm vụ", "line": 46, "kind": "tasks",
            "columns": [{"header": "Nội dung", "role": "task"},
                        {"header": "Thời gian", "role": "deadline"}],
            "records": [{"seq": 1, "kind": "task", "number": "1", "section": "I",
                         "parent": None, "title": None, "line": 50,
                         "cells": {"task": "Rà soát", "lead": "Văn phòng Sở",
                                   "deadline": "Quý I"},
                         "other": [{"column": 3, "text": "Ngân sách tỉnh"}],
                         "agencies": {"lead": [{"name": "Văn phòng Sở",
                                                "key": "văn phong sơ"}],
                                      "support": []},
                         "due": {"kind": "quarter", "start": "2026-01-01",
                                 "end": "2026-03-31", "recurrence": None,
                                 "until": None, "condition": None},
                         "quantity": None}]}],
        "diagnostics": [{"severity": "warning", "code": "bad-date", "line": None,
                         "message": "impossible document date"}],
    }


def _set(path, value):
    """A mutation: sets the value at a key path in a copy of the sample."""
    def apply(doc):
        target = doc
        for key in path[:-1]:
            target = target[key]
        if value is _DELETE:
            del target[path[-1]]
        else:
            target[path[-1]] = value
        return doc
    return apply


_DELETE = object()

JSON_BREAKAGES = {
    "an unknown top-level key": _set(["cited_by"], []),
    "format version 2.0": _set(["format", "version"], "2.0"),
    "an unknown source encoding": _set(["source", "encoding"], "KOI8-R"),
    "an encoding confidence above 1": _set(["source", "encoding_confidence"], 1.5),
    "a missing document key": _set(["document", "place"], _DELETE),
    "a document without issuer": _set(["document", "issuer"], _DELETE),
    "an unknown issuer scope": _set(["document", "issuer", "scope"], "district"),
    "an issuer without name": _set(["document", "issuer", "name"], None),
    "an unknown province kind": _set(["document", "province", "kind"], "region"),
    "a province without written name": _set(["document", "province", "written"], _DELETE),
    "month 13": _set(["document", "date", "month"], 13),
    "a string line number": _set(["outline", 0, "line"], "10"),
    "a heading without children": _set(["outline", 0, "children", 0, "children"], _DELETE),
    "a child heading with an unknown key": _set(["outline", 0, "children", 0, "kind"], "x"),
    "an unknown reference role": _set(["references", 0, "role"], "preamble"),
    "a reference without issuer": _set(["references", 0, "issuer"], _DELETE),
    "a reference date 2025-4-15": _set(["references", 0, "date"], "2025-4-15"),
    "a reference without cited": _set(["references", 0, "cited"], _DELETE),
    "a cited document without mentions": _set(["cited_documents", 0, "mentions"], []),
    "a cited document role 'preamble'": _set(["cited_documents", 0, "roles"], ["preamble"]),
    "a cited document role given twice": _set(["cited_documents", 0, "roles"], ["body", "body"]),
    "an unknown cell key": _set(["tables", 0, "records", 0, "cells", "budget"], "1 tỷ"),
    "a number in a cell": _set(["tables", 0, "records", 0, "cells", "value"], 5),
    "an unknown table kind": _set(["tables", 0, "kind"], "list"),
    "an other cell without its column": _set(["tables", 0, "records", 0, "other"], [{"text": "x"}]),
    "an unknown record kind": _set(["tables", 0, "records", 0, "kind"], "row"),
    "an unknown deadline kind": _set(["tables", 0, "records", 0, "due", "kind"], "soon"),
    "a record without agencies": _set(["tables", 0, "records", 0, "agencies"], _DELETE),
    "a diagnostic severity 'fatal'": _set(["diagnostics", 0, "severity"], "fatal"),
}


def check_json_samples(checks, validator):
    full = sample_json()
    checks.ok(not (e := schema_errors(validator, full)),
              "JSON Schema accepts a complete sample with references and tables", e)
    nulls = sample_json()
    for key in ("issuer", "province", "type", "type_code", "type_line", "number", "symbol", "number_year",
                "number_line", "place", "date", "title", "title_line", "period", "signer"):
        nulls["document"][key] = None
    checks.ok(not (e := schema_errors(validator, nulls)),
              "JSON Schema accepts a sample with every nullable document field null", e)
    for what, mutate in JSON_BREAKAGES.items():
        broken = mutate(copy.deepcopy(full))
        checks.ok(not validator.is_valid(broken), f"JSON Schema rejects {what}")


SAMPLE_XML = f"""<?xml version="1.0" encoding="UTF-8"?>
<vnplan format="vnplan" version="1.0">
  <source name="sample.txt" bytes="100" sha256="{SHA}" lines="60" encoding="VNI" encoding_confidence="0.95" form="text"/>
  <document>
    <issuer scope="province" source="header">
      <parent line="1">UBND TỈNH BẮC GIANG</parent>
      <name line="2">SỞ NỘI VỤ</name>
    </issuer>
    <province name="Bắc Ninh" kind="province" former="Bắc Giang" source="issuer" line="1">TỈNH BẮC GIANG</province>
    <type code="KH" line="7">KẾ HOẠCH</type>
    <number line="3" value="12" symbol="KH-UBND" year="2025"/>
    <place line="5">Bắc Ninh</place>
    <date line="5" year="2026" month="1" day="5">ngày 05 tháng 01 năm 2026</date>
    <title line="8">Chuyển đổi số năm 2026</title>
    <period from="2026" to="2026"/>
    <signer line="40" authority="KT." on_behalf_of="GIÁM ĐỐC">
      <title>PHÓ GIÁM ĐỐC</title>
      <name>Nguyễn Văn A</name>
    </signer>
    <recipients line="35">
      <recipient line="36">Sở Nội vụ</recipient>
    </recipients>
  </document>
  <outline>
    <heading line="10" level="1" style="roman" number="I">
      <title>MỤC ĐÍCH</title>
      <heading line="11" level="2" style="arabic" number="1"/>
    </heading>
  </outline>
  <preamble>
    <basis line="9" end_line="9">Căn cứ Luật Tổ chức</basis>
  </preamble>
  <footnotes>
    <footnote line="30" marker="1" ref_line="12">Ghi chú</footnote>
  </footnotes>
  <annexes>
    <annex line="45" end_line="60" label="Phụ lục I"/>
  </annexes>
  <references>
    <reference line="9" column="8" type="Nghị quyết" type_code="NQ" number="76"
               year="2025" symbol="NQ-CP" symbol_raw="NQ/CP" date="2025-04-15"
               role="basis" cited="76/2025/NQ-CP">
      <text>Nghị quyết số 76/2025/NQ-CP ngày 15/4/2025</text>
      <issuer>Chính phủ</issuer>
      <title>về chương trình hành động</title>
    </reference>
  </references>
  <cited_documents>
    <cited_document key="76/2025/NQ-CP" type="Nghị quyết" type_code="NQ" number="76"
                    year="2025" symbol="NQ-CP" date="2025-04-15" roles="basis body">
      <issuer>Chính phủ</issuer>
      <title>về chương trình hành động</title>
      <mention line="9"/>
      <mention line="20"/>
    </cited_document>
  </cited_documents>
  <tables>
    <table index="1" line="46" kind="tasks">
      <title>Nhiệm vụ</title>
      <columns>
        <column role="task">Nội dung</column>
        <column role="deadline">Thời gian</column>
      </columns>
      <records>
        <record seq="1" kind="task" number="1" section="I" line="50">
          <cell key="task">Rà soát</cell>
          <cell key="lead">Văn phòng Sở</cell>
          <cell key="deadline">Quý I</cell>
          <agency role="lead" key="văn phong sơ">Văn phòng Sở</agency>
          <due kind="quarter" start="2026-01-01" end="2026-03-31"/>
        </record>
      </records>
    </table>
  </tables>
  <diagnostics>
    <diagnostic severity="warning" code="bad-date">impossible document date</diagnostic>
  </diagnostics>
</vnplan>
"""

XML_BREAKAGES = {
    "format version 2.0": ('version="1.0">', 'version="2.0">'),
    "a missing recipients element": (
        '<recipients line="35">\n      <recipient line="36">Sở Nội vụ</recipient>\n'
        '    </recipients>', ""),
    "elements out of order": ("<preamble>", "<footnotes/><preamble>"),
    "an unknown issuer scope": ('scope="province"', 'scope="district"'),
    "an issuer without name": ('\n      <name line="2">SỞ NỘI VỤ</name>', ""),
    "a province without kind": (' kind="province" former', " former"),
    "an unknown province source": ('source="issuer" line="1"', 'source="banner" line="1"'),
    "month 13": ('month="1"', 'month="13"'),
    "line 0": ('<heading line="11"', '<heading line="0"'),
    "an unknown heading style": ('style="arabic"', 'style="bullet"'),
    "an unknown reference role": ('role="basis"', 'role="preamble"'),
    "a reference date 2025-4-15": ('date="2025-04-15" role', 'date="2025-4-15" role'),
    "a reference without text": ("<text>Nghị quyết số 76/2025/NQ-CP ngày 15/4/2025</text>",
                                 ""),
    "reference children out of order": ("<issuer>Chính phủ</issuer>\n      <title>",
                                        "<title>x</title><issuer>Chính phủ</issuer>\n"
                                        "      <title>"),
    "a cited document without mentions": ('<mention line="9"/>\n      <mention line="20"/>', ""),
    "a cited document role 'preamble'": ('roles="basis body"', 'roles="basis preamble"'),
    "a cited document with empty roles": ('roles="basis body"', 'roles=""'),
    "an unknown cell key": ('key="deadline"', 'key="budget"'),
    "two cells with one key": ('key="deadline"', 'key="task"'),
    "an unknown record kind": ('kind="task" number', 'kind="row" number'),
    "an unknown element": ("</diagnostics>", "</diagnostics><extra/>"),
}


def write_xml_samples(dir_):
    """Returns (good sample paths, {what: broken sample path})."""
    os.makedirs(dir_, exist_ok=True)
    good = os.path.join(dir_, "sample.xml")
    with open(good, "w", encoding="utf-8") as f:
        f.write(SAMPLE_XML)
    broken = {}
    for i, (what, (old, new)) in enumerate(XML_BREAKAGES.items()):
        assert old in SAMPLE_XML, what
        path = os.path.join(dir_, f"broken-{i:02d}.xml")
        with open(path, "w", encoding="utf-8") as f:
            f.write(SAMPLE_XML.replace(old, new, 1))
        broken[what] = path
    return [good], broken


def check_xml_samples(checks, tool, xsd, dir_):
    good, broken = write_xml_samples(dir_)
    code, ok, stderr = validate_xml_files(tool, xsd, good)
    checks.ok(code == 0 and good[0] in ok,
              "XSD accepts a complete sample with references and tables",
              errors_about(stderr, good[0]))
    code, ok, stderr = validate_xml_files(tool, xsd, list(broken.values()))
    for what, path in broken.items():
        checks.ok(path not in ok, f"XSD rejects {what}")
    checks.ok(code == 1, "validate_xml exits 1 when a file is invalid", f"got {code}")


def check_compact(checks, env, sources, pretty_dir, compact_dir):
    """--compact changes the layout only: the same JSON data, valid XML."""
    vnplan, tool, xsd = env
    check_run(checks, "corpus/seeds with --compact",
              run_extract(vnplan, compact_dir, sources, options=("--compact",)))
    for src in sources:
        label = os.path.basename(src) + " (compact)"
        pretty, compact = (output_paths(d, src)[0] for d in (pretty_dir, compact_dir))
        try:
            same = load_json(pretty) == load_json(compact)
        except (OSError, ValueError) as e:
            same = False
            label += f": {e}"
        checks.ok(same, f"{label}: JSON equals the indented output")
    check_xml_batch(checks, tool, xsd, [output_paths(compact_dir, s)[1] for s in sources],
                    " (compact)")


def check_validate_xml_usage(checks, tool, xsd, dir_):
    code, _, _ = validate_xml_files(tool, xsd, [os.path.join(dir_, "does-not-exist.xml")])
    checks.ok(code == 1, "validate_xml exits 1 for an unreadable file", f"got {code}")
    code = subprocess.run([tool], capture_output=True, timeout=RUN_TIMEOUT).returncode
    checks.ok(code == 2, "validate_xml exits 2 without arguments", f"got {code}")


# ---- main -------------------------------------------------------------------

def run_inputs(checks, env, schema, validator, what, sources, out_dir):
    """Extracts sources into out_dir and checks every output."""
    vnplan, tool, xsd = env
    proc = run_extract(vnplan, out_dir, sources)
    check_run(checks, what, proc)
    xml_paths = check_outputs(checks, schema, validator, out_dir, sources)
    check_xml_batch(checks, tool, xsd, xml_paths)


def main():
    vnplan, tool, root = require_env("VNPLAN", "VALIDATE_XML", "VNPLAN_ROOT")
    checks = Checks()
    xsd = os.path.join(root, "schema", "vnplan.xsd")
    schema, validator = load_schema(root, checks)
    env = (vnplan, tool, xsd)
    seeds = sorted(glob.glob(os.path.join(root, "corpus", "seeds", "*.txt")))
    checks.ok(len(seeds) > 0, "corpus/seeds holds documents")
    with tempfile.TemporaryDirectory(prefix="vnplan-schema-") as tmp:
        if seeds:
            run_inputs(checks, env, schema, validator, "corpus/seeds", seeds,
                       os.path.join(tmp, "seeds"))
            check_compact(checks, env, seeds, os.path.join(tmp, "seeds"),
                          os.path.join(tmp, "seeds-compact"))
        synthetic = write_synthetic(os.path.join(tmp, "synthetic"))
        out = os.path.join(tmp, "synthetic-out")
        run_inputs(checks, env, schema, validator, "synthetic documents", synthetic, out)
        check_synthetic_content(checks, out)
        check_json_samples(checks, validator)
        check_xml_samples(checks, tool, xsd, os.path.join(tmp, "samples"))
        check_validate_xml_usage(checks, tool, xsd, tmp)
    return checks.finish()


if __name__ == "__main__":
    sys.exit(main())
