"""The loader to SPARQL servers never prints a secret, bounds each request by
``--timeout`` and reports a server's unreadable answer as a server failure (exit 4).

Every failure path of ``aglod load --endpoint`` is driven for real: a process of aglod
against servers on 127.0.0.1 that refuse, answer 401/403/500 (repeating the
credentials back, as a careless server might), drip their answer, send bad JSON or
no HTTP at all, drop the connection or redirect, and with credentials or URLs that
cannot be used. Everything it prints, as text and as ``--json``, with and without
``AGLOD_DEBUG`` (tracebacks), is searched for the token and the passwords, as they
are, percent-encoded and base64-encoded."""

from __future__ import annotations

import base64
import contextlib
import os
import socket
import subprocess
import threading
import time
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest

from aglod.store.remote import Endpoint, EndpointError, request, server_graphs
from faults import AGLOD, FakeStore, free_port
from helpers import ROOT

pytestmark = pytest.mark.slow  # starts SPARQL servers

BUILD = ROOT / "output"
TOKEN = "tok3n-S3CRET/val+ue="
USER = "aglod"
PASSWORD = "pa55-S3CRET/w+rd"
URL_PASSWORD = "Hunt3r2-S3CRET"
TOKEN_ENV = {"AGLOD_ENDPOINT_TOKEN": TOKEN}
BASIC_ENV = {"AGLOD_ENDPOINT_USER": USER, "AGLOD_ENDPOINT_PASSWORD": PASSWORD}


def _b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode("ascii")


def leaked(output: str) -> list[str]:
    """The forms of a secret found in ``output``: the shared marker (which every
    secret holds, so a piece of one is caught too), each secret percent-encoded, and
    base64-encoded alone and as in a Basic header."""
    forms = {"S3CRET"}
    for secret in (TOKEN, PASSWORD, URL_PASSWORD):
        forms |= {urllib.parse.quote(secret, safe=""), urllib.parse.quote_plus(secret)}
        forms |= {_b64(secret), _b64(secret)[:12]}
    for user, secret in ((USER, PASSWORD), ("admin", URL_PASSWORD)):
        forms |= {_b64(f"{user}:{secret}"), _b64(f"{user}:{secret}")[:12]}
    return sorted(f for f in forms if f in output)


@dataclass
class Run:
    code: int
    stdout: str
    stderr: str
    seconds: float = 0.0
    output: str = field(init=False)

    def __post_init__(self) -> None:
        self.output = self.stdout + self.stderr


def aglod_load(*args: str, env: dict[str, str], timeout: float = 60) -> Run:
    """``aglod load --from output ARGS`` in a process of its own, with only ``env``'s
    credentials in its environment; everything it printed."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith("AGLOD_")}
    started = time.monotonic()
    proc = subprocess.run([*AGLOD, "load", "--from", str(BUILD), *args],
                          capture_output=True, env={**clean, **env}, timeout=timeout)  # fmt: skip
    took = time.monotonic() - started
    out, err = (b.decode("utf-8", "backslashreplace") for b in (proc.stdout, proc.stderr))
    return Run(proc.returncode, out, err, took)


def both_ways(args: list[str], env: dict[str, str]) -> list[Run]:
    """The same load as text, and as ``--json`` with ``AGLOD_DEBUG=1``."""
    return [
        aglod_load(*args, env=env),
        aglod_load(*args, "--json", env={**env, "AGLOD_DEBUG": "1"}),
    ]


def check(runs: list[Run], code: int, says: str) -> None:
    for run in runs:
        assert run.code == code, run.output
        assert says in run.stderr, run.stderr
        assert leaked(run.output) == [], run.output
        assert "Traceback" not in run.output  # no internal error, even with AGLOD_DEBUG


# ------------------------------------------------------------------ credentials


@pytest.mark.parametrize(
    ("env", "says"),
    [
        ({"AGLOD_ENDPOINT_TOKEN": TOKEN + "\r"}, "AGLOD_ENDPOINT_TOKEN"),
        ({"AGLOD_ENDPOINT_TOKEN": TOKEN + "\n"}, "AGLOD_ENDPOINT_TOKEN"),
        ({"AGLOD_ENDPOINT_TOKEN": TOKEN[:6] + "\x1b" + TOKEN[6:]}, "AGLOD_ENDPOINT_TOKEN"),
        ({"AGLOD_ENDPOINT_TOKEN": TOKEN[:6] + " " + TOKEN[6:]}, "AGLOD_ENDPOINT_TOKEN"),
        ({"AGLOD_ENDPOINT_TOKEN": TOKEN + "é"}, "AGLOD_ENDPOINT_TOKEN"),
        ({**BASIC_ENV, "AGLOD_ENDPOINT_PASSWORD": PASSWORD + "\r"}, "AGLOD_ENDPOINT_PASSWORD"),
        ({**BASIC_ENV, "AGLOD_ENDPOINT_USER": "ag:lod"}, "AGLOD_ENDPOINT_USER"),
    ],
    ids=["cr", "lf", "escape", "space", "non-ascii", "password-cr", "user-colon"],
)
def test_credentials_that_cannot_be_sent_are_refused_unprinted(
    env: dict[str, str], says: str
) -> None:
    """A token with a character no header may hold (a trailing carriage return from a
    file written on Windows) is refused before any request, naming the variable and
    the character's position, never the value."""
    with FakeStore() as fake:
        check(both_ways(["--endpoint", fake.url, "--retries", "0"], env), 2, says)
        assert fake.log == []


# ------------------------------------------------------------------ URLs


def bad_urls(port: int) -> list[tuple[str, str]]:
    """Mistyped server URLs holding a password, as (option, value)."""
    host = f"127.0.0.1:{port}"
    pw = URL_PASSWORD
    return [
        ("--endpoint", f"http://admin:{pw}/x@{host}/"),  # a / in the password: another host
        ("--endpoint", f"http://admin:{pw}@{host}/"),
        ("--endpoint", f"http://admin:{pw}@@{host}/"),
        ("--endpoint", f"http://admin:{pw}?x@{host}/"),
        ("--endpoint", f"http://admin:{pw}#x@{host}/"),
        ("--endpoint", f"http://admin:{pw} x@{host}/"),
        ("--endpoint", f"http://admin:{pw}\r@{host}/"),
        ("--endpoint", f"http://admin:{urllib.parse.quote(pw + '/x', safe='')}@{host}/"),
        ("--endpoint", f"http://admin:{pw}@[::1/"),
        ("--endpoint", f"http://admin:{pw}@{host}:99999/"),
        ("--endpoint", f"admin:{pw}@{host}"),
        ("--endpoint", f"HTTP://admin:{pw}@{host}/"),
        ("--gsp-url", f"http://admin:{pw}/x@{host}/store"),
        ("--query-url", f"http://admin:{pw}@{host}/query"),
    ]


@pytest.mark.parametrize("case", range(len(bad_urls(1))))
def test_urls_with_passwords_are_refused_unprinted(case: int) -> None:
    with FakeStore() as fake:
        port = int(fake.url.rsplit(":", 1)[1])
        option, url = bad_urls(port)[case]
        args = [option, url] if option == "--endpoint" else ["--endpoint", fake.url, option, url]
        runs = both_ways([*args, "--retries", "0"], TOKEN_ENV)
        for run in runs:
            assert run.code == 2, run.output
            assert "server URL" in run.stderr, run.stderr
            assert leaked(run.output) == [], run.output
        assert fake.log == []


# ------------------------------------------------------------------ failing servers


@dataclass(frozen=True)
class Failure:
    """A server that fails the load: its plan, what to set on it, and what the
    message says."""

    plan: dict[str, list[str]]
    says: str
    setup: Callable[[FakeStore], None] = lambda fake: None


FAILURES = {
    "401": Failure({"PUT": ["401"] * 200}, "HTTP 401"),
    "403": Failure({"PUT": ["403"] * 200}, "HTTP 403"),
    "500": Failure({"PUT": ["500"] * 200}, "HTTP 500"),
    "close": Failure({"PUT": ["close"] * 200}, "failed"),
    "garbage": Failure({"PUT": ["garbage"] * 200}, "failed"),
    "drip": Failure({"PUT": ["drip"] * 3}, "timed out"),
    "bad-json": Failure(
        {},
        "not SPARQL results JSON",
        lambda fake: setattr(fake, "query_body", b"Bearer " + TOKEN.encode()),
    ),
    "redirect": Failure(
        {"PUT": ["redirect"] * 200},
        "redirected to 'http://***@127.0.0.1:1/store'",
        lambda fake: setattr(fake, "redirect_to", f"http://admin:{URL_PASSWORD}@127.0.0.1:1"),
    ),
}


@pytest.mark.parametrize("creds", ["token", "basic"])
@pytest.mark.parametrize("name", sorted(FAILURES))
def test_failing_servers_never_see_a_secret_printed(name: str, creds: str) -> None:
    failure = FAILURES[name]
    env = TOKEN_ENV if creds == "token" else BASIC_ENV
    with FakeStore(failure.plan, drip_s=0.8) as fake:
        failure.setup(fake)
        runs = both_ways(["--endpoint", fake.url, "--retries", "0", "--timeout", "1"], env)
        check(runs, 4, failure.says)
        assert fake.auth and all(a is not None for a in fake.auth)  # they were sent


def test_connection_refused_never_prints_a_secret() -> None:
    url = f"http://127.0.0.1:{free_port()}/"
    for env in (TOKEN_ENV, BASIC_ENV):
        check(both_ways(["--endpoint", url, "--retries", "1"], env), 4, "Connection refused")


# ------------------------------------------------------------------ the timeout


@pytest.mark.parametrize("method", ["PUT", "GET"])
def test_timeout_bounds_the_whole_request(method: str) -> None:
    """A server that sends a byte every 0.8 s (each read well within --timeout) is
    given up on once --timeout has passed since the request began."""
    with FakeStore({method: ["drip"] * 5}, drip_s=0.8) as fake:
        run = aglod_load("--endpoint", fake.url, "--timeout", "3", "--retries", "0",
                         env=TOKEN_ENV, timeout=60)  # fmt: skip
        assert run.code == 4, run.output
        assert "timed out" in run.stderr and "--timeout" in run.stderr, run.stderr
        assert run.seconds < 5.5, run.seconds
        assert f"{method} {fake.url}/" in run.stderr


def test_timeout_bounds_a_dripped_tls_handshake() -> None:
    """Over https the TLS handshake stays under the deadline: a server that sends the
    start of a TLS record a byte every 0.5 s is given up on at --timeout, with the
    loader's message."""
    listener = socket.create_server(("127.0.0.1", 0))
    port = listener.getsockname()[1]

    def drip() -> None:
        conn, _ = listener.accept()
        with conn, contextlib.suppress(OSError):
            for byte in b"\x16\x03\x03\x40\x00" + b"\x02" * 100:
                conn.send(bytes([byte]))
                time.sleep(0.5)

    thread = threading.Thread(target=drip, daemon=True)
    thread.start()
    url = f"https://127.0.0.1:{port}"
    started = time.monotonic()
    with listener, pytest.raises(EndpointError, match=r"timed out: .* within 2 s"):
        request(Endpoint(url, retries=0, timeout_s=2), "GET", url + "/query")
    assert time.monotonic() - started < 3.5


def test_a_slow_but_steady_answer_within_the_timeout_is_taken() -> None:
    """The deadline does not cut an answer that completes in time."""
    with FakeStore({"GET": ["drip"]}, drip_s=0.01) as fake:
        ep = Endpoint(fake.url, timeout_s=10, retries=0)
        fake.graphs["https://w3id.org/aglod/id/graph/x"] = {"<a> <b> <c> ."}
        assert server_graphs(ep, "https://w3id.org/aglod/id/") == {
            "https://w3id.org/aglod/id/graph/x"
        }


# ------------------------------------------------------------------ unreadable answers


@pytest.mark.parametrize(
    "body",
    [
        b"<html>not json</html>",
        b"\xff\xfe{}",
        b'{"results": 1}',
        b'{"results": {"bindings": {"g": 1}}}',
        b'{"results": {"bindings": [{"g": {"value": 5}}]}}',
        b'{"results": {"bindings": [{"g": "x"}]}}',
        b'{"results": {"bindings": [null]}}',
        b"[" * 100_000 + b"]" * 100_000,
        b"",
    ],
    ids=[
        *("html", "bad-utf8", "results-int", "bindings-dict", "value-int", "g-str"),
        *("null-row", "deep", "empty"),
    ],
)
def test_an_unreadable_answer_is_a_server_failure(body: bytes) -> None:
    """Exit 4, naming the server's query URL and what was wrong with the answer."""
    with FakeStore() as fake:
        fake.query_body = body
        with pytest.raises(EndpointError) as caught:
            server_graphs(Endpoint(fake.url, retries=0), "https://w3id.org/aglod/id/graph/")
        assert f"GET {fake.url}/query" in str(caught.value)
        assert "not SPARQL results JSON" in str(caught.value)
        run = aglod_load("--endpoint", fake.url, "--retries", "0", env={})
        assert run.code == 4, run.output
        assert f"GET {fake.url}/query" in run.stderr and "not SPARQL results JSON" in run.stderr


# ------------------------------------------------------------------ the redaction itself


def test_redact_hides_every_form_of_a_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    from aglod.redaction import redact, remember_url

    monkeypatch.setenv("AGLOD_ENDPOINT_TOKEN", TOKEN + "\r")
    monkeypatch.setenv("AGLOD_ENDPOINT_USER", USER)
    monkeypatch.setenv("AGLOD_ENDPOINT_PASSWORD", PASSWORD)
    texts = [
        f"Invalid header value b'Bearer {TOKEN}\\r'",
        f"token {TOKEN}\r, again {TOKEN} ",
        f"quoted {urllib.parse.quote(TOKEN, safe='')} and {urllib.parse.quote_plus(PASSWORD)}",
        f"Authorization: Basic {_b64(f'{USER}:{PASSWORD}')}",
        f"in a URL: http://admin:{URL_PASSWORD}/x@example.org/ and https://u:{URL_PASSWORD}@h",
        f"given without a scheme: admin:{URL_PASSWORD}@example.org",
        f"a query: http://h/sparql?access_token={URL_PASSWORD}&x=1",
    ]
    remember_url(f"admin:{URL_PASSWORD}@example.org")  # as check_url does with a bad URL
    for text in texts:
        assert leaked(redact(text)) == [], redact(text)
    assert redact("http://127.0.0.1:7878/store failed: HTTP 500") == (
        "http://127.0.0.1:7878/store failed: HTTP 500"
    )
    assert redact("http://admin:pw@example.org/x") == "http://***@example.org/x"


def test_redact_takes_linear_time_on_hostile_text() -> None:
    """A server's answer is redacted before it is shown: 1 MB built to make a
    backtracking pattern quadratic is redacted within a second."""
    from aglod.redaction import redact

    for text in (
        "http://" * 150_000,
        "a://b@" * 170_000,
        "?token=a" * 120_000,
        "Bearer " * 150_000,
    ):
        started = time.perf_counter()
        redact(text)
        assert time.perf_counter() - started < 1.0, text[:20]
