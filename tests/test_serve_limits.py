"""`aglod serve` cannot be taken down by a query: each query runs in a worker process
that is stopped at its time or memory limit, or when its client leaves, while other
clients' queries go on being answered; answers stop at --max-rows; the workers cannot
reach the network."""

from __future__ import annotations

import contextlib
import json
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from click.testing import CliRunner

from aglod.cli import main
from faults import AGLOD, free_port, server_up, stop, wait_for
from helpers import ROOT
from test_security import Listener, ask

pytestmark = pytest.mark.slow  # starts aglod serve

# Grows Oxigraph's memory by ~100 MB/s until the process dies, without a limit.
SORT_BOMB = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?a ?f LIMIT 1"
# Runs for minutes in little memory: a count over the square of the store.
COUNT_SQUARE = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
LIGHT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("limits") / "store"
    result = CliRunner().invoke(
        main, ["-q", "load", "--store", str(path), "--from", str(ROOT / "output")]
    )
    assert result.exit_code == 0, result.output
    return path


@contextmanager
def serving(store: Path, *options: str) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    port = free_port()
    proc = subprocess.Popen(
        [*AGLOD, "serve", "--store", str(store), "--bind", f"127.0.0.1:{port}", *options],
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        assert wait_for(lambda: server_up(url) or proc.poll() is not None, timeout=60, step=0.05)
        assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
        yield url, proc
    finally:
        stop(proc)
        if proc.stderr is not None:
            proc.stderr.close()


def timed(call: Callable[[], tuple[int, bytes]]) -> tuple[float, int, bytes]:
    start = time.monotonic()
    status, body = call()
    return time.monotonic() - start, status, body


def in_background(call: Callable[[], tuple[int, bytes]]) -> Callable[[], tuple[float, int, bytes]]:
    """Start ``call`` in a thread; the returned function waits for its timed result."""
    out: list[tuple[float, int, bytes]] = []
    thread = threading.Thread(target=lambda: out.append(timed(call)), daemon=True)
    thread.start()

    def result() -> tuple[float, int, bytes]:
        thread.join(120)
        assert out, "the request did not end"
        return out[0]

    return result


def children(pid: int) -> set[int]:
    """The query workers of the server ``pid``: its child processes that
    multiprocessing started (not its resource tracker)."""
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").iterdir():
        for child in (task / "children").read_text().split():
            with contextlib.suppress(OSError):  # a child that has just ended
                if b"spawn_main" in Path(f"/proc/{child}/cmdline").read_bytes():
                    found.add(int(child))
    return found


def test_a_query_that_eats_memory_is_stopped_while_others_answer(store: Path) -> None:
    with serving(store, "--query-memory", "300", "--query-timeout", "60") as (url, _proc):
        heavy = in_background(lambda: ask(url, SORT_BOMB))
        time.sleep(0.5)
        for _ in range(3):  # a second client is answered, quickly, all along
            elapsed, status, body = timed(lambda: ask(url, LIGHT))
            assert status == 200 and elapsed < 1.0, (elapsed, body)
            assert int(json.loads(body)["results"]["bindings"][0]["n"]["value"]) > 1000
        elapsed, status, body = heavy()
        assert status == 503 and b"over the limit of 300 MiB" in body, body
        assert elapsed < 30
        assert ask(url, LIGHT)[0] == 200  # the stopped worker was replaced


def test_a_query_that_runs_too_long_is_stopped(store: Path) -> None:
    with serving(store, "--query-timeout", "2", "--workers", "2") as (url, _proc):
        heavy = in_background(lambda: ask(url, COUNT_SQUARE))
        time.sleep(0.3)
        elapsed, status, _ = timed(lambda: ask(url, LIGHT))
        assert status == 200 and elapsed < 1.0
        elapsed, status, body = heavy()
        assert status == 503 and b"ran over the limit of 2 s" in body, body
        assert 1.9 < elapsed < 10


def test_a_query_whose_client_leaves_is_stopped(store: Path) -> None:
    with serving(store, "--workers", "1", "--query-timeout", "600") as (url, proc):
        assert ask(url, LIGHT)[0] == 200
        (worker,) = children(proc.pid)
        port = int(url.rsplit(":", 1)[1])
        client = socket.create_connection(("127.0.0.1", port))
        query = urllib.parse.quote(COUNT_SQUARE)
        client.sendall(f"GET /query?query={query} HTTP/1.1\r\nHost: x\r\n\r\n".encode())
        time.sleep(1.0)
        assert worker in children(proc.pid)  # still at work on it
        client.close()
        assert wait_for(lambda: worker not in children(proc.pid), timeout=10, step=0.05)
        elapsed, status, _ = timed(lambda: ask(url, LIGHT))  # a new worker answers
        assert status == 200 and elapsed < 10


def test_answers_stop_at_max_rows(store: Path) -> None:
    with serving(store, "--max-rows", "5", "--workers", "1") as (url, _proc):
        req = urllib.request.Request(
            f"{url}/query?query={urllib.parse.quote('SELECT * WHERE { ?s ?p ?o }')}",
            headers={"Accept": "application/sparql-results+json"},
        )
        with urllib.request.urlopen(req, timeout=30) as resp:
            assert resp.headers["X-SPARQL-MaxRows"] == "5"
            assert len(json.loads(resp.read())["results"]["bindings"]) == 5
        status, body = ask(url, "SELECT ?s WHERE { ?s ?p ?o }", "text/csv")
        assert status == 200 and len(body.splitlines()) == 6
        status, body = ask(
            url, "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", "application/n-triples"
        )
        assert status == 200 and len(body.splitlines()) == 5
        req = urllib.request.Request(f"{url}/query?query={urllib.parse.quote(LIGHT)}")
        with urllib.request.urlopen(req, timeout=30) as resp:
            assert "X-SPARQL-MaxRows" not in resp.headers  # one row: nothing was cut


def test_answers_keep_every_term_as_oxigraph_writes_it(store: Path) -> None:
    """Answers go through the row cap: literals with languages, datatypes, tabs and
    quotes, blank nodes and unbound variables come out as Oxigraph itself writes them."""
    import pyoxigraph as ox

    query = (
        'SELECT ?x ?l ?b ?n WHERE { VALUES (?x ?l) { (<http://e/a> "t\\tq\\"\\n"@en) '
        '(<http://e/b> "1.50"^^<http://www.w3.org/2001/XMLSchema#decimal>) } '
        "BIND(BNODE() AS ?b) OPTIONAL { ?x <http://e/none> ?n } } ORDER BY ?x"
    )
    expected = ox.Store().query(query).serialize(format=ox.QueryResultsFormat.JSON)
    with serving(store, "--workers", "1") as (url, _proc):
        status, body = ask(url, query)
    assert status == 200
    got, want = json.loads(body), json.loads(bytes(expected or b""))
    for row in got["results"]["bindings"] + want["results"]["bindings"]:
        row["b"]["value"] = "_"  # blank node labels are each run's own
    assert got == want


def test_query_workers_cannot_reach_the_network() -> None:
    """The second wall behind the parser: a process that isolated itself cannot
    connect to a server on this machine."""
    listener = Listener()
    try:
        port = int(listener.url.rsplit(":", 1)[1])
        code = (
            "import socket, sys\n"
            "from aglod.store.server import isolate_from_network\n"
            "assert isolate_from_network()\n"
            f"try: socket.create_connection(('127.0.0.1', {port}), timeout=5)\n"
            "except OSError: sys.exit(0)\n"
            "sys.exit(1)\n"
        )
        result = subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=60)
        assert result.returncode == 0, result.stderr
        assert listener.requests == []
    finally:
        listener.close()


def test_a_load_waits_for_no_running_query_command(store: Path) -> None:
    """`aglod query --store` holds the store as `serve` does: a load meanwhile is
    refused, so no swap removes the version the query reads."""
    query = subprocess.Popen(
        [*AGLOD, "query", COUNT_SQUARE, "--store", str(store)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        time.sleep(2.0)  # the query is running, its lock taken
        assert query.poll() is None
        load = subprocess.run(
            [*AGLOD, "load", "--store", str(store), "--from", str(ROOT / "output")],
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert load.returncode == 2
        assert "in use by another aglod process" in load.stderr
        assert f"pid {query.pid}" in load.stderr
    finally:
        query.kill()
        query.wait()
