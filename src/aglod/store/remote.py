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

A user name and password are sent with HTTP Basic authentication, on every request.
``AGLOD_ENDPOINT_AUTH=digest`` sends them with HTTP Digest authentication (RFC 7616:
MD5 or SHA-256, ``qop=auth``) instead, as Virtuoso's authenticated endpoints
(``/sparql-graph-crud-auth``, ``/sparql-auth``) require: the password itself is then
never sent. A request goes without credentials until the server's challenge is
known, answers it (one more exchange, not a retry, within the same ``timeout_s``),
and later requests to the same server answer the last challenge at once. A request
with a body whose server's challenge is not known yet is preceded by a ``HEAD`` of
its URL, which fetches the challenge: a server that wants credentials may refuse a
body before reading it (Virtuoso resets the connection), which would read as a
failure of the server.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import http.client
import json
import os
import re
import secrets
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
        shutdown reaches the connection however its owner wraps or closes it). An
        attempt of several exchanges (digest authentication) watches each connection
        in turn: the one before is over."""
        with self._lock:
            if self._ended:
                return
            if self._sock is not None:
                self._sock.close()
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


AUTH_SCHEMES = ("basic", "digest")


def _auth_scheme() -> str:
    """How a user name and password are sent: ``AGLOD_ENDPOINT_AUTH``, "basic" (the
    default) or "digest"."""
    scheme = os.environ.get("AGLOD_ENDPOINT_AUTH", "").strip().lower() or "basic"
    if scheme not in AUTH_SCHEMES:
        raise UsageError(
            f"AGLOD_ENDPOINT_AUTH is {one_line(scheme, 40)!r}: expected basic or digest"
        )
    return scheme


def _auth_header() -> dict[str, str]:
    """The Authorization header of the credentials in the environment (checked); none
    for digest credentials (``_digest_credentials``), which answer a challenge."""
    token = os.environ.get("AGLOD_ENDPOINT_TOKEN")
    if token:
        if _auth_scheme() == "digest":
            raise UsageError(
                "AGLOD_ENDPOINT_AUTH=digest takes AGLOD_ENDPOINT_USER and "
                "AGLOD_ENDPOINT_PASSWORD, not AGLOD_ENDPOINT_TOKEN"
            )
        return {"Authorization": f"Bearer {_checked_credential('AGLOD_ENDPOINT_TOKEN', token)}"}
    if _digest_credentials() is not None:
        return {}
    user = os.environ.get("AGLOD_ENDPOINT_USER")
    password = os.environ.get("AGLOD_ENDPOINT_PASSWORD", "")
    if user:
        _checked_credential("AGLOD_ENDPOINT_USER", user, forbidden=":")
        _checked_credential("AGLOD_ENDPOINT_PASSWORD", password)
        raw = base64.b64encode(f"{user}:{password}".encode()).decode("ascii")
        return {"Authorization": f"Basic {raw}"}
    return {}


def _digest_credentials() -> tuple[str, str] | None:
    """(user, password) when ``AGLOD_ENDPOINT_AUTH=digest``, checked: the user name is
    sent in a quoted header field (visible ASCII and spaces), the password only
    hashed. ``UsageError`` when digest is asked for without a user name."""
    if os.environ.get("AGLOD_ENDPOINT_TOKEN") or _auth_scheme() != "digest":
        return None
    user = os.environ.get("AGLOD_ENDPOINT_USER")
    if not user:
        raise UsageError("AGLOD_ENDPOINT_AUTH=digest needs AGLOD_ENDPOINT_USER and "
                         "AGLOD_ENDPOINT_PASSWORD")  # fmt: skip
    for i, char in enumerate(user):
        if not (" " <= char <= "~"):
            raise UsageError(
                f"AGLOD_ENDPOINT_USER holds {_char_name(char)} at position {i + 1}, which "
                "digest authentication cannot send: use visible ASCII characters"
            )
    password = os.environ.get("AGLOD_ENDPOINT_PASSWORD", "")
    return user, _checked_credential("AGLOD_ENDPOINT_PASSWORD", password)


_DIGEST_HASHES = {"MD5": hashlib.md5, "SHA-256": hashlib.sha256}


@dataclass
class _Challenge:
    """A server's HTTP Digest challenge (``WWW-Authenticate: Digest ...``), answered
    by each request to that server until it sends another; ``count`` is the nonce
    count (``nc``) of its last answer."""

    realm: str
    nonce: str
    algorithm: str
    opaque: str | None
    qop: bool  # the server offers qop=auth (else RFC 2069's form, no nonce count)
    count: int = 0

    @classmethod
    def parse(cls, headers: Any) -> _Challenge | None:
        """The Digest challenge of an answer's headers that aglod can answer
        (SHA-256 preferred to MD5); ``None`` if there is none."""
        found: list[_Challenge] = []
        for value in headers.get_all("WWW-Authenticate") or []:
            scheme, _, rest = value.strip().partition(" ")
            if scheme.lower() != "digest":
                continue
            fields: dict[str, str] = {}
            for item in urllib.request.parse_http_list(rest):
                key, eq, val = item.partition("=")
                if eq:
                    val = val.strip()
                    if len(val) >= 2 and val[0] == val[-1] == '"':
                        val = re.sub(r"\\(.)", r"\1", val[1:-1])  # a quoted-string
                    fields[key.strip().lower()] = val
            algorithm = fields.get("algorithm", "MD5").upper()
            qops = {q.strip().lower() for q in fields.get("qop", "").split(",") if q.strip()}
            if (
                "realm" not in fields
                or "nonce" not in fields
                or algorithm.removesuffix("-SESS") not in _DIGEST_HASHES
                or (qops and "auth" not in qops)  # auth-int only: the body hashed too
            ):
                continue
            found.append(cls(fields["realm"], fields["nonce"], algorithm,
                             fields.get("opaque"), "auth" in qops))  # fmt: skip
        found.sort(key=lambda c: not c.algorithm.startswith("SHA-256"))
        return found[0] if found else None

    def answer(self, method: str, uri: str, user: str, password: str) -> str:
        """The ``Authorization`` header's value for ``method`` on ``uri`` (the request
        target: path and query, as sent)."""
        new = _DIGEST_HASHES[self.algorithm.removesuffix("-SESS")]

        def h(text: str) -> str:
            return new(text.encode("utf-8")).hexdigest()

        self.count += 1
        nc, cnonce = f"{self.count:08x}", secrets.token_hex(8)
        ha1 = h(f"{user}:{self.realm}:{password}")
        if self.algorithm.endswith("-SESS"):
            ha1 = h(f"{ha1}:{self.nonce}:{cnonce}")
        ha2 = h(f"{method}:{uri}")
        if self.qop:
            response = h(f"{ha1}:{self.nonce}:{nc}:{cnonce}:auth:{ha2}")
        else:
            response = h(f"{ha1}:{self.nonce}:{ha2}")

        def quoted(text: str) -> str:
            return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'

        parts = [f"username={quoted(user)}", f"realm={quoted(self.realm)}",
                 f"nonce={quoted(self.nonce)}", f"uri={quoted(uri)}",
                 f"algorithm={self.algorithm}", f"response={quoted(response)}"]  # fmt: skip
        if self.opaque is not None:
            parts.append(f"opaque={quoted(self.opaque)}")
        if self.qop:
            parts += ["qop=auth", f"nc={nc}", f"cnonce={quoted(cnonce)}"]
        return "Digest " + ", ".join(parts)


# the last Digest challenge of each server (scheme, host and port) and user name
_CHALLENGES: dict[tuple[str, str], _Challenge] = {}
_CHALLENGES_LOCK = threading.Lock()


def _origin(url: str) -> str:
    parts = urllib.parse.urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


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
    digest = _digest_credentials()
    if content_type:
        headers["Content-Type"] = content_type
    if accept:
        headers["Accept"] = accept
    attempts = ep.retries + 1 if method in IDEMPOTENT else 1
    last = ""
    unreachable = False
    timed_out = f"timed out: no complete answer within {ep.timeout_s:g} s (--timeout)"
    for attempt in range(attempts):
        deadline = _Deadline(ep.timeout_s)
        try:
            data = _attempt(ep, deadline, method, url, body, headers, digest)
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


def _send(ep: Endpoint, deadline: _Deadline, method: str, url: str, body: bytes | None,
          headers: dict[str, str]) -> bytes:  # fmt: skip
    """One exchange: the request sent, its answer read (``HTTPError`` on an error
    status), under the attempt's ``deadline``."""
    req = _TimedRequest(url, data=body, method=method, headers=headers)
    req.deadline = deadline
    with _OPENER.open(req, timeout=ep.timeout_s) as resp:
        return bytes(resp.read())


def _attempt(ep: Endpoint, deadline: _Deadline, method: str, url: str, body: bytes | None,
             headers: dict[str, str], digest: tuple[str, str] | None) -> bytes:  # fmt: skip
    """One attempt of a request; with digest credentials, the exchanges that answer
    the server's challenge too (see the module's docstring). Before a body is sent to
    a server whose challenge is not known yet, a ``HEAD`` of the URL fetches the
    challenge and tries the credentials: wrong ones are then a 401, not a connection
    the server cut while the body was sent."""
    if digest is None:
        return _send(ep, deadline, method, url, body, headers)
    key = (_origin(url), digest[0])
    try:
        if body is not None and key not in _CHALLENGES:
            try:
                _authorized(ep, deadline, "HEAD", url, None, headers, digest, key)
            except urllib.error.HTTPError as exc:
                if exc.code == 401:
                    raise
                exc.close()  # the credentials passed; the URL has nothing to show
        return _authorized(ep, deadline, method, url, body, headers, digest, key)
    except BaseException as exc:
        if not isinstance(exc, urllib.error.HTTPError) or exc.code == 401:
            with _CHALLENGES_LOCK:  # perhaps stale: not answered again, fetched anew
                _CHALLENGES.pop(key, None)
        raise


def _authorized(ep: Endpoint, deadline: _Deadline, method: str, url: str,
                body: bytes | None, headers: dict[str, str], digest: tuple[str, str],
                key: tuple[str, str]) -> bytes:  # fmt: skip
    """The request with the answer to the server's last challenge (none if it is not
    known); a 401 bringing a new challenge is answered once more. A 401 to an answer
    of a fresh challenge is final: the credentials are wrong."""
    target = urllib.request.Request(url).selector  # the request target, as sent
    for last in (False, True):
        sent = dict(headers)
        with _CHALLENGES_LOCK:
            challenge = _CHALLENGES.get(key)
            if challenge is not None:
                sent["Authorization"] = challenge.answer(method, target, *digest)
        try:
            return _send(ep, deadline, method, url, body, sent)
        except urllib.error.HTTPError as exc:
            if last or exc.code != 401 or not _remember(key, exc):
                raise
            exc.close()
    raise AssertionError("not reached")


def _remember(key: tuple[str, str], exc: urllib.error.HTTPError) -> bool:
    """Keep the Digest challenge of a 401 answer for the next requests to its server;
    whether there was one."""
    challenge = _Challenge.parse(exc.headers) if exc.code == 401 else None
    if challenge is not None:
        with _CHALLENGES_LOCK:
            _CHALLENGES[key] = challenge
    return challenge is not None


def _where(url: str) -> str:
    """A request's URL for a message: without its query, which holds the graph name."""
    return url.split("?")[0]


def _http_error(exc: urllib.error.HTTPError) -> str:
    """An HTTP error answer in a few words: status, reason, where a redirect pointed
    (the address only: no query, which may hold a graph name), and what to set when
    a server asks for digest credentials that aglod was not told to send."""
    text = f"HTTP {exc.code} {one_line(str(exc.reason), 200)}"
    exc.close()
    digest = os.environ.get("AGLOD_ENDPOINT_AUTH", "").strip().lower() == "digest"
    if exc.code == 401 and not digest and _Challenge.parse(exc.headers) is not None:
        text += (" (the server asks for HTTP digest authentication: set "
                 "AGLOD_ENDPOINT_AUTH=digest, AGLOD_ENDPOINT_USER and AGLOD_ENDPOINT_PASSWORD)")  # fmt: skip
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
    """The graphs of a build folder, named and laid out as in the embedded store (each
    triple in one graph), each as its N-Triples lines (sorted, each once). Read with
    Oxigraph's streaming parser."""
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
    # each triple in one graph, as in the embedded store (``embedded.vocabulary_quads``):
    # the vocabulary less what the reference graph holds (the topic concepts)
    out.get(names["vocabulary"], set()).difference_update(out.get(names["reference"], set()))
    return {name: sorted(lines) for name, lines in out.items()}


def server_graphs(ep: Endpoint, prefix: str) -> set[str]:
    """The named graphs under ``prefix`` that the server holds. An answer that is not
    SPARQL results JSON naming graphs is the server's failure (``EndpointError``).
    Each graph once by ``GROUP BY``, not ``DISTINCT``: Virtuoso 7.2 answers the
    ``DISTINCT`` form with a slow plan (up to 20 s on the 30,000 quads of the bundled
    build, against milliseconds for this one)."""
    q = "SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
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
