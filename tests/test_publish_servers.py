"""The published site on real servers: Debian's nginx with the generated configuration
answers one IRI with HTML, Turtle or JSON-LD by ``Accept``; headless Chromium renders
the pages (their text, their embedded JSON-LD) and runs no script a release carries.

Both programs must be installed (``.ci/run`` installs them): a test fails, rather than
skips, when one is missing."""

from __future__ import annotations

import functools
import os
import re
import shutil
import socket
import subprocess
import threading
import time
import urllib.request
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from rdflib import Graph, URIRef

from aglod.site.publishing import publish
from test_publish import BASE, small_build

pytestmark = pytest.mark.slow  # starts nginx and headless Chromium

NGINX_CANDIDATES = ("nginx", "/usr/sbin/nginx")
CHROMIUM_CANDIDATES = ("chromium", "/usr/bin/chromium", "chromium-browser")
HTML = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


def find(candidates: tuple[str, ...], package: str) -> str:
    for name in candidates:
        path = shutil.which(name)
        if path:
            return path
    pytest.fail(
        f"{candidates[0]} is not installed: `apt-get install -y {package}` "
        "(.ci/run installs it before the tests)"
    )


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two bundled releases and one carrying markup, built and published."""
    tmp = tmp_path_factory.mktemp("served")
    out = tmp / "site"
    publish(small_build(tmp, hostile=True), out)
    return out


@pytest.fixture(scope="module")
def release_iri(site: Path) -> str:
    page = next((site / "id" / "release" / "mn" / "2019-03-01").glob("*.html"))
    return BASE + str(page.relative_to(site / "id"))[: -len(".html")]


def wait_for(url: str, proc: subprocess.Popen[bytes] | None = None) -> None:
    for _ in range(100):
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"server exited: {proc.stderr.read() if proc.stderr else ''!r}")
        try:
            urllib.request.urlopen(url, timeout=1).read()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"no answer from {url}")


@pytest.fixture(scope="module")
def nginx(site: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """nginx on a free port of 127.0.0.1 over the site, with the generated map and
    locations; everything it writes stays in a temporary prefix."""
    binary = find(NGINX_CANDIDATES, "nginx-light")
    prefix = tmp_path_factory.mktemp("nginx")
    port = free_port()
    conf = prefix / "nginx.conf"
    temps = "".join(
        f"  {name}_temp_path {prefix / name};\n"
        for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    # as root, workers would run as nobody, who cannot read pytest's private tmp folders
    user = "user root;\n" if os.geteuid() == 0 else ""
    conf.write_text(
        "daemon off;\nworker_processes 1;\n"
        + user
        + f"pid {prefix / 'nginx.pid'};\nerror_log {prefix / 'error.log'};\n"
        "events { worker_connections 64; }\n"
        "http {\n  access_log off;\n"
        + temps
        + f"  include {site / 'server' / 'nginx' / 'aglod-map.conf'};\n"
        f"  server {{\n    listen 127.0.0.1:{port};\n    root {site};\n"
        f"    include {site / 'server' / 'nginx' / 'aglod-locations.conf'};\n  }}\n}}\n",
        encoding="utf-8",
    )
    proc = subprocess.Popen(
        [binary, "-p", str(prefix), "-c", str(conf), "-e", str(prefix / "error.log")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for(url + "/", proc)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def get(url: str, accept: str) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers={"Accept": accept})
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status, {k.lower(): v for k, v in response.headers.items()}, response.read()


@pytest.mark.parametrize("which", ["release", "jurisdiction"])
def test_nginx_answers_an_iri_in_three_content_types(
    nginx: str, release_iri: str, which: str
) -> None:
    iri = release_iri if which == "release" else BASE + "jurisdiction/mn"
    url = nginx + "/" + iri[len("https://w3id.org/aglod/") :]
    status, headers, body = get(url, HTML)
    assert status == 200 and headers["content-type"].startswith("text/html")
    assert headers["vary"] == "Accept"
    assert b"<!DOCTYPE html>" in body
    status, headers, body = get(url, "text/turtle")
    assert headers["content-type"].startswith("text/turtle") and headers["vary"] == "Accept"
    turtle = Graph().parse(data=body.decode("utf-8"), format="turtle")
    assert (URIRef(iri), None, None) in turtle
    status, headers, body = get(url, "application/ld+json")
    assert headers["content-type"].startswith("application/ld+json")
    assert headers["vary"] == "Accept"
    assert body.lstrip().startswith(b"{") and b'"@context"' in body
    # a file asked for by name is that file
    status, headers, body = get(url + ".ttl", HTML)
    assert headers["content-type"].startswith("text/turtle")


def test_nginx_serves_the_dataset_description(nginx: str) -> None:
    _, headers, body = get(nginx + "/.well-known/void", "*/*")
    assert headers["content-type"].startswith("text/turtle") and b"void:Dataset" in body
    _, headers, _ = get(nginx + "/", HTML)
    assert headers["content-type"].startswith("text/html")
    _, headers, _ = get(nginx + "/data.json", "*/*")
    assert headers["content-type"].startswith("application/json")


# -- Chromium -------------------------------------------------------------------------


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def http_site(site: Path) -> Iterator[str]:
    """Python's HTTP server over the site, in a thread."""
    server = ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(site))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_address[1]}"
    wait_for(url + "/index.html")
    try:
        yield url
    finally:
        server.shutdown()
        server.server_close()


def chromium(url: str, tmp: Path, *extra: str) -> str:
    binary = find(CHROMIUM_CANDIDATES, "chromium")
    args = [
        binary, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        f"--user-data-dir={tmp / 'profile'}", *extra, url,
    ]  # fmt: skip
    done = subprocess.run(args, capture_output=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr.decode(errors="replace")[-2000:]
    return done.stdout.decode("utf-8")


def dom(url: str, tmp: Path, shot: str) -> str:
    """The rendered DOM of ``url``, and a screenshot of it in ``tmp``."""
    chromium(url, tmp, f"--screenshot={tmp / shot}", "--window-size=1280,2000")
    assert (tmp / shot).stat().st_size > 10_000
    return chromium(url, tmp, "--dump-dom")


def visible_text(html: str) -> str:
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    text = re.sub(r"<[^>]+>", " ", body)
    return re.sub(r"\s+", " ", text.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">"))


def embedded_graph(html: str) -> Graph:
    (block,) = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return Graph().parse(data=block, format="json-ld")


def test_chromium_renders_home_release_and_jurisdiction(
    http_site: str, release_iri: str, tmp_path: Path
) -> None:
    home = dom(http_site + "/index.html", tmp_path, "home.png")
    assert "The dataset in numbers" in visible_text(home)
    assert (URIRef(BASE + "dataset"), None, None) in embedded_graph(home)

    path = release_iri[len(BASE) :]
    release = dom(f"{http_site}/id/{path}.html", tmp_path, "release.png")
    text = visible_text(release)
    assert "Transgender kids, like everyone" in text
    assert "The release, with the evidence of each fact" in text
    assert "Amicus brief" in text and re.search(r"Led by New York\s*,\s*Washington", text)
    graph = embedded_graph(release)
    assert (URIRef(release_iri), URIRef("http://schema.org/headline"), None) in graph

    state = dom(http_site + "/id/jurisdiction/mn.html", tmp_path, "jurisdiction.png")
    text = visible_text(state)
    assert "Minnesota" in text and "Most frequent partners" in text
    assert (URIRef(BASE + "jurisdiction/mn"), None, None) in embedded_graph(state)


def test_chromium_runs_no_script_from_a_release(http_site: str, site: Path, tmp_path: Path) -> None:
    page = next(
        p
        for p in (site / "id" / "release" / "nm" / "2018-08-10").glob("*.html")
        if "22-ags" in p.name
    )
    url = f"{http_site}/{page.relative_to(site)}"
    html = dom(url, tmp_path, "hostile.png")
    title = re.search(r"<title>(.*?)</title>", html, re.S)
    # the headline is the title, markup and all, as text: a script run would set "PWNED"
    assert title and title.group(1).startswith("AG Balderas Joins 22 AG's &lt;script&gt;")
    assert not re.search(r'<p\b[^>]*id="pwned"', html)  # the element the script would add
    assert "<img" not in html
    text = visible_text(html)
    assert "<script>document.title='PWNED'</script>" in text
    assert "<img src=x onerror=" in text
