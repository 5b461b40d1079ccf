"""Vietnamese provincial plan documents as data, through libvnplan.

extract(source) gives the JSON model of one document as a dict, and
extract_json(source) the library's own bytes of it; refs() its cited
documents; tasks() its task records as flat dicts (ready for
pandas.DataFrame). source is a path (str or os.PathLike) or the document's
bytes. A document that cannot be read raises vnplan.Error, which carries
the file, line and column."""
import ctypes
import json
import os

from . import _lib

__all__ = ["Error", "extract", "extract_json", "refs", "tasks", "library_version"]

_LIB = _lib.load()
_REPLACE_INVALID = 0x1
_COMPACT = 0x1
_CELL_ROLES = ("objective", "task", "activity", "output", "lead", "support", "start", "deadline",
               "note", "indicator", "unit", "value", "other")
_STATUS = ["ok", "nomem", "utf8", "binary", "too-large", "io", "argument", "format"]


class Error(Exception):
    """A document that could not be read: file, line and column (1-based,
    0 when not tied to a place), status ("utf8", "binary", "io"...) and the
    library's message."""

    def __init__(self, file, line, column, status, message):
        self.file, self.line, self.column, self.status, self.message = file, line, column, status, message
        where = "%s:%d:%d" % (file, line, column) if line else file
        super().__init__("%s: error: %s" % (where, message))


def library_version():
    return _LIB.vnp_version().decode()


def _parse(source, name, replace_invalid):
    opts = _lib.Options.new(_REPLACE_INVALID if replace_invalid else 0)
    doc = ctypes.c_void_p()
    err = _lib.Error()
    if isinstance(source, (bytes, bytearray, memoryview)):
        data = bytes(source)
        name = name or "-"
        st = _LIB.vnp_parse(data, len(data), os.fsencode(name), ctypes.byref(opts),
                            ctypes.byref(doc), ctypes.byref(err))
    else:
        name = name or os.fspath(source)
        st = _LIB.vnp_parse_file(os.fsencode(os.fspath(source)), ctypes.byref(opts),
                                 ctypes.byref(doc), ctypes.byref(err))
    if st != 0:
        message = err.message.decode("utf-8", "replace") or _LIB.vnp_status_string(st).decode()
        raise Error(name, err.line, err.column, _STATUS[st] if st < len(_STATUS) else str(st), message)
    return doc


def extract(source, *, name=None, replace_invalid=False):
    """The document's JSON model (schema/vnplan.schema.json) as a dict."""
    return json.loads(extract_json(source, name=name, replace_invalid=replace_invalid).decode("utf-8"))


def extract_json(source, *, name=None, replace_invalid=False):
    """The document's JSON as the library writes it, compact, as bytes: a
    line of `vnplan extract --format jsonl`, its newline included."""
    doc = _parse(source, name, replace_invalid)
    out = ctypes.c_void_p()
    size = ctypes.c_size_t()
    try:
        st = _LIB.vnp_write_json(doc, _COMPACT, ctypes.byref(out), ctypes.byref(size))
        if st != 0:
            raise MemoryError("vnplan: %s" % _LIB.vnp_status_string(st).decode())
        try:
            return ctypes.string_at(out, size.value)
        finally:
            _LIB.vnp_free(out)
    finally:
        _LIB.vnp_document_free(doc)


def _model(source, kw):
    return source if isinstance(source, dict) else extract(source, **kw)


def refs(source, *, bases=False, **kw):
    """The cited documents, one dict each: file, key, type, number, symbol,
    date, issuer, title, roles and the lines of their mentions. bases=True
    keeps the legal bases only. source may also be a dict from extract()."""
    doc = _model(source, kw)
    file = doc["source"]["name"]
    rows = []
    for c in doc["cited_documents"]:
        if bases and "basis" not in c["roles"]:
            continue
        rows.append({"file": file, "key": c["key"], "type": c["type"], "type_code": c["type_code"],
                     "number": c["number"], "symbol": c["symbol"], "date": c["date"],
                     "issuer": c["issuer"], "title": c["title"], "roles": list(c["roles"]),
                     "lines": list(c["mentions"])})
    return rows


def tasks(source, **kw):
    """The task records of the annex tables as flat dicts: file, table, seq,
    line, section, number, parent, every cell by role, lead and support as
    lists of agency names, and the deadline's dates (due_kind, due_start,
    due_end). source may also be a dict from extract()."""
    doc = _model(source, kw)
    file = doc["source"]["name"]
    rows = []
    for t in doc["tables"]:
        for r in t["records"]:
            if r["kind"] != "task":
                continue
            row = {"file": file, "table": t["index"], "seq": r["seq"], "line": r["line"],
                   "section": r["section"], "number": r["number"], "parent": r["parent"]}
            row.update({role: None for role in _CELL_ROLES})
            row.update(r["cells"])
            row["lead_agencies"] = [a["name"] for a in r["agencies"]["lead"]]
            row["support_agencies"] = [a["name"] for a in r["agencies"]["support"]]
            due = r["due"] or {}
            row.update({"due_kind": due.get("kind"), "due_start": due.get("start"),
                        "due_end": due.get("end")})
            rows.append(row)
    return rows
