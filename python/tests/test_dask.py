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
        files = vnplan.dask.write_jsonl(SEEDS, tmp_path / "out", npartitions=2)
    assert len(files) == 2
    lines = [json.loads(l) for f in sorted(files) for l in open(f, encoding="utf-8")]
    assert [d["source"]["name"] for d in lines] == SEEDS
    assert lines[0] == vnplan.extract(SEEDS[0])
