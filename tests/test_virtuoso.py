"""Loading into Virtuoso Open Source, the store many open-data portals run: a real
server (Debian's ``virtuoso-opensource-7-bin``, its ``virtuoso-t``) that the tests
start on 127.0.0.1 on free ports in a temporary folder, and stop.

``aglod load --endpoint`` writes through Virtuoso's authenticated Graph Store
endpoint (``/sparql-graph-crud-auth``, HTTP Digest authentication as ``dba``:
``AGLOD_ENDPOINT_AUTH=digest``) and lists graphs through ``/sparql``. A load, a
reload and a load of a build with one release fewer give the embedded store's
graphs and quad counts (``aglod load --store`` from the same build), saved queries
give the embedded store's rows, and wrong credentials a clear error.

Without ``virtuoso-t`` the tests fail when ``CI`` is set (.ci/run installs it) and
are skipped otherwise."""

from __future__ import annotations

import collections
import json
import os
import shutil
import signal
import subprocess
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from aglod.rdf import iris
from aglod.rdf.namespaces import DEFAULT_BASE
from aglod.store.remote import build_graphs
from faults import AGLOD, free_port
from helpers import CORPUS

pytestmark = pytest.mark.slow  # starts Virtuoso

VIRTUOSO_CANDIDATES = ("virtuoso-t", "/usr/bin/virtuoso-t")
VIRTUOSO_PACKAGE = "virtuoso-opensource-7-bin"
PASSWORD = "dba-S3CRET pass/w+rd"  # a space and a slash: sent hashed only
PREFIX = iris.graphs_prefix(DEFAULT_BASE)
COUNTS = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
# the README's example queries: aggregates, sub-SELECTs, OPTIONAL, COALESCE on dates
QUERIES = (
    "actions-by-type",
    "partners-of-new-mexico",
    "letters-to-federal-officials",
    "releases-per-office-and-year",  # undated releases: no YEAR() of an unbound date
)
WITHDRAWN = "mn_2019-03-01_transgender-student-amicus.txt"
ASKS_FOR_DIGEST = (
    "the server asks for HTTP digest authentication: set AGLOD_ENDPOINT_AUTH=digest, "
    "AGLOD_ENDPOINT_USER and AGLOD_ENDPOINT_PASSWORD"
)

# The smallest configuration that runs: the database, its log and temporary database
# in the test's folder, SQL (ISQL) and HTTP on 127.0.0.1 only, small buffers (about
# 32 MB), no periodic checkpoint, and no cap on result rows below what the tests
# read (the sample virtuoso.ini of Virtuoso's sources caps them at 10,000: a longer
# graph list, or query answer, would be cut short without a word).
INI = """\
[Database]
DatabaseFile = {d}/virtuoso.db
ErrorLogFile = {d}/virtuoso.log
LockFile = {d}/virtuoso.lck
TransactionFile = {d}/virtuoso.trx
xa_persistent_file = {d}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {d}/virtuoso-temp.db
TransactionFile = {d}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
DirsAllowed = {d}
VADInstallDir = {d}/vad
NumberOfBuffers = 4000
MaxDirtyBuffers = 3000
ServerThreads = 10
CheckpointInterval = 0
MaxQueryMem = 200M

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {d}/www
ServerThreads = 4
MaxClientConnections = 4

[SPARQL]
ResultSetMaxRows = 1000000
"""


def virtuoso_binary() -> str:
    for name in VIRTUOSO_CANDIDATES:
        path = shutil.which(name)
        if path:
            return path
    message = (
        f"virtuoso-t is not installed: `apt-get install -y {VIRTUOSO_PACKAGE}` "
        "(.ci/run installs it before the tests)"
    )
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


@dataclass(frozen=True)
class Virtuoso:
    url: str
    log: Path

    @property
    def gsp(self) -> str:
        return self.url + "/sparql-graph-crud-auth"

    @property
    def query_url(self) -> str:
        return self.url + "/sparql"


def stop_group(proc: subprocess.Popen[bytes]) -> None:
    """End the server's process group: SIGTERM (Virtuoso shuts down in about a
    second), then SIGKILL if it is still there after 30 s."""
    for sig, wait in ((signal.SIGTERM, 30), (signal.SIGKILL, 10)):
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            break
        try:
            proc.wait(timeout=wait)
            break
        except subprocess.TimeoutExpired:
            continue
    proc.wait(timeout=10)


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Virtuoso]:
    """Virtuoso on free ports of 127.0.0.1, its database in a temporary folder, the
    ``dba`` password set to ``PASSWORD``."""
    binary = virtuoso_binary()
    home = tmp_path_factory.mktemp("virtuoso")
    (home / "www").mkdir()
    (home / "vad").mkdir()
    http_port, sql_port = free_port(), free_port()
    ini = home / "virtuoso.ini"
    ini.write_text(INI.format(d=home, sql_port=sql_port, http_port=http_port))
    log = home / "server.out"
    # Virtuoso's own way to set the DBA password: it creates the database, changes
    # the password and exits (about 2 s)
    setup = subprocess.run([binary, "+configfile", str(ini), "+foreground", "+pwdold", "dba",
                            "+pwddba", PASSWORD], cwd=home, capture_output=True, timeout=120)  # fmt: skip
    assert setup.returncode == 0, setup.stdout.decode(errors="replace")[-2000:]
    with log.open("wb") as out:
        proc = subprocess.Popen([binary, "+configfile", str(ini), "+foreground"], cwd=home,
                                stdout=out, stderr=subprocess.STDOUT, start_new_session=True)  # fmt: skip
    url = f"http://127.0.0.1:{http_port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"virtuoso-t exited: {log.read_text(errors='replace')[-2000:]}")
            try:
                urllib.request.urlopen(url + "/sparql?query=ASK%7B%7D", timeout=2).read()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError("virtuoso-t did not answer on HTTP within 60 s") from None
                time.sleep(0.2)
        yield Virtuoso(url, log)
    finally:
        stop_group(proc)


@dataclass
class Run:
    code: int
    stdout: str
    stderr: str

    @property
    def summary(self) -> dict[str, object]:
        return dict(json.loads(self.stdout))


def aglod(*args: str, env: dict[str, str] | None = None) -> Run:
    """``aglod ARGS`` in a process of its own, with no AGLOD_ variable but ``env``."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith("AGLOD_")}
    proc = subprocess.run([*AGLOD, *args], capture_output=True, env={**clean, **(env or {})},
                          timeout=300)  # fmt: skip
    return Run(proc.returncode, proc.stdout.decode(), proc.stderr.decode())


DBA = {
    "AGLOD_ENDPOINT_AUTH": "digest",
    "AGLOD_ENDPOINT_USER": "dba",
    "AGLOD_ENDPOINT_PASSWORD": PASSWORD,
}


def load(server: Virtuoso, build: Path, *extra: str, env: dict[str, str] = DBA) -> Run:
    """``aglod load`` into ``server``. Every request of it answers within 10 s: the
    slowest, the graph list, took Virtuoso 20 s when it was asked with DISTINCT."""
    return aglod("load", "--endpoint", server.url, "--gsp-url", server.gsp, "--query-url",
                 server.query_url, "--from", str(build), "--json", "--timeout", "10", *extra,
                 env=env)  # fmt: skip


def loaded(server: Virtuoso, build: Path, *extra: str) -> dict[str, object]:
    """Load ``build``; the load's summary, which must show no failure."""
    run = load(server, build, *extra)
    assert run.code == 0, run.stderr
    summary = run.summary
    assert summary["failed"] == {}
    return summary


Row = tuple[tuple[tuple[str, str], ...] | None, ...]


def rows(results: dict[str, object]) -> collections.Counter[Row]:
    """SPARQL results JSON as a multiset of rows, each value its normalized term.
    The one normalization needed: Virtuoso writes a literal with a datatype as
    ``"type": "typed-literal"`` (the form of the 2007 JSON results Note), SPARQL 1.1
    (and Oxigraph) as ``"literal"``; datatypes, values and languages are compared as
    they come."""
    head = results["head"]
    assert isinstance(head, dict)
    names = list(head["vars"])
    body = results["results"]
    assert isinstance(body, dict)
    out: collections.Counter[Row] = collections.Counter()
    for binding in body["bindings"]:
        row: list[tuple[tuple[str, str], ...] | None] = []
        for name in names:
            term = binding.get(name)
            if term is None:
                row.append(None)
                continue
            term = dict(term)
            if term["type"] == "typed-literal":
                term["type"] = "literal"
            row.append(tuple(sorted(term.items())))
        out[tuple(row)] += 1
    return out


def sparql(server: Virtuoso, query: str) -> dict[str, object]:
    """A query on Virtuoso's /sparql: its default graph is the union of all graphs."""
    data = urllib.parse.urlencode({"query": query}).encode()
    req = urllib.request.Request(server.query_url, data=data, headers={
        "Accept": "application/sparql-results+json",
        "Content-Type": "application/x-www-form-urlencoded"})  # fmt: skip
    with urllib.request.urlopen(req, timeout=60) as resp:
        return dict(json.loads(resp.read()))


def embedded_query(store: Path, query: str) -> dict[str, object]:
    run = aglod("query", query, "--store", str(store), "--format", "json")
    assert run.code == 0, run.stderr
    return dict(json.loads(run.stdout))


def counts(results: dict[str, object]) -> dict[str, int]:
    """Quads per aglod graph, from the results of ``COUNTS``."""
    body = results["results"]
    assert isinstance(body, dict)
    return {
        row["g"]["value"]: int(row["n"]["value"])
        for row in body["bindings"]
        if row["g"]["value"].startswith(PREFIX)
    }


def embedded_store(build: Path, store: Path) -> Path:
    run = aglod("-q", "load", "--store", str(store), "--from", str(build))
    assert run.code == 0, run.stderr
    return store


@pytest.fixture(scope="module")
def embedded(built_output: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The embedded store loaded from the bundled build."""
    return embedded_store(built_output, tmp_path_factory.mktemp("embedded") / "store")


@pytest.fixture(scope="module")
def expected(embedded: Path) -> dict[str, int]:
    """Quads per graph of the embedded store loaded from the bundled build."""
    return counts(embedded_query(embedded, COUNTS))


@pytest.fixture()
def full(virtuoso: Virtuoso, built_output: Path, expected: dict[str, int]) -> Virtuoso:
    """The server holding the bundled build: loaded unless it holds it already (a
    load takes Virtuoso about 5 s of processor time)."""
    if counts(sparql(virtuoso, COUNTS)) != expected:
        loaded(virtuoso, built_output)
    return virtuoso


@pytest.fixture(scope="module")
def smaller_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled releases but ``WITHDRAWN``, built."""
    tmp = tmp_path_factory.mktemp("smaller")
    folder = tmp / "releases"
    folder.mkdir()
    for path in sorted(CORPUS.glob("*.txt")):
        if path.name != WITHDRAWN:
            shutil.copy(path, folder / path.name)
    run = aglod("-q", "build", str(folder), "--out", str(tmp / "out"))
    assert run.code == 0, run.stderr
    return tmp / "out"


def test_load_and_reload_give_the_embedded_stores_counts(
    virtuoso: Virtuoso, built_output: Path, expected: dict[str, int]
) -> None:
    assert len(expected) == len(build_graphs(built_output)) > 20
    summary = loaded(virtuoso, built_output)
    assert summary["loaded"] == len(expected)
    assert counts(sparql(virtuoso, COUNTS)) == expected
    # again, each graph over 20 kB sent as a PUT and POSTs (each request answers
    # Virtuoso's digest challenge anew): the same graphs, the same counts
    again = loaded(virtuoso, built_output, "--batch-bytes", "20000")
    assert again["dropped"] == [] and again["loaded"] == len(expected)
    assert counts(sparql(virtuoso, COUNTS)) == expected


def test_a_withdrawn_release_has_its_graph_deleted(
    full: Virtuoso, built_output: Path, smaller_build: Path, tmp_path: Path
) -> None:
    [withdrawn] = set(build_graphs(built_output)) - set(build_graphs(smaller_build))
    assert withdrawn in counts(sparql(full, COUNTS))
    summary = loaded(full, smaller_build)
    assert summary["dropped"] == [withdrawn]
    on_server = counts(sparql(full, COUNTS))
    assert withdrawn not in on_server
    expected = counts(embedded_query(embedded_store(smaller_build, tmp_path / "s"), COUNTS))
    assert on_server == expected


@pytest.mark.parametrize("name", QUERIES)
def test_saved_queries_give_the_embedded_stores_rows(
    full: Virtuoso, embedded: Path, name: str
) -> None:
    text = (Path(__file__).resolve().parent.parent / "queries" / f"{name}.rq").read_text()
    expected = rows(embedded_query(embedded, name))
    assert sum(expected.values()) > 0
    assert rows(sparql(full, text)) == expected


def test_a_wrong_password_fails_clearly(
    full: Virtuoso, smaller_build: Path, expected: dict[str, int]
) -> None:
    """Exit 4; each graph named with the server's 401 (not a connection cut while its
    body was sent: the credentials are tried before a body goes), and so is the
    deletion of the withdrawn release; the endpoint named without a password; nothing
    changed on the server."""
    wrong = {**DBA, "AGLOD_ENDPOINT_PASSWORD": "wrong-S3CRET"}
    run = load(full, smaller_build, "--retries", "0", env=wrong)
    assert run.code == 4, run.stderr
    failed = [line for line in run.stderr.splitlines() if line.startswith("aglod: not loaded: ")]
    graphs = [*sorted(build_graphs(smaller_build)), "(withdrawn graphs)"]
    assert len(failed) == len(graphs), run.stderr
    for graph, line in zip(graphs, failed, strict=True):
        method = "DELETE" if graph == "(withdrawn graphs)" else "PUT"
        assert line == (
            f"aglod: not loaded: {graph}: {method} {full.gsp} failed: HTTP 401 Unauthorized"
        ), run.stderr
    assert run.stderr.endswith(f"aglod: error: {len(graphs)} graphs not loaded into {full.url}\n")
    assert "S3CRET" not in run.stdout + run.stderr
    assert "Traceback" not in run.stderr
    assert counts(sparql(full, COUNTS)) == expected


def test_no_credentials_say_what_to_set(
    full: Virtuoso, built_output: Path, expected: dict[str, int]
) -> None:
    run = load(full, built_output, "--retries", "0", env={})
    assert run.code == 4, run.stderr
    assert f"PUT {full.gsp} failed: HTTP 401 Unauthorized ({ASKS_FOR_DIGEST})\n" in run.stderr
    assert counts(sparql(full, COUNTS)) == expected


def test_digest_answers_match_rfc_7616(monkeypatch: pytest.MonkeyPatch) -> None:
    """The digest computation on the examples of RFC 7616, section 3.9.1 (SHA-256
    and MD5); Virtuoso itself asks for MD5."""
    from aglod.store import remote

    cnonce = "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ"
    monkeypatch.setattr("aglod.store.remote.secrets.token_hex", lambda n: cnonce)
    nonce = "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v"
    opaque = "FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"
    for algorithm, response in (
        ("SHA-256", "753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1"),
        ("MD5", "8ca523f5e9506fed4657c9700eebdbec"),
    ):
        challenge = remote._Challenge("http-auth@example.org", nonce, algorithm, opaque, True)
        header = challenge.answer("GET", "/dir/index.html", "Mufasa", "Circle of Life")
        assert f'response="{response}"' in header
        assert "nc=00000001" in header and f'cnonce="{cnonce}"' in header
        assert challenge.answer("GET", "/", "Mufasa", "x").count("nc=00000002") == 1
