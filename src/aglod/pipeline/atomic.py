"""Files written whole or not at all: one file (``write_atomic``) or a set of files committed together (``AtomicFiles``, with a journal so that a commit cut short is finished by the next reader), each written beside its target, synced, and renamed into place."""

from __future__ import annotations

import contextlib
import json
import os
import re
import secrets
import tempfile
import threading
from pathlib import Path
from typing import Any, BinaryIO


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
        self._discard: _Unlink | None = None
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
        trash = self._keep_old(plan)
        self._apply(self.folder, plan)
        self.temps.clear()
        self.removed.clear()
        self._discard = _Unlink(trash)
        self._discard.start()

    def _keep_old(self, plan: dict[str, list[Any]]) -> list[Path]:
        """A second name (a temporary file's, which ``recover`` removes) for each file
        about to be replaced: freeing a large file's blocks and cached pages takes the
        kernel ~60 ms per 260 MB, during the rename that drops its last name. With a
        second name the renames are instant, and the old files are freed in a thread
        (``_Unlink``) while the caller goes on; leaving the ``with`` block waits for it."""
        trash = []
        for _tmp, name in plan["rename"]:
            spare = self.folder / f".{name}.{secrets.token_hex(4)}.tmp"
            try:
                os.link(self.folder / name, spare)
            except OSError:  # no old file, links unsupported, a name taken: freed as before
                continue
            trash.append(spare)
        return trash

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
        if self._discard is not None:
            self._discard.join()
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


class _Unlink(threading.Thread):
    """Remove files, in a thread (``unlink`` lets other threads run); a file already
    gone is no error, and one that cannot be removed is left to ``recover``."""

    def __init__(self, paths: list[Path]) -> None:
        super().__init__(name="unlink", daemon=True)
        self.paths = paths

    def run(self) -> None:
        for path in self.paths:
            with contextlib.suppress(OSError):
                path.unlink(missing_ok=True)


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
