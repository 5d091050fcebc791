"""Loading a build into any SPARQL 1.1 server over the Graph Store HTTP Protocol.

Each named graph of the build is sent with ``PUT <gsp>?graph=<iri>`` as N-Triples,
which replaces the graph: a rerun converges to the same server content. A graph
larger than the batch cap is sent as a ``PUT`` of its first batch and ``POST``s of
the rest. Release graphs on the server that the build no longer has are removed with
``DELETE``. Idempotent requests (PUT, DELETE, GET) are retried with exponential
backoff on connection errors, timeouts, broken answers and 5xx answers; POST is
not retried (a rerun starts the graph again with PUT). Once the server stops
answering at all, the graphs not yet sent are reported as not loaded rather than
each waiting out the retries. Credentials come only from the environment
(``AGLOD_ENDPOINT_TOKEN``, or ``AGLOD_ENDPOINT_USER`` and ``AGLOD_ENDPOINT_PASSWORD``;
an endpoint URL holding a user name or password is refused), are never printed,
and never follow a redirect: aglod follows no redirect (a server that redirects is
reported, with where to), so they reach only the host given.
"""

from __future__ import annotations

import base64
import http.client
import json
import os
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

from .errors import EXIT_SERVER, AglodError, InputError, UsageError
from .namespaces import DEFAULT_BASE
from .resources import vocabulary_files
from .serialization import open_dump
from .sources import one_line
from .store import graph_names

DEFAULT_BATCH_BYTES = 8 * 1024 * 1024
IDEMPOTENT = {"GET", "PUT", "DELETE", "HEAD"}


class EndpointError(AglodError):
    """The server refused or failed a request, after the retries allowed.
    ``unreachable``: no answer at all (connection refused, timeout)."""

    exit_code = EXIT_SERVER

    def __init__(self, message: str, unreachable: bool = False) -> None:
        super().__init__(message)
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
    only from the environment); else ``UsageError``, which never repeats a password."""
    try:
        parts = urllib.parse.urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError as exc:
        raise UsageError(f"bad server URL: {exc}") from None
    if parts.username is not None or parts.password is not None:
        raise UsageError(
            "the server URL holds a user name or password: give credentials only in the "
            "environment (AGLOD_ENDPOINT_USER and AGLOD_ENDPOINT_PASSWORD, or "
            "AGLOD_ENDPOINT_TOKEN)"
        )
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UsageError(f"bad server URL {url[:200]!r}: expected http(s)://HOST[:PORT]/...")
    return url


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """Follow no redirect: a redirected request would carry the credentials to
    wherever the server points (urllib keeps the Authorization header)."""

    def redirect_request(self, req: Any, fp: Any, code: int, msg: str, headers: Any,
                         newurl: str) -> None:  # fmt: skip
        return None


_OPENER = urllib.request.build_opener(_NoRedirect)


def _auth_header() -> dict[str, str]:
    token = os.environ.get("AGLOD_ENDPOINT_TOKEN")
    if token:
        return {"Authorization": f"Bearer {token}"}
    user = os.environ.get("AGLOD_ENDPOINT_USER")
    password = os.environ.get("AGLOD_ENDPOINT_PASSWORD", "")
    if user:
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
    for attempt in range(attempts):
        req = urllib.request.Request(url, data=body, method=method, headers=headers)
        try:
            with _OPENER.open(req, timeout=ep.timeout_s) as resp:
                return bytes(resp.read())
        except urllib.error.HTTPError as exc:
            last, unreachable = _http_error(exc), False
            if exc.code < 500:
                break  # the request itself is wrong (or redirected): retrying will not help
        except (urllib.error.URLError, OSError) as exc:  # refused, reset, timed out
            last, unreachable = one_line(str(getattr(exc, "reason", exc)) or repr(exc)), True
        except http.client.HTTPException as exc:  # a broken answer: cut short, no status
            last, unreachable = f"a broken answer ({type(exc).__name__})", False
        if attempt + 1 < attempts:
            sleep(ep.backoff_s * 2**attempt)
    raise EndpointError(f"{method} {url.split('?')[0]} failed: {last}", unreachable)


def _http_error(exc: urllib.error.HTTPError) -> str:
    """An HTTP error answer in a few words: status, reason, and where a redirect
    pointed (the address only: no query, which may hold a graph name)."""
    text = f"HTTP {exc.code} {one_line(str(exc.reason))}"
    exc.close()
    if 300 <= exc.code < 400:
        where = (exc.headers.get("Location") or "").split("?")[0]
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
    from .buildstate import NQUADS

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
    """The named graphs under ``prefix`` that the server holds."""
    q = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
    url = ep.query + ("&" if "?" in ep.query else "?") + "query=" + urllib.parse.quote(q)
    data = request(ep, "GET", url, accept="application/sparql-results+json")
    try:
        rows = json.loads(data)["results"]["bindings"]
        return {r["g"]["value"] for r in rows if r["g"]["value"].startswith(prefix)}
    except (ValueError, KeyError, TypeError) as exc:
        raise EndpointError(
            f"GET {ep.query} gave no SPARQL results JSON ({type(exc).__name__}): "
            "is it the server's query URL? (--query-url)"
        ) from None


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
        for name in sorted(server_graphs(ep, base + "graph/") - set(graphs)):
            request(ep, "DELETE", _graph_url(ep.gsp, name))
            report.dropped.append(name)
    except EndpointError as exc:
        report.failed["(withdrawn graphs)"] = str(exc)
    return report
