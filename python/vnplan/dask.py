"""Extraction over many documents with Dask: a bag of paths mapped through
vnplan.extract, on the threads of this machine or on a cluster (create a
dask.distributed.Client first: Client("scheduler:8786"), or a LocalCluster;
python/examples/extract_on_cluster.py does it). libvnplan releases the
interpreter while it parses: threads run in parallel."""
import os

import dask
import dask.bag

from . import Error, extract, extract_json


def _paths(paths):
    return [os.fspath(p) for p in paths]


def _partitions(paths, npartitions):
    return npartitions if npartitions else min(len(paths), 64) or 1


def extract_bag(paths, npartitions=None):
    """A bag of the documents' JSON models (dicts), one per path, in order."""
    paths = _paths(paths)
    return dask.bag.from_sequence(paths, npartitions=_partitions(paths, npartitions)).map(extract)


def _line(path):
    """(path, the document's JSON Lines line, None), or (path, None, the
    error as the command prints it): a failure stays data, so that one bad
    document does not stop the others, and pickles between processes."""
    try:
        return path, extract_json(path), None
    except Error as e:
        return path, None, str(e)


def _write_partition(items, target):
    """Writes the lines of one partition to target (beside it first, then
    renamed, so a failed write leaves no partial file under its name);
    returns (target, documents written, errors)."""
    items = list(items)
    tmp = "%s.tmp-%d" % (target, os.getpid())
    try:
        with open(tmp, "wb") as f:
            for _, line, _ in items:
                if line is not None:
                    f.write(line)
        os.replace(tmp, target)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    return target, sum(line is not None for _, line, _ in items), [e for _, _, e in items if e]


def write_jsonl(paths, folder, npartitions=None):
    """Writes folder/00000.jsonl, 00001.jsonl, ...: one file per partition,
    one line per document, the bytes `vnplan extract --format jsonl` writes
    for those paths, so that the files in name order are the command's
    output. Runs on the current scheduler (a distributed.Client's when one
    was created: its workers must see the paths and the folder). A
    document that cannot be read is left out. Returns (files, errors): the
    files written, and each failure as "file:line:column: error: message"."""
    paths = _paths(paths)
    os.makedirs(folder, exist_ok=True)
    bag = dask.bag.from_sequence(paths, npartitions=_partitions(paths, npartitions)).map(_line)
    parts = bag.to_delayed()
    writes = [dask.delayed(_write_partition)(part, os.path.join(folder, "%05d.jsonl" % i))
              for i, part in enumerate(parts)]
    done = dask.compute(*writes)
    return [t for t, _, _ in done], [e for _, _, errors in done for e in errors]
