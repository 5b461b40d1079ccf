"""Extraction over many documents with Dask: a bag of paths mapped through
vnplan.extract, on the threads of this machine or on a cluster
(dask.distributed.Client("scheduler:8786") before compute()). libvnplan
releases the interpreter while it parses: threads run in parallel."""
import json
import os

import dask.bag

from . import extract


def extract_bag(paths, npartitions=None):
    """A bag of the documents' JSON models (dicts), one per path, in order."""
    paths = [os.fspath(p) for p in paths]
    if npartitions is None:
        npartitions = min(len(paths), 64) or 1
    return dask.bag.from_sequence(paths, npartitions=npartitions).map(extract)


def write_jsonl(paths, folder, npartitions=None):
    """Writes folder/<partition>.jsonl, one compact JSON document per line,
    in input order; returns the files written."""
    os.makedirs(folder, exist_ok=True)
    lines = extract_bag(paths, npartitions).map(
        lambda doc: json.dumps(doc, ensure_ascii=False, separators=(",", ":")))
    return lines.to_textfiles(os.path.join(folder, "*.jsonl"), encoding="utf-8")
