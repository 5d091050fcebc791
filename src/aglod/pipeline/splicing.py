"""Dataset files written from pieces, reusing the bytes of the previous build's files.

A build writes each dataset file as a head, one block per release in release-key order
and a tail (``serialization/chunks.py``). After one release changed, nearly every block is one the
previous build wrote already: ``Spliced`` copies it from the previous file inside the
kernel (``os.copy_file_range``) rather than reading it from the cache and writing it
again. Where each block lies comes from the index the previous build left
(``segments.json`` in the state folder: for each file its size and modification time,
and the offset and length of each release's block by chunk id). A file whose size or
time differ from the index is not used, and a block the index does not know is read
from the cache. The bytes are the same either way: a chunk id names the content of
its blocks (``work.chunk_id``), and a test compares rebuilt files with a clean build.

A gzip file (``aglod.nq.gz``) is spliced the same way: its blocks are gzip members,
compressed in the workers, and each piece of text written around them becomes a
member of its own (``compress``).
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any, BinaryIO

from ..serialization.chunks import gzip_member
from .atomic import write_atomic

INDEX = "segments.json"
INDEX_FORMAT = 1


def read_index(state: Path) -> dict[str, Any]:
    """The previous build's index by file name (empty when missing or unreadable)."""
    try:
        doc = json.loads((state / INDEX).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(doc, dict) or doc.get("format") != INDEX_FORMAT:
        return {}
    files = doc.get("files")
    return files if isinstance(files, dict) else {}


def write_index(state: Path, out: Path, files: dict[str, Spliced]) -> None:
    """Record where each block of the committed files lies, for the next build."""
    doc: dict[str, Any] = {"format": INDEX_FORMAT, "files": {}}
    for name, f in files.items():
        st = (out / name).stat()
        doc["files"][name] = {"stamp": [st.st_size, st.st_mtime_ns], "blocks": f.blocks}
    write_atomic(state / INDEX, json.dumps(doc, separators=(",", ":")).encode(), sync=False)


class Spliced:
    """A file written as text and blocks; see the module's docstring."""

    def __init__(
        self,
        fh: BinaryIO,
        previous: Path,
        entry: dict[str, Any] | None,
        *,
        compress: bool = False,
    ) -> None:
        self.fh = fh
        self.compress = compress  # text is written as gzip members; blocks are bytes
        self.pos = 0
        self.blocks: dict[str, list[int]] = {}
        self.copied = 0  # bytes taken from the previous file
        self.any_block = False  # a block that is not empty was written
        self._old: dict[str, list[int]] = {}
        self._src: BinaryIO | None = None
        self._pending: tuple[int, int] | None = None  # (offset, length) still to copy
        self._copies: list[Future[None]] = []
        if entry is None:
            return
        try:
            st = previous.stat()
            if [st.st_size, st.st_mtime_ns] == entry.get("stamp"):
                self._src = previous.open("rb")
                self._old = entry.get("blocks") or {}
        except OSError:
            self._src = None

    def text(self, s: str) -> None:
        self._flush_copy()
        data = gzip_member(s) if self.compress else s.encode("utf-8")
        self.fh.write(data)
        self.pos += len(data)

    def block(self, cid: str, get: Callable[[], str | bytes], prefix: str = "") -> None:
        """The block of chunk ``cid`` (``get`` gives its text, or bytes as they are to
        be written, when it must be written), after ``prefix`` when the block is not
        empty."""
        old = self._old.get(cid) if self._src is not None else None
        if old is not None:
            offset, length = old
            if length:
                sep = prefix.encode("utf-8")
                pending = self._pending
                if sep and pending is not None and sum(pending) + len(sep) == offset:
                    # the previous file has the same separator between the two blocks
                    self._pending = (pending[0], pending[1] + len(sep) + length)
                    self.pos += len(sep)
                else:
                    if prefix:
                        self.text(prefix)
                    self._copy(offset, length)
        else:
            got = get()
            data = got if isinstance(got, bytes) else got.encode("utf-8")
            length = len(data)
            if length:
                self.text(prefix)
                self.fh.write(data)
        self.blocks[cid] = [self.pos, length]
        self.pos += length
        self.any_block = self.any_block or length > 0

    def _copy(self, offset: int, length: int) -> None:
        """Copy later, with the ranges that follow it in the previous file: one system
        call for a run of unchanged releases."""
        if self._pending is not None and self._pending[0] + self._pending[1] == offset:
            self._pending = (self._pending[0], self._pending[1] + length)
            return
        self._flush_copy()
        self._pending = (offset, length)

    def _flush_copy(self) -> None:
        """Copy what is pending, in a thread (the kernel copies; this thread goes on
        writing what follows, after the range the copy fills)."""
        if self._pending is None:
            return
        offset, length = self._pending
        self._pending = None
        assert self._src is not None
        self.fh.flush()
        start = self.fh.tell()
        self.fh.seek(start + length)
        self._copies.append(
            _COPIERS.submit(
                _copy_range, self._src.fileno(), self.fh.fileno(), offset, start, length
            )
        )
        self.copied += length

    def close(self) -> None:
        """Write what is left to copy, wait for the copies; release the previous file."""
        self._flush_copy()
        copies, self._copies = self._copies, []
        errors = [f.exception() for f in copies]
        for error in errors:
            if error is not None:
                raise error
        if self._src is not None:
            self._src.close()
            self._src = None


# copies run in threads (os.copy_file_range and os.pread/pwrite let other threads run)
_COPIERS = ThreadPoolExecutor(max_workers=2, thread_name_prefix="splice-copy")


def _copy_range(src: int, dst: int, offset: int, at: int, length: int) -> None:
    """``length`` bytes of ``src`` from ``offset`` into ``dst`` at ``at``."""
    done = 0
    try:
        while done < length:
            n = os.copy_file_range(src, dst, length - done, offset + done, at + done)
            if n == 0:
                raise OSError("the previous file is shorter than its index says")
            done += n
    except AttributeError:  # no copy_file_range here: copy through memory
        while done < length:
            data = os.pread(src, min(length - done, 1 << 24), offset + done)
            if not data:
                raise OSError("the previous file is shorter than its index says") from None
            os.pwrite(dst, data, at + done)
            done += len(data)
