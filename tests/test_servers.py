"""Loading into a real SPARQL server (Oxigraph's, from the `oxigraph` package) that the
tests start on 127.0.0.1 on a free port and stop; and `aglod serve`."""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from aglod.cli import main
from aglod.store.remote import Endpoint, EndpointError, request
from faults import stop
from helpers import ROOT, two_release_build

pytestmark = pytest.mark.slow  # starts SPARQL servers

OXIGRAPH = shutil.which("oxigraph", path=str(Path(sys.executable).parent)) or shutil.which(
    "oxigraph"
)
COUNT_RELEASE_GRAPHS = (
    "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?r a "
    "<https://w3id.org/aglod/ontology#PressRelease> } }"
)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_until_up(url: str, proc: subprocess.Popen[bytes]) -> None:
    for _ in range(100):
        if proc.poll() is not None:
            raise RuntimeError(f"server exited: {proc.stderr.read() if proc.stderr else ''}")
        try:
            urllib.request.urlopen(url + "/query?query=ASK%7B%7D", timeout=1).read()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("server did not start")


def start(args: list[str]) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    proc = subprocess.Popen([*args, "--bind", f"127.0.0.1:{port}"], stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    wait_until_up(url, proc)
    return proc, url


@pytest.fixture()
def oxigraph_server(tmp_path: Path) -> Iterator[str]:
    assert OXIGRAPH, "the oxigraph server (PyPI package `oxigraph`) must be installed"
    proc, url = start([OXIGRAPH, "serve", "--location", str(tmp_path / "server-db")])
    yield url
    stop(proc)


def ask(url: str, query: str) -> list[dict[str, dict[str, str]]]:
    req = urllib.request.Request(url + "/query?query=" + urllib.parse.quote(query),
                                 headers={"Accept": "application/sparql-results+json"})  # fmt: skip
    with urllib.request.urlopen(req, timeout=30) as resp:
        return list(json.loads(resp.read())["results"]["bindings"])


def test_load_into_a_real_server_twice_converges(oxigraph_server: str) -> None:
    runner = CliRunner()
    result = runner.invoke(main, ["load", "--endpoint", oxigraph_server, "--from",
                                  str(ROOT / "output"), "--json"])  # fmt: skip
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["failed"] == {}
    count = ask(oxigraph_server, COUNT_RELEASE_GRAPHS)[0]["n"]["value"]
    assert count == "23"
    total = ask(oxigraph_server, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
    again = runner.invoke(main, ["load", "--endpoint", oxigraph_server, "--from",
                                 str(ROOT / "output"), "--batch-bytes", "20000"])  # fmt: skip
    assert again.exit_code == 0, again.output
    assert ask(oxigraph_server, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }") == total


def test_withdrawn_release_is_deleted_on_the_server(oxigraph_server: str, tmp_path: Path) -> None:
    runner = CliRunner()
    folder, out = two_release_build(tmp_path)
    assert (
        runner.invoke(
            main, ["-q", "load", "--endpoint", oxigraph_server, "--from", str(out)]
        ).exit_code
        == 0
    )
    (folder / "nm_2017-08-16_cda-sex-trafficking-letter.txt").unlink()
    assert runner.invoke(main, ["-q", "build", str(folder), "--out", str(out)]).exit_code == 0
    result = runner.invoke(
        main, ["load", "--endpoint", oxigraph_server, "--from", str(out), "--json"]
    )
    assert result.exit_code == 0, result.output
    assert len(json.loads(result.stdout)["dropped"]) == 1
    assert ask(oxigraph_server, COUNT_RELEASE_GRAPHS)[0]["n"]["value"] == "1"


def test_server_gone_fails_with_exit_4_and_names_the_graphs(tmp_path: Path) -> None:
    url = f"http://127.0.0.1:{free_port()}"  # nothing listens there
    runner = CliRunner()
    result = runner.invoke(main, ["load", "--endpoint", url, "--from", str(ROOT / "output")],
                           env={"AGLOD_ENDPOINT_PASSWORD": "s3cret", "AGLOD_ENDPOINT_USER": "u"})  # fmt: skip
    assert result.exit_code == 4
    assert "not loaded: https://w3id.org/aglod/id/graph/" in result.stderr
    assert "s3cret" not in result.output and "s3cret" not in result.stderr


def test_retries_only_idempotent_requests() -> None:
    url = f"http://127.0.0.1:{free_port()}"
    waits: list[float] = []
    ep = Endpoint(url, retries=3, backoff_s=0.01)
    with pytest.raises(EndpointError):
        request(ep, "PUT", url + "/store?graph=x", b"", sleep=waits.append)
    assert waits == [0.01, 0.02, 0.04]
    waits.clear()
    with pytest.raises(EndpointError):
        request(ep, "POST", url + "/store?graph=x", b"", sleep=waits.append)
    assert waits == []


def test_serve_answers_queries_read_only(tmp_path: Path) -> None:
    store_dir = tmp_path / "store"
    assert CliRunner().invoke(main, ["-q", "load", "--store", str(store_dir)]).exit_code == 0
    proc, url = start([sys.executable, "-m", "aglod", "serve", "--store", str(store_dir)])
    try:
        rows = ask(url, "SELECT (COUNT(DISTINCT ?r) AS ?n) WHERE { ?r a "
                        "<https://w3id.org/aglod/ontology#PressRelease> }")  # fmt: skip
        assert rows[0]["n"]["value"] == "23"
        update = urllib.request.Request(url + "/update", data=b"CLEAR ALL", method="POST",
                                        headers={"Content-Type": "application/sparql-update"})  # fmt: skip
        with pytest.raises(urllib.error.HTTPError):
            urllib.request.urlopen(update, timeout=10)
    finally:
        stop(proc)
