"""Run aglod and kill it (SIGKILL, for real) just before its Nth change to the entries
of one folder: ``python killat.py FOLDER N LOG -- AGLOD-ARGS``.

The changes counted are the ones a commit or a store swap is made of (renames,
replacements, symbolic links, removals of files and folders) whose path is an entry
of FOLDER itself, made by aglod's main process (not its workers). Each is written to
LOG as it is about to happen (``op name``), so that a run with a large N lists the
moments there are, and a run with a given N shows where it died. Nothing is changed
in what aglod does: the call goes through unchanged unless the process dies first."""

from __future__ import annotations

import os
import runpy
import shutil
import signal
import sys
from collections.abc import Callable
from typing import Any

FOLDER, AT, LOG = os.path.realpath(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
ARGS = sys.argv[sys.argv.index("--") + 1 :]
MAIN = os.getpid()
seen = 0


def _in_folder(path: Any) -> bool:
    text = os.fsdecode(path)
    parent = os.path.dirname(os.path.abspath(text))
    return os.path.realpath(parent) == FOLDER


def _watch(name: str, call: Callable[..., Any], *which: int) -> Callable[..., Any]:
    """``call``, counted (and killed at the Nth) when its arguments ``which`` name an
    entry of FOLDER."""

    def watched(*args: Any, **kwargs: Any) -> Any:
        global seen
        if os.getpid() == MAIN and any(_in_folder(args[i]) for i in which if i < len(args)):
            seen += 1
            with open(LOG, "a", encoding="utf-8") as log:
                log.write(f"{name} {os.path.basename(os.fsdecode(args[which[-1]]))}\n")
            if seen == AT:
                os.kill(MAIN, signal.SIGKILL)
        return call(*args, **kwargs)

    return watched


os.rename = _watch("rename", os.rename, 0, 1)
os.replace = _watch("replace", os.replace, 0, 1)
os.symlink = _watch("symlink", os.symlink, 1)
os.unlink = _watch("unlink", os.unlink, 0)
os.remove = os.unlink
shutil.rmtree = _watch("rmtree", shutil.rmtree, 0)  # type: ignore[assignment]

import aglod.store.embedded  # noqa: E402 - after the patches, so that it sees them

if hasattr(aglod.store.embedded, "exchange"):
    aglod.store.embedded.exchange = _watch("exchange", aglod.store.embedded.exchange, 0, 1)

sys.argv = ["aglod", *ARGS]
runpy.run_module("aglod", run_name="__main__", alter_sys=True)
