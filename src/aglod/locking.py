"""Advisory locks that keep two aglod processes from writing one output folder or one
store at the same time.

A lock is ``fcntl.flock`` on a lock file: the kernel releases it when the process
ends, however it ends (even killed with SIGKILL), so a crash never leaves a stale
lock behind. The file itself stays; it holds the pid of the latest holder (shared
holders write theirs too), for the message the next process gives. ``aglod build``
locks ``OUT/.aglod.lock``; ``aglod load --store DIR`` locks ``DIR.lock`` beside the
store (the store's folder is replaced as a whole by a load, so the lock cannot live
inside it), exclusively; and ``aglod serve`` holds a shared lock on it, so that no
load rewrites a store being served.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .errors import InputError, Locked

BUILD_LOCK = ".aglod.lock"


def build_lock_path(out: Path) -> Path:
    """The lock file of an output folder."""
    return out / BUILD_LOCK


def store_lock_path(store_dir: Path) -> Path:
    """The lock file of an embedded store: beside its folder."""
    return store_dir.with_name(store_dir.name + ".lock")


@contextmanager
def locked(path: Path, what: str, *, shared: bool = False) -> Iterator[None]:
    """Hold the lock file ``path`` (created if missing) for the ``with`` block:
    exclusively, or ``shared`` with other shared holders. Raises ``Locked`` (naming
    ``what`` and, where known, the holder's pid) at once if another process holds it
    in a conflicting way; never waits."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o666)
    except OSError as exc:
        raise InputError(str(path.parent), f"cannot be written: {exc.strerror or exc}") from exc
    try:
        try:
            fcntl.flock(fd, (fcntl.LOCK_SH if shared else fcntl.LOCK_EX) | fcntl.LOCK_NB)
        except BlockingIOError:
            raise Locked(_busy_message(fd, what)) from None
        # every holder, shared ones too, writes its pid for the next process's message;
        # a fixed-width record written in place, so a reader never sees it half-written
        record = f"{os.getpid():<20}\n".encode("ascii")
        os.pwrite(fd, record, 0)
        os.ftruncate(fd, len(record))
        yield
    finally:
        os.close(fd)  # closing the file releases the lock


def _busy_message(fd: int, what: str) -> str:
    holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
    who = f" (pid {holder})" if holder.isdigit() else ""
    return (
        f"{what} is in use by another aglod process{who}: wait until it ends, "
        "or write somewhere else"
    )
