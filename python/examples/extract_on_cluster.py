#!/usr/bin/python3
"""Extracts documents on a Dask cluster and writes JSON Lines, one file per
partition: FOLDER/00000.jsonl, 00001.jsonl, ... In name order they hold
what `vnplan extract --format jsonl` writes for the same paths.

usage: extract_on_cluster.py (--scheduler HOST:PORT | --local N) [--partitions N]
                             -o FOLDER (--files-from LIST | PATH...)

--scheduler connects to a running cluster (`dask-scheduler` on one
machine, `dask-worker HOST:8786` on each of the others); its workers need
the vnplan package and libvnplan (VNPLAN_LIBRARY, or installed), and must
see the paths and FOLDER at the same places (a shared file system).
--local N starts N worker processes on this machine instead. Failures are
printed as `file:line:column: error: message`; exit status 1 when a
document could not be read, 2 for a usage error."""
import argparse
import sys
import time

import distributed

import vnplan.dask


def read_paths(args):
    if args.files_from is None:
        return args.paths
    f = sys.stdin if args.files_from == "-" else open(args.files_from, encoding="utf-8")
    with f:
        return [line.rstrip("\n") for line in f if line.strip()]


def client_for(args):
    if args.scheduler:
        return distributed.Client(args.scheduler), None
    cluster = distributed.LocalCluster(n_workers=args.local, threads_per_worker=1, processes=True,
                                       dashboard_address=None)
    return distributed.Client(cluster), cluster


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    where = ap.add_mutually_exclusive_group(required=True)
    where.add_argument("--scheduler", metavar="HOST:PORT")
    where.add_argument("--local", type=int, metavar="N")
    ap.add_argument("--partitions", type=int, default=None)
    ap.add_argument("-o", dest="folder", required=True)
    ap.add_argument("--files-from", metavar="LIST")
    ap.add_argument("paths", nargs="*")
    args = ap.parse_args()
    paths = read_paths(args)
    if not paths or (args.files_from is not None and args.paths):
        ap.error("give the documents as PATH... or --files-from LIST")
    if args.local is not None and args.local < 1:
        ap.error("--local takes 1 or more workers")
    start = time.monotonic()
    client, cluster = client_for(args)
    try:
        workers = len(client.scheduler_info()["workers"])
        started = time.monotonic()
        files, errors = vnplan.dask.write_jsonl(paths, args.folder, args.partitions)
        extracted = time.monotonic() - started
    finally:
        client.close()
        if cluster:
            cluster.close()
    for e in errors:
        print(e, file=sys.stderr)
    print("extract_on_cluster: %d documents, %d files, %d errors, %d workers, %.1f s"
          " (%.1f s extracting)" % (len(paths) - len(errors), len(files), len(errors), workers,
                                    time.monotonic() - start, extracted), file=sys.stderr)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
