"""Bad input: every odd file either builds with what can be read (SHACL warnings for
what is missing) or is rejected with a one-line reason naming it; the batch ends with
a summary and a report of the rejects, and the other releases are unaffected.

One batch holds every case (built once, in-process); each test checks its case."""

from __future__ import annotations

import json
import os
import random
import re
import shutil
import time
import tracemalloc
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS

from aglod.cli import main
from aglod.rdf.namespaces import SCHEMA
from aglod.reference.gazetteer import jurisdictions
from aglod.sources.feeds import read_feed
from aglod.sources.inputs import MAX_INPUT_BYTES, MAX_TEXT_CHARS, Rejected
from aglod.store.embedded import graph_names
from helpers import CORPUS, build_quads

GOOD = (
    "nm_2018-08-10_3d-printed-gun-plans-letter.txt",
    "nm_2017-08-16_cda-sex-trafficking-letter.txt",
)
LEAD = (
    "SANTA FE, NM – Attorney General Hector Balderas today filed a lawsuit against Acme "
    "Lending Corp. for deceptive loan practices that harmed thousands of New Mexico families."
)
LEAD_ASCII = LEAD.replace("–", "-")
QUOTE = '"Predatory lenders will be held accountable," said Attorney General Balderas.'


def release(headline: str, date: str = "March 3, 2021", lead: str = LEAD) -> str:
    return f"{headline}\n\n{date}\n\n{lead}\n\n{QUOTE}\n\n###\n"


HOSTILE = "<script>alert(1)</script> \"> . <http://evil> javascript:alert(1) } ''' ?x"
HOSTILE_BODY = (
    "SANTA FE, NM – Attorney General Hector Balderas today sued Evil Corp. "
    '<a href="javascript:alert(1)">x</a> "> . <http://evil/x> a <http://evil/C> . '
    "INSERT DATA { <a> <b> <c> } ; DROP ALL } ''' \"\"\" @prefix x: <y> . "
    "SERVICE <http://127.0.0.1:1/> { ?s ?p ?o } ]]> <!-- --> &amp; &lt;"
)
MOJIBAKE = "AG Balderas Sues â€œAcmeâ€\x9d Lending"

# name → bytes; what each case should give is in the tests below
REJECTED: dict[str, tuple[bytes, str]] = {
    "empty.txt": (b"", "the file is empty"),
    "blank.txt": (b"  \n\t\r\n ", "the file is empty"),
    "random.txt": (random.Random(7).randbytes(4000), "the file is binary"),
    "document.txt": (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< >>\nendobj\n", "a PDF document"),
    "image.html": (b"\x89PNG\r\n\x1a\n" + bytes(200), "a PNG image"),
    "nuls.txt": (b"AG\x00" * 400, "the file is binary"),
    "truncated.html": (
        b"<html><body><h1>AG Sues Lender</h1><p>The Attorney General today sued a lend",
        "no article text on the page",
    ),
    "not_found.html": (
        b"<html><head><title>404 Not Found</title></head><body><h1>Page not found</h1>"
        b"<p>The page you requested could not be found on this server.</p></body></html>",
        "an error page",
    ),
    "tags_only.html": (b"<html><body><div><span></span></div></body></html>", "no text"),
}
BUILT: dict[str, tuple[bytes, str]] = {
    "latin1.txt": (
        release("AG Balderas Sues Café Owner Over Señor Loans", lead=LEAD_ASCII).encode("latin-1"),
        "AG Balderas Sues Café Owner Over Señor Loans",
    ),
    "cp1252.txt": (
        release("AG Balderas Sues \u201cAcme\u201d Lending \u2013 Again").encode("cp1252"),
        "AG Balderas Sues \u201cAcme\u201d Lending \u2013 Again",
    ),
    "utf16_bom.txt": (
        release("AG Balderas Sues Lender Over Ütility Loans").encode("utf-16"),
        "AG Balderas Sues Lender Over Ütility Loans",
    ),
    "utf16le_no_bom.txt": (
        release("AG Balderas Sues Lender Over Payday Loans").encode("utf-16-le"),
        "AG Balderas Sues Lender Over Payday Loans",
    ),
    "mojibake.txt": (release(MOJIBAKE).encode("utf-8"), "AG Balderas Sues “Acme” Lending"),
    "controls.txt": (
        release("AG Balderas\x00 Sues\x07 Lender\x1b Over\x7f Loans").encode("utf-8"),
        "AG Balderas Sues Lender Over Loans",
    ),
    "malformed.html": (
        (
            "<html><body><div><h1>AG Balderas Sues Lender Over Title Loans</h1><p>"
            f"{LEAD}</b></i><p>{QUOTE}<td>stray cell</span></div></div></div><p>More text "
            "about the case follows here, and the page never closes its tags"
        ).encode(),
        "AG Balderas Sues Lender Over Title Loans",
    ),
    "hostile.txt": (release(HOSTILE, lead=HOSTILE_BODY).encode("utf-8"), HOSTILE),
}


def _feed() -> bytes:
    good = {"text": release("AG Balderas Sues Feed Lender"), "url": "https://nmag.gov/feed/1"}
    lines = [
        json.dumps(good),  # 1: built
        "{broken",  # 2
        "",  # 3: blank, skipped
        "[1, 2]",  # 4
        json.dumps({"html": 5}),  # 5
        json.dumps({"text": "x", "url": "https://nmag.gov/a b"}),  # 6: a space in the url
        json.dumps({"text": "x", "url": 'http://evil/"> .'}),  # 7
        json.dumps({"title": "no body"}),  # 8
        json.dumps({"text": "x", "date": "yesterday"}),  # 9
        "[" * 100_000,  # 10: nested too deeply
        json.dumps(good),  # 11: the same url as line 1
    ]
    return ("\n".join(lines) + "\n").encode("utf-8")


FEED_REJECTS = {
    2: "invalid JSON",
    4: "a line must hold a JSON object",
    5: '"html" must be a string',
    6: "is not a valid http(s) address",
    7: "is not a valid http(s) address",
    8: 'neither "text" nor "html"',
    9: "bad date 'yesterday'",
    10: "nested too deeply",
    11: "the same url as line 1",
}
MISSING = {
    "no_headline.txt": f"{LEAD}\n\n{QUOTE}\n\n###\n",
    "no_date.txt": f"Attorney General Balderas Sues Acme Lending\n\n{LEAD}\n\n###\n",
    "no_office.txt": (
        "Lender Sued Over Deceptive Loans\n\nMarch 3, 2021\n\nThe lawsuit filed today "
        "accuses a lender of deceptive practices against consumers across the region.\n\n###\n"
    ),
}


def _state_list(n: int) -> str:
    names = [j.name for j in jurisdictions()]
    return ", ".join(names[i % len(names)] for i in range(n))


def write_batch(folder: Path) -> None:
    folder.mkdir(parents=True)
    for name in GOOD:
        shutil.copy(CORPUS / name, folder / name)
    for name, (data, _) in {**REJECTED, **BUILT}.items():
        (folder / name).write_bytes(data)
    for name, text in MISSING.items():
        (folder / name).write_text(text, encoding="utf-8")
    states = _state_list(3000)
    (folder / "states.txt").write_text(
        release(
            "AG Balderas Joins Every State",
            lead=f"{LEAD} Joining him are the attorneys general of {states}.",
        ),
        encoding="utf-8",
    )
    (folder / "feed.jsonl").write_bytes(_feed())


def run_build(*args: str) -> tuple[int, dict[str, Any], str]:
    result = CliRunner().invoke(main, ["build", *args, "--json"])
    summary = json.loads(result.stdout) if result.stdout.strip() else {}
    return result.exit_code, summary, result.stderr


class Batch:
    def __init__(self, folder: Path, out: Path, code: int, summary: dict[str, Any], err: str):
        self.folder, self.out, self.code, self.summary, self.stderr = (
            folder,
            out,
            code,
            summary,
            err,
        )
        self.rejects = {Path(r["source"]).name: r["reason"] for r in summary["rejects"]}
        self.graph = Graph().parse(out / "aglod.ttl", format="turtle")
        self.validation = json.loads((out / "validation.json").read_text("utf-8"))

    def release(self, name: str) -> URIRef:
        [iri] = [
            s
            for s, o in self.graph.subject_objects(DCTERMS.source)
            if isinstance(o, Literal) and Path(str(o)).name == name
        ]
        assert isinstance(iri, URIRef)
        return iri

    def headline(self, name: str) -> str:
        return str(self.graph.value(self.release(name), SCHEMA.headline))

    def warnings(self, name: str) -> set[str]:
        """The SHACL warnings about a release and its actions."""
        iri = str(self.release(name))
        actions = iri.replace("/release/", "/action/") + "/"
        return {
            r["message"]
            for r in self.validation["results"]
            if r["severity"] == "Warning"
            and (r["focus"] == f"<{iri}>" or r["focus"].startswith(f"<{actions}"))
        }


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> Batch:
    root = tmp_path_factory.mktemp("batch")
    write_batch(root / "in")
    out = root / "out"
    started = time.perf_counter()
    code, summary, err = run_build(str(root / "in"), "--out", str(out))
    assert time.perf_counter() - started < 60
    return Batch(root / "in", out, code, summary, err)


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(REJECTED))
def test_rejected_with_a_one_line_reason_naming_the_file(batch: Batch, name: str) -> None:
    expected = REJECTED[name][1]
    assert expected in batch.rejects[name]
    lines = batch.stderr.splitlines()
    assert f"aglod: rejected {batch.folder / name}: {batch.rejects[name]}" in lines
    assert "\n" not in batch.rejects[name]


@pytest.mark.parametrize("name", sorted(BUILT))
def test_odd_encodings_and_markup_are_read(batch: Batch, name: str) -> None:
    assert name not in batch.rejects
    assert batch.headline(name) == BUILT[name][1]
    body = str(batch.graph.value(batch.release(name), SCHEMA.articleBody))
    assert all(c >= " " or c in "\n\t" for c in body), "control characters left in the text"
    assert "â€" not in body and "\ufffd" not in body


@pytest.mark.parametrize(
    "name, warning",
    [
        # its lead is read as the lead now (it was taken for a headline, losing the
        # office its dateline names): only the date is missing
        ("no_headline.txt", "release has no date"),
        ("no_date.txt", "release has no date"),
        ("no_office.txt", "release has no issuing jurisdiction"),
    ],
)
def test_missing_parts_build_with_warnings(batch: Batch, name: str, warning: str) -> None:
    assert name not in batch.rejects
    # a release that opens on its lead has no headline (its first line is no title)
    assert bool(batch.headline(name).strip()) == (name != "no_headline.txt")
    assert warning in batch.warnings(name)


def test_thousands_of_state_names(batch: Batch) -> None:
    """3,000 state names: built, each jurisdiction once among the participants."""
    iri = batch.release("states.txt")
    actions = list(batch.graph.objects(iri, URIRef("https://w3id.org/aglod/ontology#reports")))
    assert actions
    part = URIRef("https://w3id.org/aglod/ontology#participant")
    participants = {p for a in actions for p in batch.graph.objects(a, part)}
    assert 50 <= len(participants) <= 57


def test_text_that_looks_like_markup_or_rdf_stays_text(batch: Batch) -> None:
    """Markup, Turtle, SPARQL and IRIs in a release are literals, word for word; every
    IRI of the dataset is aglod's or a vocabulary's, and every file parses."""
    iri = batch.release("hostile.txt")
    assert batch.headline("hostile.txt") == HOSTILE
    body = str(batch.graph.value(iri, SCHEMA.articleBody))
    assert HOSTILE_BODY in body
    allowed = (
        "https://w3id.org/aglod/",
        "http://schema.org/",
        "http://www.w3.org/",
        "http://purl.org/dc/",
        "http://purl.org/linked-data/cube#",
        "http://www.wikidata.org/entity/",
        "https://nmag.gov/feed/1",
    )
    names: set[str] = set()
    for q in build_quads(batch.out):
        for term in (q.subject, q.predicate, q.object, q.graph_name):
            if isinstance(term, ox.NamedNode):
                names.add(term.value)
    assert not [n for n in names if not n.startswith(allowed)]
    assert not [n for n in names if n.startswith(("http://evil", "javascript:"))]
    ours = [n for n in names if n.startswith("https://w3id.org/aglod/id/")]
    assert all(re.fullmatch(r"[a-z0-9/#-]+", n.split("/aglod/id/")[1]) for n in ours)
    for name in ("aglod.trig", "aglod-inferred.ttl"):
        fmt = ox.RdfFormat.TRIG if name.endswith("trig") else ox.RdfFormat.TURTLE
        assert list(ox.parse(path=str(batch.out / name), format=fmt))
    assert list(ox.parse(path=str(batch.out / "aglod.jsonld"), format=ox.RdfFormat.JSON_LD))


@pytest.mark.parametrize("line", sorted(FEED_REJECTS))
def test_feed_lines_are_rejected_with_file_and_line(batch: Batch, line: int) -> None:
    assert FEED_REJECTS[line] in batch.rejects[f"feed.jsonl:{line}"]


def test_good_feed_line_is_built(batch: Batch) -> None:
    names = {str(o) for o in batch.graph.objects(None, DCTERMS.source)}
    assert "https://nmag.gov/feed/1" in names


def test_summary_report_and_exit_code(batch: Batch) -> None:
    s = batch.summary
    assert batch.code == 2  # some rejected, the rest built
    expected_rejects = len(REJECTED) + len(FEED_REJECTS)
    assert s["rejected"] == expected_rejects
    built = len(GOOD) + len(BUILT) + len(MISSING) + 1 + 1  # + states, + the good feed line
    assert (s["read"], s["built"]) == (built + expected_rejects, built)
    assert "rejected.json" in s["files"] and "rejected.txt" in s["files"]
    report = json.loads((batch.out / "rejected.json").read_text("utf-8"))
    assert report["rejected"] == expected_rejects
    assert [(r["source"], r["reason"]) for r in report["rejects"]] == [
        (r["source"], r["reason"]) for r in s["rejects"]
    ]
    assert not any(r["internal_error"] for r in report["rejects"])
    lines = (batch.out / "rejected.txt").read_text("utf-8").splitlines()
    assert lines == [f"{r['source']}: {r['reason']}" for r in report["rejects"]]
    build_json = json.loads((batch.out / "build.json").read_text("utf-8"))
    assert build_json["rejected"] == expected_rejects
    assert f"read {s['read']}, built {s['built']}, rejected {expected_rejects}" in batch.stderr


def test_report_is_deterministic_and_goes_when_nothing_is_rejected(
    batch: Batch, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    shutil.copytree(batch.out, out)
    before = (out / "rejected.json").read_bytes()
    code, _summary, _err = run_build(str(batch.folder), "--out", str(out))
    assert code == 2
    assert (out / "rejected.json").read_bytes() == before
    good = tmp_path / "good"
    good.mkdir()
    for name in GOOD:
        shutil.copy(CORPUS / name, good / name)
    code, summary, _err = run_build(str(good), "--out", str(out))
    assert code == 0 and summary["rejected"] == 0
    assert not (out / "rejected.json").exists() and not (out / "rejected.txt").exists()


def _good_folder(root: Path) -> Path:
    folder = root / "in"
    folder.mkdir(parents=True)
    for name in GOOD:
        shutil.copy(CORPUS / name, folder / name)
    return folder


@pytest.mark.slow
def test_bad_files_do_not_change_the_good_releases(tmp_path: Path) -> None:
    """Good and rejected files together give the very bytes of the good ones alone."""
    folder = _good_folder(tmp_path)
    code, _s, _e = run_build(str(folder), "--out", str(tmp_path / "alone"))
    assert code == 0
    for name in ("empty.txt", "random.txt", "truncated.html", "document.txt"):
        (folder / name).write_bytes(REJECTED[name][0])
    (folder / "feed.jsonl").write_bytes(b"{broken\n[1]\n")
    code, summary, _e = run_build(str(folder), "--out", str(tmp_path / "mixed"))
    assert code == 2 and summary["rejected"] == 6
    for name in ("aglod.nq.gz", "aglod.ttl", "aglod.jsonld", "aglod-inferred.ttl"):
        assert (tmp_path / "mixed" / name).read_bytes() == (tmp_path / "alone" / name).read_bytes()


def test_odd_releases_beside_good_ones_leave_their_graphs_alone(
    batch: Batch, tmp_path: Path
) -> None:
    """In the batch of every case, each good release's named graph holds exactly the
    quads it holds in a build of the good releases alone."""
    folder = _good_folder(tmp_path)
    code, _s, _e = run_build(str(folder), "--out", str(tmp_path / "alone"))
    assert code == 0

    def graphs(build: Path, prefix: Path) -> dict[str, set[str]]:
        out: dict[str, set[str]] = {}
        for q in build_quads(build):
            if isinstance(q.graph_name, ox.NamedNode):
                out.setdefault(q.graph_name.value, set()).add(str(q.triple))
        # provenance names the file by its path: compare by file name
        return {g: {t.replace(str(prefix), "IN") for t in ts} for g, ts in out.items()}

    alone = graphs(tmp_path / "alone", folder)
    mixed = graphs(batch.out, batch.folder)
    release_graphs = [g for g in alone if g not in graph_names().values()]
    assert len(release_graphs) == len(GOOD)
    for g in release_graphs:
        assert mixed[g] == alone[g], g


def _files(folder: Path) -> dict[str, tuple[bytes, int]]:
    """The files of an output folder (not its lock or cache), with their mtimes."""
    return {
        p.name: (p.read_bytes(), p.stat().st_mtime_ns)
        for p in folder.iterdir()
        if p.is_file() and not p.name.startswith(".")
    }


def test_on_error_fail_stops_and_leaves_the_output_as_it_was(batch: Batch, tmp_path: Path) -> None:
    out = tmp_path / "out"
    folder = _good_folder(tmp_path)
    assert run_build(str(folder), "--out", str(out))[0] == 0
    before = _files(out)
    (folder / "zz_binary.txt").write_bytes(REJECTED["random.txt"][0])
    result = CliRunner().invoke(
        main, ["build", str(folder), "--out", str(out), "--on-error", "fail"]
    )
    assert result.exit_code == 2
    assert f"{folder / 'zz_binary.txt'}: the file is binary" in result.stderr
    assert "--on-error fail" in result.stderr
    assert _files(out) == before
    # the default, skip: the same inputs build, the binary file listed
    assert run_build(str(folder), "--out", str(out), "--on-error", "skip")[0] == 2
    assert "zz_binary.txt: the file is binary" in (out / "rejected.txt").read_text("utf-8")


def test_on_error_fail_stops_at_a_broken_feed_line(tmp_path: Path) -> None:
    folder = _good_folder(tmp_path)
    (folder / "feed.jsonl").write_bytes(b'{"text": "x"}\n{broken\n')
    result = CliRunner().invoke(
        main, ["build", str(folder), "--out", str(tmp_path / "out"), "--on-error", "fail"]
    )
    assert result.exit_code == 2
    assert f"{folder / 'feed.jsonl'}:2: invalid JSON" in result.stderr
    assert not (tmp_path / "out" / "aglod.ttl").exists()


@pytest.mark.slow
@pytest.mark.parametrize("suffix", [".txt", ".html"])
def test_a_50_mb_file_is_rejected_unread(tmp_path: Path, suffix: str) -> None:
    """Over MAX_INPUT_BYTES (5 MiB): rejected at once, by its size, without reading it."""
    folder = _good_folder(tmp_path)
    big = folder / f"big{suffix}"
    chunk = (release("AG Balderas Sues Lender") * 200).encode("utf-8")
    with big.open("wb") as fh:
        while fh.tell() < 50 * 1024 * 1024:
            fh.write(chunk)
    started = time.perf_counter()
    tracemalloc.start()
    try:
        code, summary, _err = run_build(str(folder), "--out", str(tmp_path / "out"))
        _now, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    seconds = time.perf_counter() - started
    assert code == 2 and summary["built"] == len(GOOD)
    [reject] = summary["rejects"]
    assert reject["source"] == str(big)
    assert reject["reason"].startswith("the file is 50.") and "limit of 5 MiB" in reject["reason"]
    # a build of the good releases alone peaks near 30 MB; reading the file adds 50
    assert peak < 40 * 1024 * 1024, f"peak {peak / 1e6:.1f} MB: the file was read"
    assert seconds < 30


def test_a_huge_feed_line_is_rejected_with_bounded_memory(tmp_path: Path) -> None:
    feed = tmp_path / "big.jsonl"
    good = json.dumps({"text": release("AG Balderas Sues Feed Lender")})
    with feed.open("wb") as fh:
        fh.write(good.encode() + b"\n")
        fh.write(b'{"text": "' + b"a" * (12 * 1024 * 1024) + b'"}\n')
        fh.write(good.encode() + b"\n")
    tracemalloc.start()
    try:
        items = list(read_feed(feed))
        _now, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert [type(i).__name__ for i in items] == ["Release", "Rejected", "Release"]
    rejected = items[1]
    assert isinstance(rejected, Rejected) and rejected.source == f"{feed}:2"
    assert "over aglod's limit of 5 MiB" in rejected.reason
    assert peak < 3 * MAX_INPUT_BYTES


def test_a_text_over_the_character_limit_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "long.txt"
    path.write_text(release("AG Sues") + "word " * (MAX_TEXT_CHARS // 5 + 10), encoding="utf-8")
    code, summary, _err = run_build(str(path), "--out", str(tmp_path / "out"))
    assert code == 2
    assert "over aglod's limit of 1,000,000 for one release" in summary["rejects"][0]["reason"]


def test_a_fifo_is_rejected_not_read(tmp_path: Path) -> None:
    """A pipe named like a release would block a reader forever: rejected unread."""
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    code, summary, _err = run_build(str(fifo), "--out", str(tmp_path / "out"))
    assert code == 2
    assert summary["rejects"] == [{"source": str(fifo), "reason": "not a regular file"}]


def test_an_unsupported_file_given_by_name_is_rejected(tmp_path: Path) -> None:
    """Named on the command line, a .doc is rejected; in a folder, it is not a release
    file and is passed over."""
    folder = _good_folder(tmp_path)
    doc = folder / "notes.doc"
    doc.write_bytes(b"Headline\n\nBody.")
    code, summary, _err = run_build(str(doc), str(folder / GOOD[0]), "--out", str(tmp_path / "a"))
    assert code == 2
    assert summary["rejects"] == [{"source": str(doc), "reason": "unsupported file type '.doc'"}]
    code, summary, _err = run_build(str(folder), "--out", str(tmp_path / "b"))
    assert code == 0 and summary["read"] == len(GOOD)
