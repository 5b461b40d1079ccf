"""The Python binding against the command: the same JSON model, the same
cited documents and tasks, errors with file and line."""
import ctypes
import json
import os
import subprocess

import pytest

import vnplan

ROOT = os.environ["VNPLAN_ROOT"]
VNPLAN = os.environ["VNPLAN"]
SEEDS = sorted(os.path.join(ROOT, "corpus", "seeds", f)
               for f in os.listdir(os.path.join(ROOT, "corpus", "seeds")))


def command_json(path):
    return json.loads(subprocess.run([VNPLAN, "extract", "-q", "--compact", path],
                                     capture_output=True, check=True).stdout)


def test_installed_package_is_used():
    assert os.environ["VNPLAN_EXPECT_PREFIX"] in os.path.abspath(vnplan.__file__)
    assert vnplan.library_version().startswith("0.2.")


def test_options_say_their_size():
    """The binding fills the options up to the size it declares: the library
    reads that much, whatever its own struct has grown to."""
    from vnplan import _lib
    opts = _lib.Options.new(0x1)
    assert opts.size == ctypes.sizeof(_lib.Options)
    assert vnplan.extract(b"K\xe1\xba\xbe HO\xe1\xba\xa0CH \xff\n", replace_invalid=True)[
        "diagnostics"][0]["code"] == "utf8-replaced"


@pytest.mark.parametrize("path", SEEDS, ids=os.path.basename)
def test_extract_path_equals_command(path):
    assert vnplan.extract(path) == command_json(path)


def test_extract_json_is_the_command_jsonl_line():
    line = subprocess.run([VNPLAN, "extract", "-q", "--format", "jsonl", SEEDS[0]],
                          capture_output=True, check=True).stdout
    assert vnplan.extract_json(SEEDS[0]) == line


def test_extract_bytes_and_pathlike():
    import pathlib
    with open(SEEDS[0], "rb") as f:
        data = f.read()
    from_bytes = vnplan.extract(data, name=SEEDS[0])
    assert from_bytes == command_json(SEEDS[0])
    assert vnplan.extract(pathlib.Path(SEEDS[0])) == from_bytes
    assert vnplan.extract(data)["source"]["name"] == "-"


def test_refs_match_the_model():
    doc = vnplan.extract(SEEDS[0])
    rows = vnplan.refs(SEEDS[0])
    assert [r["key"] for r in rows] == [c["key"] for c in doc["cited_documents"]]
    first = rows[0]
    assert (first["key"], first["date"], first["issuer"]) == ("76/NQ-CP", "2021-07-15", "Chính phủ")
    assert first["roles"] == ["basis", "body"] and first["file"] == SEEDS[0]
    bases = vnplan.refs(doc, bases=True)
    assert bases and all("basis" in r["roles"] for r in bases) and len(bases) < len(rows)


def test_tasks_are_the_command_tasks():
    out = subprocess.run([VNPLAN, "tasks", "--format", "json", SEEDS[0]], capture_output=True,
                         check=True).stdout
    command = json.loads(out)
    rows = vnplan.tasks(SEEDS[0])
    assert len(rows) == len(command)
    for mine, theirs in zip(rows, command):
        assert (mine["task"] or "", mine["lead"], mine["deadline"]) == (
            theirs["task"], theirs["lead"], theirs["deadline"])
        assert (mine["due_start"] or "") == theirs["start"]
    keys = {frozenset(r) for r in rows}
    assert len(keys) == 1, "every row has the same columns, for a data frame"


def test_errors_carry_file_and_line(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"abc\n\xff\n")
    with pytest.raises(vnplan.Error) as e:
        vnplan.extract(bad)
    assert (e.value.file, e.value.line, e.value.column, e.value.status) == (str(bad), 2, 1, "utf8")
    assert str(e.value).startswith("%s:2:1: error: invalid UTF-8" % bad)
    with pytest.raises(vnplan.Error) as e:
        vnplan.extract(b"a\x00b", name="nul.txt")
    assert e.value.file == "nul.txt" and e.value.status == "binary"
    with pytest.raises(vnplan.Error) as e:
        vnplan.tasks(str(tmp_path / "missing.txt"))
    assert e.value.status == "io" and "cannot open" in e.value.message
    assert vnplan.extract(b"abc\n\xff\n", replace_invalid=True)["diagnostics"]
