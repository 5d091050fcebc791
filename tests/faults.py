"""Helpers of the fault tests (test_crash.py, test_loader_faults.py,
test_loader_secrets.py): a generated batch of releases and its build, subprocesses of
aglod to kill, servers to start and stop, and a misbehaving Graph Store server."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from collections.abc import Callable
from functools import cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
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


class FakeStore:
    """A Graph Store Protocol server (``/store?graph=``, ``/query``) on 127.0.0.1 in a
    thread, that misbehaves as ``plan`` says: for each method, what its next requests
    get. "500", "401", "403": that status, whose reason phrase and body repeat the
    request's Authorization header (as a careless server might); "slow": answered after
    ``slow_s``; "drip": the whole answer sent one byte every ``drip_s``; "close": the
    connection dropped; "garbage": bytes that are not HTTP, then the connection
    dropped; "redirect": a 307 to ``redirect_to`` + the path. ``query_body``, when set,
    is what every ``/query`` answers (200, JSON content type) instead of the graphs."""

    def __init__(
        self, plan: dict[str, list[str]] | None = None, slow_s: float = 1.0, drip_s: float = 0.8
    ) -> None:
        self.plan = {k: list(v) for k, v in (plan or {}).items()}
        self.slow_s = slow_s
        self.drip_s = drip_s
        self.graphs: dict[str, set[str]] = {}
        self.log: list[tuple[str, str, str]] = []  # method, graph, what happened
        self.auth: list[str | None] = []
        self.redirect_to = ""
        self.query_body: bytes | None = None
        self.lock = threading.Lock()
        store = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def do_PUT(self) -> None:
                store.handle(self)

            do_POST = do_DELETE = do_GET = do_PUT

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    def __enter__(self) -> FakeStore:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()

    def handle(self, h: BaseHTTPRequestHandler) -> None:
        url = urllib.parse.urlsplit(h.path)
        graph = urllib.parse.parse_qs(url.query).get("graph", [""])[0]
        body = h.rfile.read(int(h.headers.get("Content-Length") or 0))
        auth = h.headers.get("Authorization")
        with self.lock:
            queue = self.plan.get(h.command, [])
            fault = queue.pop(0) if queue else "ok"
            self.log.append((h.command, graph, fault))
            self.auth.append(auth)
        if fault == "close":
            h.close_connection = True
            return
        if fault == "garbage":
            h.wfile.write(b"\x00\x01 not HTTP at all " + (auth or "").encode() + b"\r\n\r\n")
            h.close_connection = True
            return
        if fault in ("500", "401", "403"):
            echo = f"refused {auth}"
            return self.answer(h, int(fault), echo.encode(), reason=echo)
        if fault == "redirect":
            h.send_response(307)
            h.send_header("Location", self.redirect_to + h.path)
            h.send_header("Content-Length", "0")
            h.end_headers()
            return None
        self.apply(h.command, url.path, graph, body)
        if fault == "slow":
            time.sleep(self.slow_s)
        if url.path == "/query":
            rows = [{"g": {"type": "uri", "value": g}} for g in sorted(self.graphs)]
            data = json.dumps({"head": {"vars": ["g"]}, "results": {"bindings": rows}})
            answer = data.encode() if self.query_body is None else self.query_body
            if fault == "drip":
                return self.drip(h, 200, answer)
            return self.answer(h, 200, answer)
        if fault == "drip":
            return self.drip(h, 204, b"")
        return self.answer(h, 204, b"")

    def apply(self, method: str, path: str, graph: str, body: bytes) -> None:
        lines = {ln for ln in body.decode("utf-8").split("\n") if ln.strip()}
        with self.lock:
            if method == "PUT":
                self.graphs[graph] = lines
            elif method == "POST":
                self.graphs.setdefault(graph, set()).update(lines)
            elif method == "DELETE":
                self.graphs.pop(graph, None)

    @staticmethod
    def answer(
        h: BaseHTTPRequestHandler, status: int, body: bytes, reason: str | None = None
    ) -> None:
        h.send_response(status, reason)
        h.send_header("Content-Type", "application/sparql-results+json")
        h.send_header("Content-Length", str(len(body)))
        h.end_headers()
        h.wfile.write(body)

    def drip(self, h: BaseHTTPRequestHandler, status: int, body: bytes) -> None:
        """The answer, status line first, one byte every ``drip_s`` seconds."""
        head = f"HTTP/1.1 {status} OK\r\nContent-Length: {len(body)}\r\n\r\n".encode()
        h.close_connection = True
        for i in range(len(head + body)):
            try:
                h.wfile.write((head + body)[i : i + 1])
                h.wfile.flush()
            except OSError:  # the client gave up
                return
            time.sleep(self.drip_s)

    def sent(self, method: str) -> list[str]:
        return [g for m, g, _f in self.log if m == method]
