"""Loading into a SPARQL server that fails: a real Oxigraph server stopped mid-load
and restarted, and a local Graph Store Protocol server that answers 500, answers too
late, drops connections or redirects. The loader retries idempotent requests (PUT,
GET, DELETE) with backoff and never a POST, names what it could not load, exits 4,
and a rerun converges to what a clean load gives. Credentials never show."""

from __future__ import annotations

import json
import os
import subprocess
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from aglod.cli import main
from aglod.store.remote import Endpoint, build_graphs, load_endpoint, request
from faults import (
    AGLOD,
    FakeStore,
    free_port,
    generated_build,
    start_oxigraph,
    stop,
    wait_for,
)
from helpers import ROOT

pytestmark = pytest.mark.slow  # starts SPARQL servers that fail

BUILD = ROOT / "output"
PASSWORD = "s3cret-Pa55"


@pytest.fixture(scope="module")
def expected() -> dict[str, set[str]]:
    return {name: set(lines) for name, lines in build_graphs(BUILD).items()}


def quick(url: str, retries: int = 3, timeout_s: float = 5.0) -> Endpoint:
    return Endpoint(url, retries=retries, backoff_s=0.01, timeout_s=timeout_s)


def test_500_answers_are_retried_with_backoff(expected: dict[str, set[str]]) -> None:
    with FakeStore({"PUT": ["500", "500"], "GET": ["500"]}) as fake:
        waits: list[float] = []
        ep = Endpoint(fake.url, retries=3, backoff_s=0.5)
        request(ep, "PUT", fake.url + "/store?graph=x", b"", sleep=waits.append)
        assert waits == [0.5, 1.0]  # twice 500, then the answer: backoff doubling
        assert fake.sent("PUT") == ["x"] * 3
        del fake.graphs["x"]
        report = load_endpoint(quick(fake.url), BUILD)  # the GET of the graphs fails once
        assert report.failed == {}
        assert fake.graphs == expected
        assert [f for m, _g, f in fake.log if m == "GET"] == ["500", "ok"]


def test_a_post_is_never_retried_and_a_rerun_converges(expected: dict[str, set[str]]) -> None:
    """A graph over --batch-bytes goes as a PUT and POSTs; a failed POST is not
    repeated (it is not idempotent): the graph is reported, the others load, and the
    next load (which starts the graph again with a PUT) converges."""
    with FakeStore({"POST": ["500"]}) as fake:
        report = load_endpoint(quick(fake.url), BUILD, batch_bytes=20_000)
        [(failed, why)] = report.failed.items()
        assert "POST" in why and "HTTP 500" in why
        assert [g for m, g, f in fake.log if m == "POST" and f == "500"] == [failed]
        assert fake.sent("POST").count(failed) == 1
        assert len(report.loaded) == len(expected) - 1 and failed not in report.loaded
        again = load_endpoint(quick(fake.url), BUILD, batch_bytes=20_000)
        assert again.failed == {}
        assert fake.graphs == expected


def test_slow_answers_time_out_and_are_retried(expected: dict[str, set[str]]) -> None:
    with FakeStore({"PUT": ["slow"]}, slow_s=2.0) as fake:
        started = time.perf_counter()
        report = load_endpoint(quick(fake.url, timeout_s=0.3), BUILD)
        assert time.perf_counter() - started < 30
        assert report.failed == {}
        assert fake.graphs == expected
        first = sorted(expected)[0]
        assert fake.sent("PUT")[:2] == [first, first]


def test_dropped_connections_are_retried(expected: dict[str, set[str]]) -> None:
    with FakeStore({"PUT": ["close", "close"], "DELETE": ["close"]}) as fake:
        fake.graphs["https://w3id.org/aglod/id/graph/xx/withdrawn"] = {"<a> <b> <c> ."}
        report = load_endpoint(quick(fake.url), BUILD)
        assert report.failed == {}
        assert report.dropped == ["https://w3id.org/aglod/id/graph/xx/withdrawn"]
        assert fake.graphs == expected


def test_a_failing_server_exits_4_naming_what_is_not_loaded(
    expected: dict[str, set[str]],
) -> None:
    names = sorted(expected)
    plan = {"PUT": ["ok", "500", "500"]}  # the second graph fails, once retried
    with FakeStore(plan) as fake:
        args = ["load", "--endpoint", fake.url, "--from", str(BUILD), "--json", "--retries", "1"]
        env = {"AGLOD_ENDPOINT_USER": "aglod", "AGLOD_ENDPOINT_PASSWORD": PASSWORD}
        result = CliRunner().invoke(main, args, env=env)
        assert result.exit_code == 4
        assert f"aglod: not loaded: {names[1]}: PUT {fake.url}/store failed: HTTP 500" in (
            result.stderr
        )
        summary = json.loads(result.stdout)
        assert list(summary["failed"]) == [names[1]]
        assert summary["loaded_graphs"] == [n for n in names if n != names[1]]
        assert PASSWORD not in result.output and PASSWORD not in result.stderr
        assert fake.auth[0] is not None and fake.auth[0].startswith("Basic ")


def test_redirects_are_not_followed(expected: dict[str, set[str]]) -> None:
    """A redirect would carry the credentials elsewhere: reported, never followed."""
    with FakeStore() as elsewhere, FakeStore({"GET": ["redirect"]}) as fake:
        fake.redirect_to = elsewhere.url
        args = ["load", "--endpoint", fake.url, "--from", str(BUILD)]
        result = CliRunner().invoke(main, args, env={"AGLOD_ENDPOINT_TOKEN": PASSWORD})
        assert result.exit_code == 4
        assert f"redirected to '{elsewhere.url}/query', which aglod does not follow" in (
            result.stderr
        )
        assert elsewhere.log == []
        assert PASSWORD not in result.output and PASSWORD not in result.stderr


@pytest.mark.parametrize(
    "url",
    [f"http://aglod:{PASSWORD}@127.0.0.1:1/", "ftp://127.0.0.1/", "127.0.0.1:7878", "http://[::1"],
)
def test_bad_endpoint_urls_are_refused_with_exit_2(url: str) -> None:
    result = CliRunner().invoke(main, ["load", "--endpoint", url, "--from", str(BUILD)])
    assert result.exit_code == 2
    assert "bad server URL" in result.stderr or "user name or password" in result.stderr
    assert PASSWORD not in result.output and PASSWORD not in result.stderr


# --------------------------------------------------------------------------- Oxigraph


@pytest.fixture(scope="module")
def gen_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generated_build(tmp_path_factory.getbasetemp())[1]


def dump(url: str) -> set[str]:
    """Every quad of the server, blank nodes canonicalized."""
    req = urllib.request.Request(url + "/store", headers={"Accept": "application/n-quads"})
    with urllib.request.urlopen(req, timeout=60) as resp:
        data = resp.read()
    ds = ox.Dataset(ox.parse(data, format=ox.RdfFormat.N_QUADS))
    ds.canonicalize(ox.CanonicalizationAlgorithm.UNSTABLE)
    return {str(q) for q in ds}


def graph_count(url: str) -> int:
    q = urllib.parse.quote("SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
    req = urllib.request.Request(
        f"{url}/query?query={q}", headers={"Accept": "application/sparql-results+json"}
    )
    try:
        with urllib.request.urlopen(req, timeout=5) as resp:
            return int(json.loads(resp.read())["results"]["bindings"][0]["n"]["value"])
    except OSError:
        return -1


@pytest.fixture(scope="module")
def clean_load(gen_build: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[set[str]]:
    """What a clean load of the generated build gives a fresh Oxigraph server."""
    port = free_port()
    server = start_oxigraph(tmp_path_factory.mktemp("clean") / "db", port)
    try:
        url = f"http://127.0.0.1:{port}"
        load = subprocess.run([*AGLOD, "-q", "load", "--endpoint", url, "--from", str(gen_build)],
                              capture_output=True, text=True, timeout=120)  # fmt: skip
        assert load.returncode == 0, load.stderr
        yield dump(url)
    finally:
        stop(server)


def test_oxigraph_stopped_mid_load_then_a_rerun_converges(
    gen_build: Path, clean_load: set[str], tmp_path: Path
) -> None:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    db = tmp_path / "db"
    server = start_oxigraph(db, port)
    args = ["load", "--endpoint", url, "--from", str(gen_build), "--retries", "1", "--json"]
    env_password = {"AGLOD_ENDPOINT_USER": "aglod", "AGLOD_ENDPOINT_PASSWORD": PASSWORD}
    load = subprocess.Popen([*AGLOD, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, env={**os.environ, **env_password})  # fmt: skip
    try:
        assert wait_for(lambda: graph_count(url) >= 5 or load.poll() is not None, step=0.02)
        assert load.poll() is None, "the load ended before the server was stopped"
    finally:
        stop(server)
    out, err = load.communicate(timeout=120)
    assert load.returncode == 4, err
    summary = json.loads(out)
    assert summary["failed"] and summary["loaded_graphs"]
    assert "not loaded: https://w3id.org/aglod/id/graph/" in err
    assert PASSWORD not in out and PASSWORD not in err
    server = start_oxigraph(db, port)
    try:
        rerun = subprocess.run([*AGLOD, *args], capture_output=True, text=True, timeout=120)
        assert rerun.returncode == 0, rerun.stderr
        assert dump(url) == clean_load
    finally:
        stop(server)


def test_oxigraph_restarted_within_the_retries(
    gen_build: Path, clean_load: set[str], tmp_path: Path
) -> None:
    """The server goes away and comes back while the loader backs off: the load
    completes as if nothing happened."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    db = tmp_path / "db"
    server = start_oxigraph(db, port)
    args = ["-q", "load", "--endpoint", url, "--from", str(gen_build), "--retries", "4"]
    load = subprocess.Popen([*AGLOD, *args], stderr=subprocess.PIPE, text=True)
    try:
        assert wait_for(lambda: graph_count(url) >= 5 or load.poll() is not None, step=0.02)
        assert load.poll() is None, "the load ended before the server was stopped"
    finally:
        stop(server)
    server = start_oxigraph(db, port)
    try:
        _out, err = load.communicate(timeout=120)
        assert load.returncode == 0, err
        assert dump(url) == clean_load
    finally:
        stop(server)
