"""What a build folder holds besides its dataset files, and the names that readers of
a build (``store/embedded.py``, ``store/remote.py``, ``publish``) share with the build: kept in a
module of its own that imports little, so that an incremental ``aglod load`` starts
in a fraction of a second rather than importing the extractor and the validators.

* ``.cache/``: content-addressed entries (``Cache``): each release's extracted facts
  (``facts/``), its rendered blocks (``chunks/``), reports and compiled rules;
* ``.cache/state/``: what the last build did (``manifest.json``, the sets of triples
  the releases share, the sources and metas records, the splicing index).
"""

from __future__ import annotations

import os
import pickle
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from .atomic import write_atomic

CACHE_DIR = ".cache"
# The N-Quads dump, gzipped: ~30x smaller (1.2 GB -> ~40 MB at 10,000 synthetic
# releases), so that a rebuild copies and syncs far fewer bytes. Triple stores load it
# as it is (Oxigraph, Jena, GraphDB, Virtuoso); ``aglod publish`` also serves it plain.
NQUADS = "aglod.nq.gz"
DATASET_FILES = ("aglod.ttl", "aglod.trig", NQUADS, "aglod.jsonld", "aglod-inferred.ttl")
# files of the build folder that earlier versions wrote and this one does not: removed
RETIRED_FILES = ("aglod.nq",)
STATE_FORMAT = 1

# A release's blocks by kind: "nq.gz" is bytes (a gzip member, ``chunks.gzip_member``),
# "ttl", "trig", "jsonld" and "inferred" are text.
Blocks = dict[str, Any]
T = TypeVar("T")


def file_stamp(path: Path) -> list[int]:
    st = path.stat()
    return [st.st_size, st.st_mtime_ns]


class Cache:
    """Content-addressed entries under ``root`` (``facts/`` and ``chunks/``)."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def path(self, kind: str, entry: str) -> Path:
        return self.root / kind / entry[:2] / f"{entry}.pickle"

    def has(self, kind: str, entry: str) -> bool:
        return self.path(kind, entry).is_file()

    def entries(self, kind: str) -> set[str]:
        """The entries of ``kind``: one listing per folder rather than a look-up each."""
        found: set[str] = set()
        try:
            subs = list(os.scandir(self.root / kind))
        except OSError:
            return found
        for sub in subs:
            if sub.is_dir():
                with os.scandir(sub.path) as it:
                    found.update(e.name[:-7] for e in it if e.name.endswith(".pickle"))
        return found

    def write(self, kind: str, entry: str, *objects: object) -> None:
        data = b"".join(pickle.dumps(o, protocol=pickle.HIGHEST_PROTOCOL) for o in objects)
        write_atomic(self.path(kind, entry), data, sync=False)

    def read(self, kind: str, entry: str, count: int = 1) -> list[Any]:
        """The first ``count`` objects of an entry."""
        with self.path(kind, entry).open("rb") as fh:
            return [pickle.load(fh) for _ in range(count)]

    def memo(self, kind: str, entry: str, make: Callable[[], T]) -> T:
        """The object kept in an entry; where the entry is missing or unreadable, what
        ``make`` returns, kept there for the next build. (Keys are content hashes: an
        entry never goes stale, and the caller prunes the ones no longer asked for.)"""
        if self.has(kind, entry):
            try:
                found: T = self.read(kind, entry)[0]
                return found
            except Exception:  # unreadable: made again
                pass
        value = make()
        self.write(kind, entry, value)
        return value

    def prune(self, kind: str, keep: set[str], present: set[str] | None = None) -> int:
        """Remove the entries of ``kind`` not in ``keep``; how many were removed. Given
        ``present`` (the entries known to be there: a listing taken earlier, or the
        record of the last build), only those are looked at, and the folders are not
        listed again (256 listings cost a one-release rebuild of 10,000 releases 0.2 s)."""
        if present is not None:
            gone = present - keep
            for entry in gone:
                self.path(kind, entry).unlink(missing_ok=True)
            return len(gone)
        removed = 0
        folder = self.root / kind
        if not folder.is_dir():
            return 0
        for sub in folder.iterdir():
            if not sub.is_dir():
                continue
            for f in sub.iterdir():
                if f.suffix == ".pickle" and f.stem not in keep:
                    f.unlink(missing_ok=True)
                    removed += 1
        return removed


def read_blocks(cache_root: Path, cid: str) -> Blocks:
    """A rendered release's blocks: the first object of its ``chunks`` entry (its meta
    is the second), plain text and bytes."""
    blocks: Blocks = Cache(cache_root).read("chunks", cid, 1)[0]
    return blocks
