"""Helpers of the fault tests (test_crash.py, test_loader_faults.py): a generated batch
of releases and its build, subprocesses of aglod to kill, and servers to start and stop."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from functools import cache
from pathlib import Path

from helpers import ROOT

AGLOD = [sys.executable, "-m", "aglod"]
OXIGRAPH_NAME = "oxigraph"


def generate(n: int, folder: Path, seed: int = 7) -> Path:
    """``n`` releases from ``benchmarks/generate.py`` in ``folder``."""
    run = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "generate.py"), str(n), str(folder),
         "--seed", str(seed)],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    return folder


@cache
def generated_build(root: Path, n: int = 64) -> tuple[Path, Path]:
    """``n`` generated releases and their build, made once per test session under
    ``root``: (the releases' folder, the build folder). 64 releases: the least a build
    spreads over worker processes without ``--jobs``."""
    folder = generate(n, root / f"gen{n}")
    out = root / f"gen{n}-out"
    run = subprocess.run([*AGLOD, "-q", "build", str(folder), "--out", str(out)],
                         capture_output=True, text=True, timeout=300)  # fmt: skip
    assert run.returncode == 0, run.stderr
    return folder, out


def snapshot(folder: Path) -> dict[str, bytes]:
    """The files of an output folder, not its hidden ones (lock, cache)."""
    return {
        p.name: p.read_bytes()
        for p in sorted(folder.iterdir())
        if p.is_file() and not p.name.startswith(".")
    }


def spawn(*args: str) -> subprocess.Popen[bytes]:
    """``python -m aglod ARGS`` in a session of its own (so that its workers can be
    found and ended by their ids)."""
    return subprocess.Popen([*AGLOD, *args], stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, start_new_session=True)  # fmt: skip


def wait_for(condition: Callable[[], bool], timeout: float = 60.0, step: float = 0.005) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if condition():
            return True
        time.sleep(step)
    return False


def session_pids(sid: int) -> list[int]:
    """The processes of session ``sid`` (Linux /proc)."""
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if os.getsid(int(entry.name)) == sid:
                    pids.append(int(entry.name))
            except OSError:
                continue
    return pids


def kill_hard(proc: subprocess.Popen[bytes]) -> None:
    """SIGKILL the aglod process (a crash); then end, by their ids, the worker
    processes it started if they have not ended on their own."""
    sid = proc.pid  # the session leader's pid is the session id
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    if proc.stderr is not None:
        proc.stderr.close()
    if not wait_for(lambda: not session_pids(sid), timeout=10, step=0.05):
        for pid in session_pids(sid):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def oxigraph() -> str:
    """The Oxigraph server's command (PyPI ``oxigraph``): a test that needs it fails,
    not skips, when it is missing."""
    import shutil

    found = shutil.which(OXIGRAPH_NAME, path=str(Path(sys.executable).parent)) or shutil.which(
        OXIGRAPH_NAME
    )
    assert found, "the Oxigraph server (PyPI package `oxigraph`) must be installed"
    return found


def server_up(url: str) -> bool:
    import urllib.request

    try:
        urllib.request.urlopen(url + "/query?query=ASK%7B%7D", timeout=1).read()
        return True
    except OSError:
        return False


def start_oxigraph(location: Path, port: int) -> subprocess.Popen[bytes]:
    proc = subprocess.Popen([oxigraph(), "serve", "--location", str(location), "--bind",
                             f"127.0.0.1:{port}"], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    if not wait_for(lambda: server_up(url) or proc.poll() is not None, timeout=30, step=0.05):
        raise RuntimeError("the Oxigraph server did not start")
    assert proc.poll() is None, "the Oxigraph server exited"
    return proc


def stop(proc: subprocess.Popen[bytes]) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=10)
