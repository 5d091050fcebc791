"""aglod's exceptions and the exit codes the CLI maps them to.

Exit codes (documented in the README, tested in tests/test_cli.py):

- 0: success (validation may have reported warnings)
- 1: the data does not conform: SHACL violations
- 2: bad input or usage: unreadable files, no releases, wrong options, a build
  stopped by ``--on-error fail``, an output folder or store in use by another aglod,
  a full disk (``DiskFull``)
- 3: internal error: a bug in aglod
- 4: a SPARQL server refused or failed a request (after the retries allowed)
- 130, 143: stopped by SIGINT (Ctrl-C) or SIGTERM (128 + the signal's number, as
  shells report it); what the command writes is left as it was
"""

from __future__ import annotations

import errno

EXIT_OK = 0
EXIT_INVALID = 1
EXIT_BAD_INPUT = 2
EXIT_INTERNAL = 3
EXIT_SERVER = 4


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised in the main thread as Ctrl-C raises ``KeyboardInterrupt`` (of
    which it is a kind, so that what stops on Ctrl-C stops on it too, and no
    ``except Exception`` swallows it)."""


class AglodError(Exception):
    """Base class of every error aglod raises on purpose."""

    exit_code = EXIT_INTERNAL


class InputError(AglodError):
    """An input cannot be read or understood. Names the file (and line) at fault."""

    exit_code = EXIT_BAD_INPUT

    def __init__(self, source: str, reason: str, line: int | None = None) -> None:
        self.source = source
        self.reason = reason
        self.line = line
        where = f"{source}:{line}" if line is not None else source
        super().__init__(f"{where}: {reason}")


class UsageError(AglodError):
    """Options that do not make sense together, or a missing argument."""

    exit_code = EXIT_BAD_INPUT


class Locked(AglodError):
    """Another aglod process is writing the same output folder or store (``pipeline/locks.py``)."""

    exit_code = EXIT_BAD_INPUT


class Stopped(AglodError):
    """``--on-error fail``: a release was rejected, so the build stopped before writing.
    ``internal``: aglod failed on it (a bug) rather than the input being bad."""

    def __init__(self, source: str, reason: str, internal: bool = False) -> None:
        self.source = source
        self.reason = reason
        self.exit_code = EXIT_INTERNAL if internal else EXIT_BAD_INPUT
        super().__init__(f"{source}: {reason} (--on-error fail: stopped, nothing written)")


# What a write fails with when the machine, not the input, is at fault.
DISK_ERRNOS = {
    errno.ENOSPC: "no space left on device",
    errno.EDQUOT: "disk quota exceeded",
    errno.EFBIG: "file too large for the file system or this process's file size limit",
    errno.EIO: "input/output error of the device",
}


class DiskFull(AglodError):
    """A write failed for want of room (a full disk, a quota, a file size limit) or of a
    working device: the machine's problem, not aglod's. What was written before stays
    as it was (every file is renamed into place whole), so the same command, run again
    once there is room, completes."""

    exit_code = EXIT_BAD_INPUT

    def __init__(self, path: str, reason: str) -> None:
        self.path = path
        super().__init__(
            f"{reason} writing {path}: make room and run the command again "
            "(what was written before is left as it was)"
        )


def disk_failure(exc: BaseException, where: str = "a file") -> DiskFull | None:
    """``exc`` as a ``DiskFull`` naming the file (else ``where``), if it is one."""
    if isinstance(exc, OSError) and exc.errno in DISK_ERRNOS:
        return DiskFull(str(exc.filename or where), DISK_ERRNOS[exc.errno])
    return None
