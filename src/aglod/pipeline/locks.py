"""Advisory locks that keep two aglod processes from writing one output folder or one
store at the same time.

A lock is ``fcntl.flock`` on a lock file: the kernel releases it when the process
ends, however it ends (even killed with SIGKILL), so a crash never leaves a stale
lock behind. The file itself stays; it holds the pid of the latest holder (shared
holders write theirs too), for the message the next process gives. ``aglod build``
locks ``OUT/.aglod.lock``; ``aglod load --store DIR`` locks ``DIR.lock`` beside the
store (the store's folder is replaced as a whole by a load, so the lock cannot live
inside it), exclusively; and ``aglod serve`` holds a shared lock on it, so that no
load rewrites a store being served. ``aglod load`` and ``aglod publish`` hold a shared
lock on the build folder they read (``reading_build``), so that no build rewrites it
under them, and finish the commit of a build killed half-way first.

Locks are taken on real paths: a symbolic link to a store or a build folder names the
same lock as the folder itself (``store_path``).
"""

from __future__ import annotations

import errno
import fcntl
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..errors import InputError, Locked

BUILD_LOCK = ".aglod.lock"


# A store's versions: ``NAME.vN`` beside it, ``NAME`` being a symbolic link to the
# current one (``store/embedded.py``).
_VERSION = re.compile(r"^(?P<name>.+)\.v(?P<n>[0-9]+)$")


def build_lock_path(out: Path) -> Path:
    """The lock file of an output folder (by its real path)."""
    return Path(os.path.realpath(out)) / BUILD_LOCK


def store_lock_path(store_dir: Path) -> Path:
    """The lock file of an embedded store: beside its folder, named after the store's
    real path (``store_path``), so that every name of one store gives one lock."""
    home = store_path(store_dir)
    return home.with_name(home.name + ".lock")


def version_of(link: Path, target: str) -> int | None:
    """The version number when ``target`` (what the symbolic link ``link`` holds) is a
    version of the store ``link`` (``NAME.vN``, beside it), else None."""
    m = _VERSION.match(target)
    if m is None or "/" in target or m["name"] != link.name:
        return None
    return int(m["n"])


def store_path(path: Path) -> Path:
    """The real path of the store at ``path``: symbolic links resolved (the folders
    above it, and ``path`` itself when it is a link of the user's to a store
    elsewhere), except the store's own link to its current version (``NAME`` to
    ``NAME.vN``), which is the store. A version folder given directly stands for its
    store."""
    p = Path(os.path.abspath(path))
    for _ in range(40):  # as many links as the system follows in one path
        p = Path(os.path.realpath(p.parent)) / p.name
        try:
            target = os.readlink(p)
        except OSError:  # not a link (or not there): the store's own folder
            m = _VERSION.match(p.name)
            own = p.with_name(m["name"]) if m else None
            if own is not None and _link_target(own) == p.name:
                return own
            return p
        if version_of(p, target) is not None:
            return p
        p = Path(os.path.abspath(p.parent / target))
    raise InputError(str(path), "too many levels of symbolic links")


def _link_target(path: Path) -> str | None:
    try:
        return os.readlink(path)
    except OSError:
        return None


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


@contextmanager
def reading_build(out: Path) -> Iterator[None]:
    """Hold the build folder ``out`` for reading during the ``with`` block: a shared
    lock (other readers may hold it too; a build may not), taken after finishing the
    commit that a build killed between its renames left (``AtomicFiles.recover``,
    under the exclusive lock for that moment), so that what is read is one build's
    files, never old and new side by side. Raises ``Locked`` at once if a build holds
    the folder. A folder that cannot be written (read-only) is read without a lock,
    unless a commit is unfinished there: that is refused, since it cannot be finished."""
    from .atomic import AtomicFiles

    real = Path(os.path.realpath(out))
    if not real.is_dir():
        raise InputError(str(out), "no such build folder (make one with `aglod build --out`)")
    journal = real / AtomicFiles.JOURNAL
    what = f"build folder {out}"
    try:
        fd = os.open(real / BUILD_LOCK, os.O_RDWR | os.O_CREAT, 0o666)
    except OSError as exc:
        if exc.errno not in (errno.EACCES, errno.EPERM, errno.EROFS):
            raise InputError(str(out), f"cannot be read: {exc.strerror or exc}") from exc
        if journal.exists():
            raise InputError(
                str(out),
                "holds a build stopped half-way through writing its files, which cannot be "
                "finished in a folder this process cannot write: run `aglod build` into it "
                "again (as a user who can write it)",
            ) from exc
        yield  # nobody who could write the folder can have started a build there
        return
    try:
        for _ in range(3):
            if journal.exists():
                _flock(fd, fcntl.LOCK_EX, what)
                AtomicFiles.recover(real)
            _flock(fd, fcntl.LOCK_SH, what)  # from the exclusive lock: converted
            record = f"{os.getpid():<20}\n".encode("ascii")
            os.pwrite(fd, record, 0)
            os.ftruncate(fd, len(record))
            if not journal.exists():  # a build may have come and gone before the lock
                break
        else:  # pragma: no cover - a build killed mid-commit three times over
            raise Locked(f"{what} keeps changing while it is read: try again")
        yield
    finally:
        os.close(fd)


def _flock(fd: int, how: int, what: str) -> None:
    try:
        fcntl.flock(fd, how | fcntl.LOCK_NB)
    except BlockingIOError:
        raise Locked(_busy_message(fd, what)) from None


def _busy_message(fd: int, what: str) -> str:
    holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
    who = f" (pid {holder})" if holder.isdigit() else ""
    return (
        f"{what} is in use by another aglod process{who}: wait until it ends, "
        "or write somewhere else"
    )
