"""vnplan.dask: a bag of paths extracted with Dask gives what extract()
gives, in order; write_jsonl writes one line per document."""
import json
import os

import pytest

pytest.importorskip("dask.bag")
import dask  # noqa: E402

import vnplan  # noqa: E402
import vnplan.dask  # noqa: E402

ROOT = os.environ["VNPLAN_ROOT"]
SEEDS = sorted(os.path.join(ROOT, "corpus", "seeds", f)
               for f in os.listdir(os.path.join(ROOT, "corpus", "seeds")))


@pytest.mark.parametrize("scheduler", ["threads", "synchronous"])
def test_bag_gives_extract_in_order(scheduler):
    with dask.config.set(scheduler=scheduler):
        docs = vnplan.dask.extract_bag(SEEDS, npartitions=2).compute()
    assert docs == [vnplan.extract(p) for p in SEEDS]


def test_write_jsonl(tmp_path):
    with dask.config.set(scheduler="threads"):
        files, errors = vnplan.dask.write_jsonl(SEEDS, tmp_path / "out", npartitions=2)
    assert errors == []
    assert [os.path.basename(f) for f in files] == ["00000.jsonl", "00001.jsonl"]
    data = b"".join(open(f, "rb").read() for f in files)
    assert data == b"".join(vnplan.extract_json(p) for p in SEEDS)
    lines = [json.loads(l) for l in data.splitlines()]
    assert [d["source"]["name"] for d in lines] == SEEDS
    assert lines[0] == vnplan.extract(SEEDS[0])


def test_write_jsonl_leaves_out_a_bad_document(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"abc\xff\n")
    with dask.config.set(scheduler="synchronous"):
        files, errors = vnplan.dask.write_jsonl([SEEDS[0], bad, SEEDS[1]], tmp_path / "out",
                                                npartitions=2)
    assert errors == ["%s:1:4: error: invalid UTF-8 byte at line 1, column 4 (byte offset 3)" % bad]
    lines = [json.loads(l) for f in files for l in open(f, encoding="utf-8")]
    assert [d["source"]["name"] for d in lines] == SEEDS[:2]
