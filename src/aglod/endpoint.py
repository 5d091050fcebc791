"""Loading a build into any SPARQL 1.1 server over the Graph Store HTTP Protocol.

Each named graph of the build is sent with ``PUT <gsp>?graph=<iri>`` as N-Triples,
which replaces the graph: a rerun converges to the same server content. A graph
larger than the batch cap is sent as a ``PUT`` of its first batch and ``POST``s of
the rest. Release graphs on the server that the build no longer has are removed with
``DELETE``. Idempotent requests (PUT, DELETE, GET) are retried with exponential
backoff on connection errors and 5xx answers; POST is not retried (a rerun starts
the graph again with PUT). Credentials come only from the environment
(``AGLOD_ENDPOINT_TOKEN``, or ``AGLOD_ENDPOINT_USER`` and ``AGLOD_ENDPOINT_PASSWORD``)
and are never printed.
"""

from __future__ import annotations

import base64
import json
import os
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Dataset, Graph

from .errors import EXIT_SERVER, AglodError, InputError
from .namespaces import DEFAULT_BASE
from .resources import vocabulary_files
from .serialization import to_nquads
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

    @property
    def gsp(self) -> str:
        return self.gsp_url or self.url.rstrip("/") + "/store"

    @property
    def query(self) -> str:
        return self.query_url or self.url.rstrip("/") + "/query"


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
            with urllib.request.urlopen(req, timeout=ep.timeout_s) as resp:
                return bytes(resp.read())
        except urllib.error.HTTPError as exc:
            last, unreachable = f"HTTP {exc.code} {exc.reason}", False
            if exc.code < 500:
                break  # the request itself is wrong: retrying will not help
        except (urllib.error.URLError, TimeoutError, ConnectionError) as exc:
            last, unreachable = str(getattr(exc, "reason", exc)), True
        if attempt + 1 < attempts:
            sleep(ep.backoff_s * 2**attempt)
    raise EndpointError(f"{method} {url.split('?')[0]} failed: {last}", unreachable)


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
        return {"loaded": len(self.loaded), "failed": self.failed, "dropped": self.dropped}


def build_graphs(build_dir: Path, base: str = DEFAULT_BASE) -> dict[str, Graph]:
    """The graphs of a build folder, named as in the embedded store."""
    nq = build_dir / "aglod.nq"
    if not nq.is_file():
        raise InputError(str(nq), "no such file: run `aglod build` first")
    ds = Dataset()
    ds.parse(nq, format="nquads")
    names = graph_names(base)
    out: dict[str, Graph] = {}
    for g in ds.graphs():
        if not len(g):
            continue
        name = (
            names["provenance"]
            if g.identifier == ds.default_graph.identifier
            else str(g.identifier)
        )
        out[name] = g
    inferred = build_dir / "aglod-inferred.ttl"
    if inferred.is_file():
        out[names["inferred"]] = Graph().parse(inferred, format="turtle")
    vocabulary = Graph()
    for path in vocabulary_files():
        vocabulary.parse(path, format="turtle")
    out[names["vocabulary"]] = vocabulary
    return out


def server_graphs(ep: Endpoint, prefix: str) -> set[str]:
    """The named graphs under ``prefix`` that the server holds."""
    q = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
    data = request(ep, "GET", ep.query + "?query=" + urllib.parse.quote(q),
                   accept="application/sparql-results+json")  # fmt: skip
    rows = json.loads(data)["results"]["bindings"]
    return {r["g"]["value"] for r in rows if r["g"]["value"].startswith(prefix)}


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
    for name, g in sorted(graphs.items()):
        if gone is not None:  # the server stopped answering: do not wait on every graph
            report.failed[name] = f"not sent: {gone}"
            continue
        lines = [ln for ln in to_nquads(g).decode("utf-8").split("\n") if ln]
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
