"""Turtle, JSON-LD (compacted with the bundled context), TriG and N-Quads, with stable
bytes, and atomic file writes."""

from __future__ import annotations

import gzip
import json
import os
import re
import tempfile
import threading
from functools import cache
from pathlib import Path
from typing import IO, Any, BinaryIO, cast

from rdflib import Dataset, Graph

from ..errors import InputError
from ..resources import context_file


class RemoteDocumentRefused(Exception):
    """A JSON-LD document asked for a remote document (an ``@context`` or ``@import``
    by URL): aglod never fetches one."""

    def __init__(self, url: str) -> None:
        self.url = url
        super().__init__(
            f"refers to the remote JSON-LD context {url[:200]!r}, which aglod does not "
            "fetch: embed the context in the document (as aglod.jsonld does)"
        )


def _refuse_remote(url: str, options: dict[str, Any] | None = None) -> dict[str, Any]:
    """pyld's document loader for aglod: JSON-LD processing never fetches; the only
    context is the one a document embeds (the bundled one, in aglod's own files)."""
    raise RemoteDocumentRefused(url)


@cache
def context() -> dict[str, Any]:
    """The bundled JSON-LD context (the value of its ``@context``)."""
    doc = json.loads(context_file().read_text(encoding="utf-8"))
    ctx: dict[str, Any] = doc["@context"]
    return ctx


def to_turtle(graph: Graph) -> bytes:
    data = graph.serialize(format="turtle", encoding="utf-8")
    return data


def parse_jsonld(data: bytes | str) -> Graph:
    """A JSON-LD document of aglod's (with its embedded context) as an rdflib graph.

    Nothing is fetched: a document whose context (or an ``@import``) is a URL raises
    ``RemoteDocumentRefused``, and no request is made. (rdflib's own JSON-LD parser
    would fetch it: aglod never reads JSON-LD with it.)"""
    from pyld import jsonld  # imported when used: most runs never read JSON-LD

    text = data.decode("utf-8") if isinstance(data, bytes) else data
    try:
        expanded = jsonld.expand(json.loads(text), {"documentLoader": _refuse_remote})
    except jsonld.JsonLdError as exc:
        refused = _refusal(exc)
        if refused is not None:
            raise refused from None
        raise
    nquads = jsonld.to_rdf(expanded, {"format": "application/n-quads"})
    g = Graph()
    g.parse(data=nquads, format="nquads")
    return g


def _refusal(exc: BaseException) -> RemoteDocumentRefused | None:
    """The refusal behind a pyld error (pyld wraps the loader's exception), if any."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        if isinstance(current, RemoteDocumentRefused):
            return current
        seen.add(id(current))
        cause = getattr(current, "cause", None)
        current = cause if isinstance(cause, BaseException) else current.__cause__
    return None


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_atomic(path: Path, data: bytes, *, sync: bool = True) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder, renamed
    into place: a reader sees the old file or the new one, never half of one. Without
    ``sync`` the data is not forced to disk first (for caches, which are checked)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.fchmod(fd, 0o666 & ~_umask())
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            if sync:
                fh.flush()
                os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException as exc:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, OSError) and exc.filename is None:  # a write: name the file
            raise OSError(exc.errno, exc.strerror, str(path)) from exc
        raise


class AtomicFiles:
    """Several files written through temporary files in ``folder`` and renamed into
    place together by ``commit()``, after every one is complete and on disk; until then
    the previous files stay as they were. Closing without commit removes the temporary
    files.

    ``commit`` first writes a journal (``.aglod-commit.json``: which temporary file
    becomes which file, which files go) and only then renames: a process killed
    half-way through the renames leaves the journal, and ``recover`` (run by the next
    build, under the folder's lock) finishes them, so the folder never stays a mix of
    two builds. ``recover`` also removes the temporary files a killed build left."""

    JOURNAL = ".aglod-commit.json"

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.temps: dict[str, Path] = {}
        self.handles: dict[str, Any] = {}
        self.removed: list[str] = []
        self._syncs: list[_Sync] = []
        folder.mkdir(parents=True, exist_ok=True)

    def _temp(self, name: str) -> tuple[int, Path]:
        fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=self.folder)
        os.fchmod(fd, 0o666 & ~_umask())
        self.temps[name] = Path(tmp)
        return fd, Path(tmp)

    def open(self, name: str) -> Any:
        """A text handle (UTF-8, ``\\n`` line ends) on the temporary file of ``name``."""
        fd, _tmp = self._temp(name)
        fh = os.fdopen(fd, "w", encoding="utf-8", newline="\n")
        self.handles[name] = fh
        return fh

    def open_binary(self, name: str) -> BinaryIO:
        """A binary handle on the temporary file of ``name``."""
        fd, _tmp = self._temp(name)
        fh = os.fdopen(fd, "wb")
        self.handles[name] = fh
        return fh

    def write(self, name: str, data: bytes) -> None:
        """``data`` as the content of ``name``, on disk now, in place at ``commit``."""
        fd, _tmp = self._temp(name)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())

    def remove(self, name: str) -> None:
        """Remove ``name`` (if it is there) at ``commit``."""
        self.removed.append(name)

    def start_sync(self) -> None:
        """Flush the open files and start putting them on disk in the background, one
        thread each (``fsync`` lets other threads run), so that what the caller does
        before ``commit`` overlaps the disk's work; ``commit`` waits for them."""
        for fh in self.handles.values():
            fh.flush()
            sync = _Sync(fh.fileno())
            sync.start()
            self._syncs.append(sync)

    def _join_syncs(self) -> None:
        syncs, self._syncs = self._syncs, []
        for sync in syncs:
            sync.join()
        for sync in syncs:
            if sync.error is not None:
                raise sync.error

    def commit(self) -> None:
        self._join_syncs()
        for fh in self.handles.values():
            fh.flush()
            os.fsync(fh.fileno())  # quick after start_sync: only what was written since
            fh.close()
        self.handles.clear()
        plan: dict[str, list[Any]] = {
            "rename": [[tmp.name, name] for name, tmp in sorted(self.temps.items())],
            "remove": sorted(self.removed),
        }
        write_atomic(self.folder / self.JOURNAL, json.dumps(plan).encode("utf-8"))
        self._apply(self.folder, plan)
        self.temps.clear()
        self.removed.clear()

    @classmethod
    def _apply(cls, folder: Path, plan: dict[str, list[Any]]) -> None:
        for tmp, name in plan["rename"]:
            if (folder / tmp).exists():
                os.replace(folder / tmp, folder / name)
        for name in plan["remove"]:
            (folder / name).unlink(missing_ok=True)
        sync_dir(folder)
        (folder / cls.JOURNAL).unlink(missing_ok=True)

    @classmethod
    def recover(cls, folder: Path) -> None:
        """Finish a commit a killed process left half-done, and remove the temporary
        files of writes it never committed. Only for the folder's lock holder."""
        journal = folder / cls.JOURNAL
        try:
            plan = json.loads(journal.read_text(encoding="utf-8"))
        except FileNotFoundError:
            plan = None
        except ValueError:  # never complete: write_atomic renames it into place whole
            plan = None
            journal.unlink(missing_ok=True)
        if plan is not None:
            cls._apply(folder, plan)
        for tmp in folder.glob(".*.tmp"):
            if _TEMP_NAME.match(tmp.name) and tmp.is_file():
                tmp.unlink(missing_ok=True)

    def __enter__(self) -> AtomicFiles:
        return self

    def __exit__(self, *exc: object) -> None:
        for sync in self._syncs:
            sync.join()
        self._syncs.clear()
        for fh in self.handles.values():
            fh.close()
        for tmp in self.temps.values():
            tmp.unlink(missing_ok=True)


class _Sync(threading.Thread):
    """``fsync`` of one file descriptor, in a thread; keeps the error it met."""

    def __init__(self, fd: int) -> None:
        super().__init__(name=f"fsync-{fd}", daemon=True)
        self.fd = fd
        self.error: OSError | None = None

    def run(self) -> None:
        try:
            os.fsync(self.fd)
        except OSError as exc:
            self.error = exc


# what tempfile.mkstemp names the temporary files of write_atomic and AtomicFiles
_TEMP_NAME = re.compile(r"^\..+\.[a-z0-9_]{8}\.tmp$")


def sync_dir(folder: Path) -> None:
    """Force the folder's entries (renames, removals) to disk."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # pragma: no cover - a platform without directory handles
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover
        pass
    finally:
        os.close(fd)


def open_dump(path: Path) -> IO[bytes]:
    """A dataset file opened for reading, uncompressed on the fly if it is gzipped
    (``.gz``): what Oxigraph's parsers and loader read from."""
    fh = gzip.open(path, "rb") if path.suffix == ".gz" else path.open("rb")  # noqa: SIM115 - the caller closes it
    return cast(IO[bytes], fh)


# the RDF file types aglod reads, by suffix (each also gzipped)
RDF_FORMATS = {
    ".ttl": "turtle",
    ".turtle": "turtle",
    ".nt": "nt",
    ".nq": "nquads",
    ".trig": "trig",
    ".jsonld": "json-ld",
    ".json": "json-ld",
    ".rdf": "xml",
    ".owl": "xml",
}


def load_rdf(path: Path) -> Graph:
    """An RDF file as one graph (named graphs merged); gzipped if it ends in ``.gz``
    (``aglod.nq.gz``)."""
    gzipped = path.suffix.lower() == ".gz"
    suffix = Path(path.stem).suffix if gzipped else path.suffix
    fmt = RDF_FORMATS.get(suffix.lower())
    if fmt is None:
        raise InputError(
            str(path),
            f"unknown RDF file type {path.suffix!r} "
            f"(expected one of {', '.join(sorted(RDF_FORMATS))}, each also gzipped)",
        )
    if not path.is_file():
        raise InputError(str(path), "no such file")
    try:
        with open_dump(path) as fh:
            data = fh.read()
        if fmt == "json-ld":
            return parse_jsonld(data)
        if fmt == "xml":
            from ..validation.shacl import check_xml

            check_xml(data, str(path))
        if fmt in ("trig", "nquads"):
            ds = Dataset()
            ds.parse(data=data, format=fmt, publicID=path.resolve().as_uri())
            g = Graph()
            for q in ds.quads((None, None, None, None)):
                g.add(q[:3])
            return g
        g = Graph()
        g.parse(data=data, format=fmt, publicID=path.resolve().as_uri())
        return g
    except InputError:
        raise
    except Exception as exc:
        raise InputError(str(path), f"cannot be parsed as {fmt}: {exc}") from exc
