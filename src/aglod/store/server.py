"""``aglod serve``: a read-only SPARQL 1.1 endpoint over the embedded store, safe to
put where others can reach it.

Queries (SPARQL 1.1 Protocol: ``GET /query?query=…``, ``POST /query`` with a form or
an ``application/sparql-query`` body) run on the store opened read-only, on the union
of its graphs as the default graph (each triple is in one graph; ``GRAPH ?g`` reaches
each release's graph), unless the request names its default graphs.

Nothing a query says can turn the endpoint against its host:

- nothing writes: the store is opened read-only; updates, ``LOAD`` and ``/update``
  answer 403;
- nothing is fetched: every query is read with a SPARQL parser before it runs
  (``aglod.store.querycheck``) and refused (403) if it holds ``SERVICE``; a query that
  parser cannot read is refused (400) rather than guessed at. As a second wall, the
  processes that run queries are cut off from the network where the system allows
  it (a network namespace of their own, on Linux), so even a query that got past the
  parser could reach no host. ``FROM`` and ``default-graph-uri`` only pick graphs of
  the store;
- no query can starve or kill the endpoint: queries run in a small pool of worker
  processes; a query is stopped (its worker killed and replaced) when it runs over
  ``--query-timeout`` seconds, when its worker's memory grows over
  ``--query-memory`` MiB, or when its client goes away; the others keep answering.
  Results stop at ``--max-rows`` rows (or triples), said in the
  ``X-SPARQL-MaxRows`` header as Virtuoso does;
- a request body over 1 MiB is refused (413), and a client that sends its request
  slower than 30 s is dropped;
- it binds to 127.0.0.1 unless told otherwise.

Answers: SELECT and ASK as SPARQL results JSON (default), XML, CSV or TSV; CONSTRUCT
and DESCRIBE as Turtle (default), N-Triples, RDF/XML or JSON-LD, by ``Accept``.
"""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing
import os
import queue
import select
import socket
import sys
import threading
import time
import urllib.parse
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from itertools import islice
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from ..errors import InputError, UsageError
from ..pipeline.locks import locked, store_lock_path
from .querycheck import QueryRefused, check_query

MAX_BODY_BYTES = 1024 * 1024
QUERY_FORM = "application/x-www-form-urlencoded"
QUERY_BODY = "application/sparql-query"
REQUEST_READ_TIMEOUT = 30.0  # seconds a client may take to send its request


@dataclass(frozen=True)
class Limits:
    """What one query may use: wall-clock seconds from when a worker takes it,
    resident memory of its worker (bytes), rows (or triples) in its answer; and how
    many queries run at once."""

    timeout: float = 30.0
    memory: int = 1024 * 1024 * 1024
    max_rows: int = 10_000
    workers: int = 4


# --------------------------------------------------------------------------- answers

RESULTS_FORMATS = (
    ox.QueryResultsFormat.JSON,
    ox.QueryResultsFormat.XML,
    ox.QueryResultsFormat.CSV,
    ox.QueryResultsFormat.TSV,
)
GRAPH_FORMATS = (
    ox.RdfFormat.TURTLE,
    ox.RdfFormat.N_TRIPLES,
    ox.RdfFormat.RDF_XML,
    ox.RdfFormat.JSON_LD,
)


def _accepted(accept: str | None) -> list[str]:
    """The media types of an ``Accept`` header, most wanted first (``*/*`` last)."""
    ranked: list[tuple[float, int, str]] = []
    for i, part in enumerate((accept or "").split(",")):
        fields = [f.strip() for f in part.split(";")]
        q = 1.0
        for f in fields[1:]:
            if f.startswith("q="):
                try:
                    q = float(f[2:])
                except ValueError:
                    q = 0.0
        if fields[0] and q > 0:
            ranked.append((-q, i, fields[0].lower()))
    return [t for _q, _i, t in sorted(ranked)]


# what clients also send for these formats
_ALIASES = {
    "application/json": ("application/sparql-results+json", "application/ld+json"),
    "application/xml": ("application/sparql-results+xml", "application/rdf+xml"),
    "text/xml": ("application/sparql-results+xml", "application/rdf+xml"),
    "text/plain": ("application/n-triples",),
}


def choose(accept: str | None, formats: tuple[Any, ...]) -> Any | None:
    """The first of ``formats`` the client accepts (the first one if it accepts any
    or says nothing); None if it accepts none of them."""
    wanted = _accepted(accept)
    if not wanted:
        return formats[0]
    for media in wanted:
        for f in formats:
            own = media_type(f)
            if media in (own, "*/*", own.split("/")[0] + "/*") or own in _ALIASES.get(media, ()):
                return f
    return None


def media_type(fmt: Any) -> str:
    """A format's media type, without parameters ("text/csv", not "…; charset=utf-8")."""
    return str(fmt.media_type).split(";")[0].strip()


# --------------------------------------------------------------------------- workers


@dataclass(frozen=True)
class Job:
    """One query for a worker, with what the client asked of the answer."""

    query: str
    accept: str | None = None
    default_graph: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()


@dataclass(frozen=True)
class Reply:
    """An HTTP answer: status, body, media type and extra headers."""

    status: int
    body: bytes
    media: str = "text/plain"
    headers: dict[str, str] = field(default_factory=dict)

    @classmethod
    def text(cls, status: int, text: str) -> Reply:
        return cls(status, (text + "\n").encode())


def answer(store: ox.Store, job: Job, max_rows: int) -> Reply:
    """Run ``job`` on ``store``: checked first (``querycheck``), then at most
    ``max_rows`` rows (or triples) serialized in the format the client accepts."""
    try:
        check_query(job.query)
    except QueryRefused as refused:
        prefix = "bad query: " if refused.status == 400 else ""
        return Reply.text(refused.status, prefix + refused.reason)
    # each triple of a store aglod loaded is in one graph: their union is the dataset
    options: dict[str, Any] = {"use_default_graph_as_union": not job.default_graph}
    try:
        if job.default_graph:
            options["default_graph"] = [ox.NamedNode(g) for g in job.default_graph]
        if job.named_graphs:
            options["named_graphs"] = [ox.NamedNode(g) for g in job.named_graphs]
    except ValueError as exc:
        return Reply.text(400, f"bad graph IRI: {exc}")
    try:
        results = store.query(job.query, **options)
        return _serialize(results, job.accept, max_rows)
    except SyntaxError as exc:
        return Reply.text(400, f"bad query: {exc}")
    except Exception as exc:  # a store error or a bug: said, and the endpoint goes on
        return Reply.text(500, f"query failed: {type(exc).__name__}: {exc}")


def _serialize(results: Any, accept: str | None, max_rows: int) -> Reply:
    """Results in the format ``accept`` prefers; rows past ``max_rows`` dropped (the
    first ``max_rows`` go through Oxigraph's own TSV reader, so that every format is
    written by Oxigraph's serializers)."""
    graph = isinstance(results, ox.QueryTriples)
    formats = GRAPH_FORMATS if graph else RESULTS_FORMATS
    fmt = choose(accept, formats)
    if fmt is None:
        offered = ", ".join(media_type(f) for f in formats)
        return Reply.text(406, f"cannot answer in {accept!r}: offered {offered}")
    headers: dict[str, str] = {}
    if isinstance(results, ox.QueryBoolean):
        data = results.serialize(format=fmt)
    else:
        items = list(islice(results, max_rows + 1))
        if len(items) > max_rows:
            items = items[:max_rows]
            headers["X-SPARQL-MaxRows"] = str(max_rows)
        if graph:
            data = ox.serialize(items, format=fmt)
        else:
            names = results.variables
            tsv = "".join(
                "\t".join("" if sol[v] is None else str(sol[v]) for v in names) + "\n"
                for sol in items
            )
            head = "\t".join(f"?{v.value}" for v in names) + "\n"
            solutions = ox.parse_query_results((head + tsv).encode(), ox.QueryResultsFormat.TSV)
            data = solutions.serialize(format=fmt)
    assert data is not None
    return Reply(200, bytes(data), media_type(fmt), headers)


def isolate_from_network() -> bool:
    """Put this process in a network namespace of its own, with no interface up: no
    connection can leave it, to another host or to this one. Linux only; as root, or
    in a user namespace of its own where the system allows unprivileged ones. Must
    run before the process starts a thread. True if it worked."""
    if not sys.platform.startswith("linux"):
        return False
    clone_newuser, clone_newnet = 0x10000000, 0x40000000
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        uid, gid = os.getuid(), os.getgid()
        if os.geteuid() == 0 and libc.unshare(clone_newnet) == 0:
            return True
        if libc.unshare(clone_newuser | clone_newnet) != 0:
            return False
        # keep being who we were: the same user and group inside the namespace
        Path("/proc/self/setgroups").write_text("deny")
        Path("/proc/self/uid_map").write_text(f"{uid} {uid} 1")
        Path("/proc/self/gid_map").write_text(f"{gid} {gid} 1")
        return True
    except OSError:
        return False


def _worker_main(store_dir: str, conn: Connection, max_rows: int, isolate: bool) -> None:
    """A query worker: cut off from the network, the store opened read-only, then
    one ``Job`` after another from ``conn``, each answered with a ``Reply``."""
    isolated = isolate_from_network() if isolate else False
    try:
        store = ox.Store.read_only(store_dir)
    except OSError as exc:
        conn.send(("failed", f"cannot open the store: {exc}"))
        return
    check_query("ASK {}")  # the parser's imports and grammar, before the first client
    conn.send(("ready", isolated))
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        conn.send(answer(store, job, max_rows))


class _Worker:
    """One worker process and its end of the pipe."""

    def __init__(self, store_dir: Path, limits: Limits, isolate: bool) -> None:
        ctx = multiprocessing.get_context("spawn")  # no copy of the server's threads
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(
            target=_worker_main,
            args=(str(store_dir), child, limits.max_rows, isolate),
            daemon=True,
            name="aglod-query",
        )
        self.process.start()
        child.close()
        if not self.conn.poll(120):
            self.kill()
            raise InputError(str(store_dir), "a query worker did not start within 120 s")
        try:
            state, detail = self.conn.recv()
        except EOFError:
            self.kill()
            raise InputError(str(store_dir), "a query worker could not start") from None
        if state != "ready":
            self.kill()
            raise InputError(str(store_dir), str(detail))
        self.isolated = bool(detail)

    def memory(self) -> int:
        """The worker's resident memory in bytes (0 where /proc does not tell)."""
        try:
            with open(f"/proc/{self.process.pid}/statm", "rb") as fh:
                return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
        except (OSError, ValueError, IndexError):
            return 0

    def kill(self) -> None:
        with contextlib.suppress(Exception):
            self.process.kill()
            self.process.join(5)
        self.conn.close()


class WorkerPool:
    """Runs each query in one of ``limits.workers`` worker processes, within the
    limits; a worker stopped for overrunning them is replaced in the background."""

    POLL = 0.02  # seconds between looks at a running query

    def __init__(self, store_dir: Path, limits: Limits, *, isolate: bool = True) -> None:
        self.store_dir, self.limits, self.isolate = store_dir, limits, isolate
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._all: set[_Worker] = set()
        self._lock = threading.Lock()
        self._closed = False
        with ThreadPoolExecutor(limits.workers) as starting:  # they start side by side
            futures = [
                starting.submit(_Worker, store_dir, limits, isolate) for _ in range(limits.workers)
            ]
        failed = [f.exception() for f in futures if f.exception() is not None]
        for future in futures:
            if future.exception() is None:
                self._add(future.result())
        if failed:
            self.close()
            raise failed[0]  # type: ignore[misc]

    @property
    def isolated(self) -> bool:
        """Whether the workers are cut off from the network."""
        with self._lock:
            return bool(self._all) and all(w.isolated for w in self._all)

    def _add(self, worker: _Worker) -> None:
        with self._lock:
            if self._closed:
                worker.kill()
                return
            self._all.add(worker)
        self._idle.put(worker)

    def _replace(self, worker: _Worker) -> None:
        with self._lock:
            self._all.discard(worker)
        worker.kill()

        def start() -> None:
            # a failed start leaves the pool one worker short; the others go on
            with contextlib.suppress(Exception):
                self._add(_Worker(self.store_dir, self.limits, self.isolate))

        threading.Thread(target=start, daemon=True).start()

    def run(self, job: Job, gone: Callable[[], bool] = lambda: False) -> Reply | None:
        """The reply to ``job``; None if the client went away first (its query is
        stopped). A query waits for a free worker at most ``limits.timeout`` s."""
        limits = self.limits
        try:
            worker = self._idle.get(timeout=limits.timeout)
        except queue.Empty:
            return Reply.text(503, "every query worker is busy: try again later")
        try:
            worker.conn.send(job)
            deadline = time.monotonic() + limits.timeout
            while not worker.conn.poll(self.POLL):
                if not worker.process.is_alive():
                    raise _Stopped("query stopped: its worker died (out of memory?)")
                if time.monotonic() > deadline:
                    raise _Stopped(f"query stopped: it ran over the limit of {limits.timeout:g} s")
                if limits.memory and worker.memory() > limits.memory:
                    mib = limits.memory // (1024 * 1024)
                    raise _Stopped(f"query stopped: it used over the limit of {mib} MiB")
                if gone():
                    raise _Stopped("")
            reply: Reply = worker.conn.recv()
        except _Stopped as stopped:
            self._replace(worker)
            return Reply.text(503, str(stopped)) if str(stopped) else None
        except (EOFError, OSError):
            self._replace(worker)
            return Reply.text(503, "query stopped: its worker died (out of memory?)")
        self._idle.put(worker)
        return reply

    def close(self) -> None:
        with self._lock:
            self._closed = True
            workers = list(self._all)
            self._all.clear()
        for worker in workers:
            worker.kill()


class _Stopped(Exception):
    """A running query was stopped; the text says why (empty: its client left)."""


# --------------------------------------------------------------------------- server


class _Handler(BaseHTTPRequestHandler):
    server: SparqlServer
    server_version = "aglod"
    sys_version = ""
    timeout = REQUEST_READ_TIMEOUT

    def do_GET(self) -> None:
        self._respond(self._get)

    def do_POST(self) -> None:
        self._respond(self._post)

    def _refuse_method(self) -> None:
        self._respond(lambda: Reply.text(405, "method not allowed: GET or POST /query"))

    do_PUT = do_DELETE = do_PATCH = _refuse_method

    def _respond(self, make: Callable[[], Reply | None]) -> None:
        try:
            reply = make()
        except Exception as exc:  # a bug: say so, keep serving
            reply = Reply.text(500, f"query failed: {type(exc).__name__}: {exc}")
        if reply is None:  # the client has gone: nobody to answer
            self.close_connection = True
            return
        self.send_response(reply.status)
        charset = "; charset=utf-8" if reply.media.startswith("text/") else ""
        self.send_header("Content-Type", reply.media + charset)
        self.send_header("Content-Length", str(len(reply.body)))
        self.send_header("X-Content-Type-Options", "nosniff")
        for name, value in reply.headers.items():
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            with contextlib.suppress(OSError):
                self.wfile.write(reply.body)

    def _path(self) -> tuple[str, dict[str, list[str]]]:
        url = urllib.parse.urlsplit(self.path)
        return url.path, urllib.parse.parse_qs(url.query)

    def _get(self) -> Reply | None:
        path, params = self._path()
        if path == "/":
            return Reply.text(200, "aglod SPARQL endpoint (read-only): GET or POST /query")
        return self._check_path(path) or self._query(params)

    def _post(self) -> Reply | None:
        path, params = self._path()
        refused = self._check_path(path)
        if refused is not None:
            return refused
        length = self.headers.get("Content-Length") or "0"
        if not length.isdigit():
            return Reply.text(400, "bad Content-Length")
        size = int(length)
        if size > MAX_BODY_BYTES:
            return Reply.text(413, f"request body over {MAX_BODY_BYTES} bytes")
        body = self.rfile.read(size).decode("utf-8", errors="replace")
        media = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        if media == QUERY_FORM:
            for key, values in urllib.parse.parse_qs(body).items():
                params.setdefault(key, []).extend(values)
        elif media == QUERY_BODY:
            params["query"] = [body]
        else:
            return Reply.text(415, f"POST a query as {QUERY_FORM} or {QUERY_BODY}")
        return self._query(params)

    @staticmethod
    def _check_path(path: str) -> Reply | None:
        if path in ("/update", "/store"):
            return Reply.text(403, "this endpoint is read-only: no update, no load")
        if path != "/query":
            return Reply.text(404, "not found: queries go to /query")
        return None

    def _query(self, params: dict[str, list[str]]) -> Reply | None:
        if "update" in params:
            return Reply.text(403, "this endpoint is read-only: no update, no load")
        queries = params.get("query", [])
        if len(queries) != 1:
            return Reply.text(400, "give one query (the query parameter)")
        job = Job(
            queries[0],
            self.headers.get("Accept"),
            tuple(params.get("default-graph-uri", ())),
            tuple(params.get("named-graph-uri", ())),
        )
        return self.server.pool.run(job, gone=self._client_gone)

    def _client_gone(self) -> bool:
        """Whether the client has closed its connection (the request is all read, so
        a readable socket with nothing to read is the client's end of file)."""
        sock = self.connection
        try:
            readable, _, _ = select.select([sock], [], [], 0)
            return bool(readable) and sock.recv(1, socket.MSG_PEEK) == b""
        except (OSError, ValueError):
            return True

    def log_message(self, format: str, *args: Any) -> None:
        if not self.server.quiet:
            sys.stderr.write(f"aglod serve: {self.address_string()} {format % args}\n")


class SparqlServer(ThreadingHTTPServer):
    """The endpoint: a thread per request, queries run by a ``WorkerPool``."""

    daemon_threads = True

    def __init__(self, address: tuple[str, int], pool: WorkerPool, quiet: bool) -> None:
        self.pool = pool
        self.quiet = quiet
        super().__init__(address, _Handler)


def parse_bind(bind: str) -> tuple[str, int]:
    """``HOST:PORT`` (``[::1]:PORT`` for IPv6) as a host and a port; ``UsageError``
    if it is not one."""
    host, sep, port = bind.rpartition(":")
    host = host[1:-1] if host.startswith("[") and host.endswith("]") else host
    if not sep or not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise UsageError(f"bad --bind {bind!r}: expected HOST:PORT, e.g. 127.0.0.1:7878")
    return host, int(port)


def is_loopback(host: str) -> bool:
    return host in ("localhost", "::1") or host.startswith("127.")


def serve(
    store_dir: Path,
    bind: str,
    *,
    limits: Limits = Limits(),
    quiet: bool = False,
    ready: Callable[[str], None] | None = None,
    note: Callable[[str], None] | None = None,
    stop: threading.Event | None = None,
) -> None:
    """Serve the store in ``store_dir`` at ``bind`` until interrupted (or ``stop`` is
    set). Holds a shared lock on the store meanwhile: ``aglod load`` will not rewrite
    it while it is served. ``ready`` is called with the endpoint's URL once it
    listens; ``note`` with what a user should know (workers not cut off from the
    network)."""
    host, port = parse_bind(bind)
    if not (store_dir.is_dir() and any(store_dir.iterdir())):
        raise InputError(str(store_dir), "no store here: run `aglod load --store` first")
    with locked(store_lock_path(store_dir), f"store {store_dir}", shared=True):
        # the store's current version, by its real path: what the lock keeps in place
        pool = WorkerPool(Path(os.path.realpath(store_dir)), limits)
        try:
            if not pool.isolated and note is not None:
                note(
                    "note: this system does not let query workers drop their network "
                    "access; SERVICE is still refused by parsing every query"
                )
            try:
                server = SparqlServer((host, port), pool, quiet)
            except OSError as exc:
                raise UsageError(f"cannot listen on {bind}: {exc.strerror or exc}") from exc
            with server:
                url = f"http://{bind}/query"
                if ready is not None:
                    ready(url)
                if stop is not None:
                    threading.Thread(target=_shutdown_on, args=(stop, server), daemon=True).start()
                with contextlib.suppress(KeyboardInterrupt):
                    server.serve_forever(poll_interval=0.2)
        finally:
            pool.close()


def _shutdown_on(stop: threading.Event, server: SparqlServer) -> None:
    stop.wait()
    server.shutdown()
