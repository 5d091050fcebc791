"""Loading a build into any SPARQL 1.1 server over the Graph Store HTTP Protocol.

Each named graph of the build is sent with ``PUT <gsp>?graph=<iri>`` as N-Triples,
which replaces the graph: a rerun converges to the same server content. A graph
larger than the batch cap is sent as a ``PUT`` of its first batch and ``POST``s of
the rest. Release graphs on the server that the build no longer has are removed with
``DELETE``. Idempotent requests (PUT, DELETE, GET) are retried with exponential
backoff on connection errors, timeouts, broken answers and 5xx answers; POST is
not retried (a rerun starts the graph again with PUT). Once the server stops
answering at all, the graphs not yet sent are reported as not loaded rather than
each waiting out the retries. ``timeout_s`` bounds each attempt of a request as a
whole, from connecting to the answer's last byte (a server that sends its answer a
byte at a time is cut off there), not each read. Credentials come only from the
environment (``AGLOD_ENDPOINT_TOKEN``, or ``AGLOD_ENDPOINT_USER`` and
``AGLOD_ENDPOINT_PASSWORD``; an endpoint URL holding a user name or password is
refused, and so is a credential with a character no HTTP header may hold), are never
printed (every message passes through ``redaction.redact``), and never follow a
redirect: aglod follows no redirect (a server that redirects is reported, with where
to), so they reach only the host given.
"""

from __future__ import annotations

import base64
import contextlib
import http.client
import json
import os
import socket
import ssl
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from ..errors import EXIT_SERVER, AglodError, InputError, UsageError
from ..rdf import iris
from ..rdf.namespaces import DEFAULT_BASE
from ..redaction import redact, remember_url
from ..resources import vocabulary_files
from ..serialization.formats import open_dump
from ..sources.inputs import one_line
from .embedded import graph_names

DEFAULT_BATCH_BYTES = 8 * 1024 * 1024
IDEMPOTENT = {"GET", "PUT", "DELETE", "HEAD"}


class EndpointError(AglodError):
    """The server refused or failed a request, after the retries allowed.
    ``unreachable``: no answer at all (connection refused, timeout)."""

    exit_code = EXIT_SERVER

    def __init__(self, message: str, unreachable: bool = False) -> None:
        super().__init__(redact(message))
        self.unreachable = unreachable


@dataclass(frozen=True)
class Endpoint:
    """Where a server takes graphs, queries and updates. The defaults follow
    Oxigraph's layout (``/store``, ``/query``, ``/update``) under ``url``."""

    url: str
    gsp_url: str | None = None
    query_url: str | None = None
    timeout_s: float = 60.0
    retries: int = 3
    backoff_s: float = 0.5

    def __post_init__(self) -> None:
        for url in (self.url, self.gsp_url, self.query_url):
            if url is not None:
                check_url(url)

    @property
    def gsp(self) -> str:
        return self.gsp_url or self.url.rstrip("/") + "/store"

    @property
    def query(self) -> str:
        return self.query_url or self.url.rstrip("/") + "/query"


def check_url(url: str) -> str:
    """``url`` if it is an http(s) URL with a host and no credentials in it (they come
    only from the environment); else ``UsageError``, which never repeats a password.
    Any ``@`` is taken for credentials, wherever it stands: a password may hold ``/``,
    ``?`` or ``#``, which make a parser see the rest as a path, so the URL is refused
    whole (an ``@`` of a path or query is written ``%40``)."""
    if "@" in url:
        remember_url(url)  # a message below may still quote a piece of it
        raise UsageError(
            "the server URL holds a user name or password (an '@'): give credentials only "
            "in the environment (AGLOD_ENDPOINT_USER and AGLOD_ENDPOINT_PASSWORD, or "
            "AGLOD_ENDPOINT_TOKEN); an '@' of a path or query is written %40"
        )
    for i, char in enumerate(url):
        if not ("!" <= char <= "~"):
            raise UsageError(
                f"bad server URL {redact(url[:200])!r}: {_char_name(char)} at position "
                f"{i + 1}: percent-encode it"
            )
    try:
        parts = urllib.parse.urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError as exc:
        raise UsageError(redact(f"bad server URL {url[:200]!r}: {exc}")) from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UsageError(
            redact(f"bad server URL {url[:200]!r}: expected http(s)://HOST[:PORT]/...")
        )
    return url


def _char_name(char: str) -> str:
    """A character named without showing it (it may be part of a secret)."""
    names = {"\r": "a carriage return", "\n": "a line feed", "\t": "a tab", " ": "a space"}
    if char in names:
        return names[char]
    if char < " " or char == "\x7f" or "\x80" <= char <= "\x9f":
        return "a control character"
    return "a non-ASCII character" if char > "~" else f"{char!r}"


def _checked_credential(name: str, value: str, forbidden: str = "") -> str:
    """``value`` of the environment variable ``name`` if an HTTP header can carry it;
    else ``UsageError`` naming the variable, the kind of character and its position,
    never the value."""
    for i, char in enumerate(value):
        bad = not char.isprintable() or char in forbidden
        if name == "AGLOD_ENDPOINT_TOKEN":  # sent as it is: visible ASCII only
            bad = bad or not ("!" <= char <= "~")
        if bad:
            raise UsageError(
                f"{name} holds {_char_name(char)} at position {i + 1} (of {len(value)}), "
                "which cannot be sent in an HTTP Authorization header: remove it "
                "(the value is not shown)"
            )
    return value


class _Deadline:
    """The end of one attempt of a request, ``seconds`` after it began. At that
    instant the connection is shut down (both ways), whatever the request is doing:
    connecting, sending, or reading an answer that comes a byte at a time; the
    attempt then fails and ``expired`` says why. Per-read socket timeouts cannot do
    this: a server that sends a byte within each one holds the request forever."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.expired = False
        self._sock: socket.socket | None = None
        self._ended = False
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True
        self._timer.start()

    def watch(self, sock: socket.socket) -> None:
        """Shut ``sock`` down at the deadline (a duplicate of it is kept, so that the
        shutdown reaches the connection however its owner wraps or closes it)."""
        with self._lock:
            if self._ended:
                return
            self._sock = sock.dup()
            if self.expired:
                self._shutdown()

    def _expire(self) -> None:
        with self._lock:
            if self._ended:
                return
            self.expired = True
            self._shutdown()

    def _shutdown(self) -> None:
        if self._sock is not None:
            with contextlib.suppress(OSError):  # already closed by the other side
                self._sock.shutdown(socket.SHUT_RDWR)

    def end(self) -> None:
        """The attempt is over: no shutdown any more; the duplicate is closed."""
        self._timer.cancel()
        with self._lock:
            self._ended = True
            if self._sock is not None:
                self._sock.close()
                self._sock = None


class _WatchedHTTP(http.client.HTTPConnection):
    """An HTTP connection that hands its socket to ``deadline`` once connected."""

    deadline: _Deadline | None = None

    def connect(self) -> None:
        super().connect()
        if self.deadline is not None and self.sock is not None:
            self.deadline.watch(self.sock)


class _WatchedHTTPS(http.client.HTTPSConnection, _WatchedHTTP):
    """The same over TLS: the TCP socket is watched before the TLS handshake (the
    handshake and everything after it are under the deadline)."""


class _TimedRequest(urllib.request.Request):
    """A request that carries its deadline to the connection that sends it."""

    deadline: _Deadline | None = None


def _connection(cls: type[_WatchedHTTP], req: urllib.request.Request) -> Any:
    """A factory of ``cls`` connections that watch ``req``'s deadline."""

    def make(host: str, **kwargs: Any) -> _WatchedHTTP:
        conn = cls(host, **kwargs)
        conn.deadline = getattr(req, "deadline", None)
        return conn

    return make


class _HTTPHandler(urllib.request.HTTPHandler):
    def http_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(_connection(_WatchedHTTP, req), req)


class _HTTPSHandler(urllib.request.HTTPSHandler):
    def __init__(self) -> None:
        super().__init__()
        self.tls = ssl.create_default_context()

    def https_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(_connection(_WatchedHTTPS, req), req, context=self.tls)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """Follow no redirect: a redirected request would carry the credentials to
    wherever the server points (urllib keeps the Authorization header)."""

    def redirect_request(self, req: Any, fp: Any, code: int, msg: str, headers: Any,
                         newurl: str) -> None:  # fmt: skip
        return None


_OPENER = urllib.request.build_opener(_NoRedirect, _HTTPHandler, _HTTPSHandler)


def _auth_header() -> dict[str, str]:
    """The Authorization header of the credentials in the environment (checked)."""
    token = os.environ.get("AGLOD_ENDPOINT_TOKEN")
    if token:
        return {"Authorization": f"Bearer {_checked_credential('AGLOD_ENDPOINT_TOKEN', token)}"}
    user = os.environ.get("AGLOD_ENDPOINT_USER")
    password = os.environ.get("AGLOD_ENDPOINT_PASSWORD", "")
    if user:
        _checked_credential("AGLOD_ENDPOINT_USER", user, forbidden=":")
        _checked_credential("AGLOD_ENDPOINT_PASSWORD", password)
        raw = base64.b64encode(f"{user}:{password}".encode()).decode("ascii")
        return {"Authorization": f"Basic {raw}"}
    return {}


def _graph_url(gsp: str, graph: str) -> str:
    sep = "&" if "?" in gsp else "?"
    return f"{gsp}{sep}graph={urllib.parse.quote(graph, safe='')}"


def request(
    ep: Endpoint,
    method: str,
    url: str,
    body: bytes | None = None,
    content_type: str | None = None,
    accept: str | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> bytes:
    """One HTTP request, retried with backoff where it is idempotent. Errors name the
    method and URL, never the credentials."""
    headers = {**_auth_header()}
    if content_type:
        headers["Content-Type"] = content_type
    if accept:
        headers["Accept"] = accept
    attempts = ep.retries + 1 if method in IDEMPOTENT else 1
    last = ""
    unreachable = False
    timed_out = f"timed out: no complete answer within {ep.timeout_s:g} s (--timeout)"
    for attempt in range(attempts):
        req = _TimedRequest(url, data=body, method=method, headers=headers)
        req.deadline = deadline = _Deadline(ep.timeout_s)
        try:
            with _OPENER.open(req, timeout=ep.timeout_s) as resp:
                data = bytes(resp.read())
            deadline.end()
            if not deadline.expired:
                return data
            last, unreachable = timed_out, True  # cut at the deadline: perhaps not whole
        except urllib.error.HTTPError as exc:
            last, unreachable = _http_error(exc), False
            if exc.code < 500:
                break  # the request itself is wrong (or redirected): retrying will not help
        except (urllib.error.URLError, OSError) as exc:  # refused, reset, timed out
            reason = getattr(exc, "reason", exc)
            if deadline.expired or isinstance(reason, TimeoutError):
                last = timed_out
            else:
                last = one_line(str(reason) or repr(exc), 300)
            unreachable = True
        except http.client.HTTPException as exc:  # a broken answer: cut short, no status
            if deadline.expired:
                last, unreachable = timed_out, True
            else:
                last, unreachable = f"a broken answer ({type(exc).__name__})", False
        finally:
            deadline.end()
        if attempt + 1 < attempts:
            sleep(ep.backoff_s * 2**attempt)
    raise EndpointError(f"{method} {_where(url)} failed: {last}", unreachable)


def _where(url: str) -> str:
    """A request's URL for a message: without its query, which holds the graph name."""
    return url.split("?")[0]


def _http_error(exc: urllib.error.HTTPError) -> str:
    """An HTTP error answer in a few words: status, reason, and where a redirect
    pointed (the address only: no query, which may hold a graph name)."""
    text = f"HTTP {exc.code} {one_line(str(exc.reason), 200)}"
    exc.close()
    if 300 <= exc.code < 400:
        where = _where(exc.headers.get("Location") or "")
        text += f": redirected to {one_line(where)[:200]!r}, which aglod does not follow"
    return text


def _batches(lines: list[str], cap: int) -> list[bytes]:
    out: list[bytes] = []
    cur: list[str] = []
    size = 0
    for line in lines:
        n = len(line.encode("utf-8")) + 1
        if cur and size + n > cap:
            out.append(("\n".join(cur) + "\n").encode("utf-8"))
            cur, size = [], 0
        cur.append(line)
        size += n
    out.append(("\n".join(cur) + "\n").encode("utf-8") if cur else b"")
    return out


@dataclass
class LoadReport:
    loaded: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)
    dropped: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, object]:
        return {
            "loaded": len(self.loaded),
            "loaded_graphs": sorted(self.loaded),
            "failed": self.failed,
            "dropped": self.dropped,
        }


def build_graphs(build_dir: Path, base: str = DEFAULT_BASE) -> dict[str, list[str]]:
    """The graphs of a build folder, named as in the embedded store, each as its
    N-Triples lines (sorted, each once). Read with Oxigraph's streaming parser."""
    from ..pipeline.state import NQUADS

    nq = build_dir / NQUADS
    if not nq.is_file():
        raise InputError(str(nq), "no such file: run `aglod build` first")
    names = graph_names(base)
    out: dict[str, set[str]] = {}

    def read(path: Path, fmt: ox.RdfFormat, graph: str | None) -> None:
        try:
            with open_dump(path) as fh:
                for q in ox.parse(fh, format=fmt):
                    name = graph or (
                        names["provenance"]
                        if isinstance(q.graph_name, ox.DefaultGraph)
                        else str(q.graph_name.value)
                    )
                    out.setdefault(name, set()).add(f"{q.triple} .")
        except (SyntaxError, OSError, EOFError, zlib.error) as exc:  # gzip: EOFError, zlib.error
            raise InputError(str(path), f"cannot be read: {one_line(str(exc))}") from None

    read(nq, ox.RdfFormat.N_QUADS, None)
    inferred = build_dir / "aglod-inferred.ttl"
    if inferred.is_file():
        read(inferred, ox.RdfFormat.TURTLE, names["inferred"])
    for path in vocabulary_files():
        read(path, ox.RdfFormat.TURTLE, names["vocabulary"])
    return {name: sorted(lines) for name, lines in out.items()}


def server_graphs(ep: Endpoint, prefix: str) -> set[str]:
    """The named graphs under ``prefix`` that the server holds. An answer that is not
    SPARQL results JSON naming graphs is the server's failure (``EndpointError``)."""
    q = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
    url = ep.query + ("&" if "?" in ep.query else "?") + "query=" + urllib.parse.quote(q)
    data = request(ep, "GET", url, accept="application/sparql-results+json")
    try:
        names = _result_graphs(data)
    except ValueError as exc:
        raise EndpointError(
            f"GET {_where(ep.query)} answered with something that is not SPARQL results "
            f"JSON ({exc}): is it the server's query URL? (--query-url)"
        ) from None
    return {name for name in names if name.startswith(prefix)}


def _result_graphs(data: bytes) -> list[str]:
    """The values of ``?g`` in a SPARQL results JSON document; ``ValueError`` saying
    what is wrong with it otherwise."""
    try:
        doc = json.loads(data)
    except RecursionError:
        raise ValueError("JSON nested too deeply") from None
    except ValueError as exc:  # not JSON, or not UTF-8
        raise ValueError(f"not JSON: {one_line(str(exc), 120)}") from None
    results = doc.get("results") if isinstance(doc, dict) else None
    rows = results.get("bindings") if isinstance(results, dict) else None
    if not isinstance(rows, list):
        raise ValueError('no list at "results" → "bindings"')
    names = []
    for i, row in enumerate(rows):
        g = row.get("g") if isinstance(row, dict) else None
        value = g.get("value") if isinstance(g, dict) else None
        if not isinstance(value, str):
            raise ValueError(f'row {i + 1} has no "g" with a string "value"')
        names.append(value)
    return names


def load_endpoint(
    ep: Endpoint,
    build_dir: Path,
    base: str = DEFAULT_BASE,
    batch_bytes: int = DEFAULT_BATCH_BYTES,
) -> LoadReport:
    """Send every graph of a build to the server; drop withdrawn release graphs."""
    report = LoadReport()
    graphs = build_graphs(build_dir, base)
    gone: str | None = None
    for name, lines in sorted(graphs.items()):
        if gone is not None:  # the server stopped answering: do not wait on every graph
            report.failed[name] = f"not sent: {gone}"
            continue
        try:
            for i, chunk in enumerate(_batches(lines, batch_bytes)):
                request(ep, "PUT" if i == 0 else "POST", _graph_url(ep.gsp, name), chunk,
                        content_type="application/n-triples")  # fmt: skip
            report.loaded.append(name)
        except EndpointError as exc:
            report.failed[name] = str(exc)
            if exc.unreachable:
                gone = f"the server did not answer ({exc})"
    if gone is not None:
        return report
    try:
        for name in sorted(server_graphs(ep, iris.graphs_prefix(base)) - set(graphs)):
            request(ep, "DELETE", _graph_url(ep.gsp, name))
            report.dropped.append(name)
    except EndpointError as exc:
        report.failed["(withdrawn graphs)"] = str(exc)
    return report
