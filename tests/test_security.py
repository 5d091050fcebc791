"""Security: no JSON-LD processing fetches a remote context; `aglod serve` writes
nothing, fetches nothing and listens on 127.0.0.1 unless told otherwise; a bad
--base is refused. (Credentials: tests/test_loader_faults.py; IRIs from release
text: tests/test_fuzz.py.)"""

from __future__ import annotations

import gzip
import json
import subprocess
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from click.testing import CliRunner

from aglod.cli import main
from aglod.serialization import RemoteDocumentRefused, parse_jsonld
from aglod.serving import calls_service
from faults import AGLOD, free_port, server_up, stop, wait_for
from helpers import CORPUS, ROOT


class Listener:
    """A local HTTP server in a thread that records every request it gets, and
    answers with a JSON-LD context (what a remote context would be)."""

    def __init__(self) -> None:
        self.requests: list[str] = []
        listener = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def do_GET(self) -> None:
                listener.requests.append(f"{self.command} {self.path}")
                body = json.dumps({"@context": {"name": "http://schema.org/name"}}).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/ld+json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_POST = do_GET

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        ).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture()
def listener() -> Iterator[Listener]:
    server = Listener()
    yield server
    server.close()


# --------------------------------------------------------------------------- JSON-LD


def test_a_remote_context_is_refused_and_never_fetched(listener: Listener, tmp_path: Path) -> None:
    doc = tmp_path / "doc.jsonld"
    context = f"{listener.url}/ctx"
    doc.write_text(json.dumps({"@context": context, "@id": "http://x/a", "name": "A"}), "utf-8")
    runner = CliRunner()
    result = runner.invoke(main, ["validate", str(doc)])
    assert result.exit_code == 2
    assert f"refers to the remote JSON-LD context '{context}', which aglod does not fetch" in (
        result.stderr
    )
    assert len(result.stderr.strip().splitlines()) == 1
    queried = runner.invoke(main, ["query", "ASK {}", "--data", str(doc)])
    assert queried.exit_code == 2  # Oxigraph's parser has no loader: it refuses too
    assert listener.requests == []


@pytest.mark.parametrize(
    "context",
    [
        ["{url}/a"],
        [{"name": "http://schema.org/name"}, "{url}/b"],
        {"@import": "{url}/c", "name": "http://schema.org/name"},
        {"name": {"@id": "http://schema.org/name", "@context": "{url}/d"}},
    ],
)
def test_every_way_to_a_remote_context_is_refused(listener: Listener, context: object) -> None:
    text = json.dumps({"@context": context, "@id": "http://x/a", "name": {"n": 1}}).replace(
        "{url}", listener.url
    )
    with pytest.raises(RemoteDocumentRefused):
        parse_jsonld(text)
    assert listener.requests == []


def test_aglods_own_jsonld_reads_without_fetching() -> None:
    assert len(parse_jsonld((ROOT / "output" / "aglod.jsonld").read_bytes())) > 1000


# --------------------------------------------------------------------------- serve


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * WHERE { SERVICE <http://127.0.0.1:1/> { ?s ?p ?o } }",
        "select * where { service silent <http://127.0.0.1:1/> { ?s ?p ?o } }",
        "SELECT * WHERE {SERVICE<http://127.0.0.1:1/>{?s ?p ?o}}",
        "PREFIX : <http://127.0.0.1:1/>\nSELECT * WHERE { ?a ?b ?c . SERVICE :x { ?s ?p ?o } }",
        "SELECT * WHERE { ?a ?b ?c .SERVICE ?svc { ?s ?p ?o } }",
        "SELECT * WHERE { # a comment <\n SeRvIcE <http://127.0.0.1:1/> { ?s ?p ?o } }",
        "SELECT * WHERE { FILTER(?a<1)SERVICE<http://x/>{} }",
        'SELECT * WHERE { ?s ?p "unterminated SERVICE <http://x/> { } }',
        "SELECT * WHERE { { SELECT * WHERE { SERVICE <http://x/> {} } } }",
    ],
)
def test_service_clauses_are_found(query: str) -> None:
    assert calls_service(query)


@pytest.mark.parametrize(
    "query",
    [
        "SELECT ?service WHERE { ?service a <http://schema.org/Service> }",
        "PREFIX schema: <http://schema.org/> SELECT * WHERE { ?s a schema:Service }",
        'SELECT * WHERE { ?s ?p "SERVICE <http://x/> {}" }',
        "SELECT * WHERE { ?s ?p '''a\nSERVICE <http://x/> {}''' }",
        "SELECT * WHERE { ?s <http://example.org/service#SERVICE> ?o } # SERVICE",
        "SELECT * WHERE { ?s ?p ?o . FILTER(?o < 3) } LIMIT 10",
        "SELECT $service WHERE { ?s ?p $service }",
    ],
)
def test_queries_without_service_pass(query: str) -> None:
    assert not calls_service(query)


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`aglod serve` over a store of the committed build, on a free port of 127.0.0.1."""
    store = tmp_path_factory.mktemp("served") / "store"
    result = CliRunner().invoke(
        main, ["-q", "load", "--store", str(store), "--from", str(ROOT / "output")]
    )
    assert result.exit_code == 0, result.output
    port = free_port()
    proc = subprocess.Popen([*AGLOD, "-q", "serve", "--store", str(store), "--bind",
                             f"127.0.0.1:{port}"], stderr=subprocess.PIPE)  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        assert wait_for(lambda: server_up(url) or proc.poll() is not None, timeout=30, step=0.05)
        assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
        yield url
    finally:
        stop(proc)
        if proc.stderr is not None:
            proc.stderr.close()


def http(
    url: str, data: bytes | None = None, headers: dict[str, str] | None = None
) -> tuple[int, bytes]:
    req = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=30) as resp:
            return resp.status, resp.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def ask(url: str, query: str, accept: str = "application/sparql-results+json") -> tuple[int, bytes]:
    return http(f"{url}/query?query={urllib.parse.quote(query)}", headers={"Accept": accept})


COUNT = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"


def test_serve_refuses_updates(served: str) -> None:
    before = ask(served, COUNT)
    form = {"Content-Type": "application/x-www-form-urlencoded"}
    update = {"Content-Type": "application/sparql-update"}
    assert http(f"{served}/update", b"CLEAR ALL", update)[0] == 403
    assert http(f"{served}/update", b"update=DROP+ALL", form)[0] == 403
    assert http(f"{served}/query", b"update=DROP+ALL", form)[0] == 403
    assert (
        http(f"{served}/store?default", b"<a> <b> <c> .", {"Content-Type": "text/turtle"})[0] == 403
    )
    assert ask(served, "INSERT DATA { <http://a> <http://b> <http://c> }")[0] == 400
    assert ask(served, "LOAD <http://127.0.0.1:1/x.ttl>")[0] == 400
    assert ask(served, COUNT) == before


def test_serve_never_reaches_another_server(served: str, listener: Listener) -> None:
    for query in (
        f"SELECT * WHERE {{ SERVICE <{listener.url}/sparql> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ SERVICE SILENT <{listener.url}/sparql> {{ ?s ?p ?o }} }}",
        f"PREFIX l: <{listener.url}/> SELECT * WHERE {{ SERVICE l:sparql {{ ?s ?p ?o }} }}",
    ):
        status, body = ask(served, query)
        assert status == 403 and b"SERVICE is not allowed" in body
    # FROM and default-graph-uri pick graphs of the store: nothing is fetched
    status, _ = ask(served, f"SELECT * FROM <{listener.url}/data> WHERE {{ ?s ?p ?o }}")
    assert status == 200
    status, _ = http(
        f"{served}/query?query=ASK%7B%7D&default-graph-uri={urllib.parse.quote(listener.url)}"
    )
    assert status == 200
    assert listener.requests == []


def test_serve_answers_queries_in_the_formats_asked(served: str) -> None:
    status, body = ask(served, COUNT)
    assert status == 200 and int(json.loads(body)["results"]["bindings"][0]["n"]["value"]) > 10000
    status, body = ask(served, "SELECT ?service WHERE { ?service ?p ?o } LIMIT 2", "text/csv")
    assert status == 200 and body.splitlines()[0] == b"service"
    status, body = ask(served, "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 2", "text/turtle")
    assert status == 200 and b"<https://w3id.org/aglod/" in body
    status, body = ask(served, "ASK { ?s ?p ?o }", "application/sparql-results+xml")
    assert status == 200 and b"<boolean>true</boolean>" in body
    assert ask(served, "SELECT * WHERE { ?s ?p ?o } LIMIT 1", "image/png")[0] == 406
    assert ask(served, "SELECT * WHERE {")[0] == 400


def test_serve_binds_to_this_machine_by_default(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import aglod.serving

    calls: list[str] = []
    monkeypatch.setattr(aglod.serving, "serve", lambda store, bind, **kw: calls.append(bind))
    runner = CliRunner()
    assert runner.invoke(main, ["serve", "--store", str(tmp_path)]).exit_code == 0
    assert calls == ["127.0.0.1:7878"]
    wide = runner.invoke(main, ["serve", "--store", str(tmp_path), "--bind", "0.0.0.0:7878"])
    assert wide.exit_code == 0
    assert "serving on 0.0.0.0, reachable from other machines" in wide.stderr
    bad = runner.invoke(main, ["serve", "--store", str(tmp_path), "--bind", "nowhere"])
    assert bad.exit_code == 2 and "bad --bind 'nowhere'" in bad.stderr


# --------------------------------------------------------------------------- --base


@pytest.mark.parametrize(
    "base",
    [
        "https://example.org/a b/",
        'https://example.org/"q"/',
        "https://example.org/>/",
        "https://example.org/<x>/",
        "example.org/data/",
        "w3id.org/aglod/id/",
        "ftp://example.org/data/",
        "https://example.org/data",
        "https://user:pw@example.org/data/",
        "https://example.org/{x}/",
        "https://example.org/\x00/",
    ],
)
def test_a_bad_base_is_refused_with_exit_2(base: str, tmp_path: Path) -> None:
    out = tmp_path / "out"
    release = str(CORPUS / "nm_2018-08-10_3d-printed-gun-plans-letter.txt")
    result = CliRunner().invoke(main, ["build", release, "--out", str(out), "--base", base])
    assert result.exit_code == 2
    assert "bad --base" in result.stderr
    assert not out.exists()


def test_a_good_base_is_used(tmp_path: Path) -> None:
    out = tmp_path / "out"
    release = str(CORPUS / "nm_2018-08-10_3d-printed-gun-plans-letter.txt")
    args = ["-q", "build", release, "--out", str(out), "--base", "https://data.example.org/ag#"]
    assert CliRunner().invoke(main, args).exit_code == 0
    with gzip.open(out / "aglod.nq.gz", "rt", encoding="utf-8") as nq:
        assert "<https://data.example.org/ag#release/nm/2018-08-10/" in nq.read()
