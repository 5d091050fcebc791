"""``aglod serve``: a read-only SPARQL 1.1 endpoint over the embedded store.

Queries (SPARQL 1.1 Protocol: ``GET /query?query=…``, ``POST /query`` with a form or
an ``application/sparql-query`` body) run on the store opened read-only, on its
default graph (the union of all graphs, each triple once; ``GRAPH ?g`` reaches each
release's graph). Safe by default:

- nothing writes: the store is opened read-only and ``/update`` answers 403;
- nothing is fetched: a query with ``SERVICE`` is refused (403) before it runs, since
  Oxigraph would send it to any host the query names, this machine's private
  services included; ``FROM`` and ``default-graph-uri`` only pick graphs of the store;
- a request body over 1 MiB is refused (413);
- it binds to 127.0.0.1 unless told otherwise.

Answers: SELECT and ASK as SPARQL results JSON (default), XML, CSV or TSV; CONSTRUCT
and DESCRIBE as Turtle (default), N-Triples, RDF/XML or JSON-LD, by ``Accept``.
"""

from __future__ import annotations

import contextlib
import re
import sys
import threading
import urllib.parse
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from .errors import InputError, UsageError
from .locking import locked, store_lock_path

MAX_BODY_BYTES = 1024 * 1024
QUERY_FORM = "application/x-www-form-urlencoded"
QUERY_BODY = "application/sparql-query"

# --------------------------------------------------------------------------- SERVICE

_LONG_STRING = re.compile(
    r"'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^\"\\]|\\.|\"(?!\"\"))*\"\"\"", re.S
)
_SHORT_STRING = re.compile(r"'(?:[^'\\\n\r]|\\.)*'|\"(?:[^\"\\\n\r]|\\.)*\"")
_IRIREF = re.compile(r"<[^<>\"{}|^`\\\x00-\x20]*>")
_WORD = re.compile(r"[A-Za-z]+")


def calls_service(query: str) -> bool:
    """Whether ``query`` may hold a ``SERVICE`` clause: the word "service" (any case)
    outside strings, IRIs and comments, and not part of a variable (``?service``) or
    of a prefixed name's local part (``schema:Service``). Errs on the side of refusing:
    an unterminated string counts as a call, and so does "service" in a prefix's name
    (``service:x``)."""
    pos, n = 0, len(query)
    while pos < n:
        c = query[pos]
        if c in "'\"":
            m = _LONG_STRING.match(query, pos) or _SHORT_STRING.match(query, pos)
            if m is None:
                return True  # an unterminated string: do not guess
            pos = m.end()
        elif c == "<":
            m = _IRIREF.match(query, pos)
            pos = m.end() if m else pos + 1
        elif c == "#":
            while pos < n and query[pos] not in "\n\r":
                pos += 1
        elif c.isascii() and c.isalpha():
            m = _WORD.match(query, pos)
            assert m is not None
            if m.group().lower() == "service" and not _inside_a_name(query, pos):
                return True
            pos = m.end()
        else:
            pos += 1
    return False


def _inside_a_name(query: str, pos: int) -> bool:
    """Whether the word at ``pos`` continues a variable (``?service``), a prefixed
    name's local part (``schema:Service``) or another word (``my_service``)."""
    before = query[pos - 1] if pos else " "
    return before in "?$:_" or before.isalnum()


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


# --------------------------------------------------------------------------- server


class Answer(Exception):
    """An HTTP answer other than the query's results: status and a short text."""

    def __init__(self, status: int, text: str) -> None:
        super().__init__(text)
        self.status = status
        self.text = text


class _Handler(BaseHTTPRequestHandler):
    server: SparqlServer
    server_version = "aglod"
    sys_version = ""

    def do_GET(self) -> None:
        self._respond(lambda: self._get())

    def do_POST(self) -> None:
        self._respond(lambda: self._post())

    def _refuse_method(self) -> None:
        self._respond(lambda: self._raise(405, "method not allowed: GET or POST /query"))

    do_PUT = do_DELETE = do_PATCH = _refuse_method

    @staticmethod
    def _raise(status: int, text: str) -> tuple[bytes, str]:
        raise Answer(status, text)

    def _respond(self, make: Callable[[], tuple[bytes, str]]) -> None:
        try:
            body, media = make()
            status = 200
        except Answer as answer:
            status, body, media = answer.status, (answer.text + "\n").encode(), "text/plain"
        except Exception as exc:  # a bug or a store error: say so, keep serving
            status, media = 500, "text/plain"
            body = f"query failed: {type(exc).__name__}: {exc}\n".encode()
        self.send_response(status)
        charset = "; charset=utf-8" if media.startswith("text/") else ""
        self.send_header("Content-Type", media + charset)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Content-Type-Options", "nosniff")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _path(self) -> tuple[str, dict[str, list[str]]]:
        url = urllib.parse.urlsplit(self.path)
        return url.path, urllib.parse.parse_qs(url.query)

    def _get(self) -> tuple[bytes, str]:
        path, params = self._path()
        if path == "/":
            return (b"aglod SPARQL endpoint (read-only): GET or POST /query\n", "text/plain")
        self._check_path(path)
        return self._query(params)

    def _post(self) -> tuple[bytes, str]:
        path, params = self._path()
        self._check_path(path)
        length = self.headers.get("Content-Length") or "0"
        if not length.isdigit():
            raise Answer(400, "bad Content-Length")
        size = int(length)
        if size > MAX_BODY_BYTES:
            raise Answer(413, f"request body over {MAX_BODY_BYTES} bytes")
        body = self.rfile.read(size).decode("utf-8", errors="replace")
        media = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        if media == QUERY_FORM:
            for key, values in urllib.parse.parse_qs(body).items():
                params.setdefault(key, []).extend(values)
        elif media == QUERY_BODY:
            params["query"] = [body]
        else:
            raise Answer(415, f"POST a query as {QUERY_FORM} or {QUERY_BODY}")
        return self._query(params)

    @staticmethod
    def _check_path(path: str) -> None:
        if path in ("/update", "/store"):
            raise Answer(403, "this endpoint is read-only: no update, no load")
        if path != "/query":
            raise Answer(404, "not found: queries go to /query")

    def _query(self, params: dict[str, list[str]]) -> tuple[bytes, str]:
        if "update" in params:
            raise Answer(403, "this endpoint is read-only: no update, no load")
        queries = params.get("query", [])
        if len(queries) != 1:
            raise Answer(400, "give one query (the query parameter)")
        text = queries[0]
        if calls_service(text):
            raise Answer(403, "SERVICE is not allowed: this endpoint queries no other server")
        options: dict[str, Any] = {}
        try:
            if params.get("default-graph-uri"):
                options["default_graph"] = [ox.NamedNode(g) for g in params["default-graph-uri"]]
            if params.get("named-graph-uri"):
                options["named_graphs"] = [ox.NamedNode(g) for g in params["named-graph-uri"]]
        except ValueError as exc:
            raise Answer(400, f"bad graph IRI: {exc}") from None
        try:
            results = self.server.store.query(text, **options)
        except SyntaxError as exc:
            raise Answer(400, f"bad query: {exc}") from None
        return self._serialize(results)

    def _serialize(self, results: Any) -> tuple[bytes, str]:
        accept = self.headers.get("Accept")
        formats = GRAPH_FORMATS if isinstance(results, ox.QueryTriples) else RESULTS_FORMATS
        fmt = choose(accept, formats)
        if fmt is None:
            offered = ", ".join(media_type(f) for f in formats)
            raise Answer(406, f"cannot answer in {accept!r}: offered {offered}")
        data = results.serialize(format=fmt)
        assert data is not None
        return bytes(data), media_type(fmt)

    def log_message(self, format: str, *args: Any) -> None:
        if not self.server.quiet:
            sys.stderr.write(f"aglod serve: {self.address_string()} {format % args}\n")


class SparqlServer(ThreadingHTTPServer):
    """The endpoint: a thread per request over one read-only store."""

    daemon_threads = True

    def __init__(self, address: tuple[str, int], store: ox.Store, quiet: bool) -> None:
        self.store = store
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
    quiet: bool = False,
    ready: Callable[[str], None] | None = None,
    stop: threading.Event | None = None,
) -> None:
    """Serve the store in ``store_dir`` at ``bind`` until interrupted (or ``stop`` is
    set). Holds a shared lock on the store meanwhile: ``aglod load`` will not rewrite
    it while it is served. ``ready`` is called with the endpoint's URL once it listens."""
    host, port = parse_bind(bind)
    if not (store_dir.is_dir() and any(store_dir.iterdir())):
        raise InputError(str(store_dir), "no store here: run `aglod load --store` first")
    with locked(store_lock_path(store_dir), f"store {store_dir}", shared=True):
        try:
            store = ox.Store.read_only(str(store_dir))
        except OSError as exc:
            raise InputError(str(store_dir), f"cannot open the store: {exc}") from exc
        try:
            server = SparqlServer((host, port), store, quiet)
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


def _shutdown_on(stop: threading.Event, server: SparqlServer) -> None:
    stop.wait()
    server.shutdown()
