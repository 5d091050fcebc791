"""Inputs made to leak or stall a build: symbolic links out of the input folder, system
files, pipes, pages nested to exhaust the parser, feed lines JSON allows but text does
not, entity expansion in RDF/XML, signals mid-build, file names that forge output lines.
Each is rejected (or refused) with a reason naming it, quickly, and the rest is built."""

from __future__ import annotations

import gzip
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from selectolax.lexbor import LexborHTMLParser

from aglod.cli import main
from aglod.sources.nesting import markup_depth, tree_depth
from helpers import CORPUS

pytestmark = pytest.mark.slow  # builds hostile inputs that take seconds to refuse

GOOD = (
    "nm_2018-08-10_3d-printed-gun-plans-letter.txt",
    "nm_2017-08-16_cda-sex-trafficking-letter.txt",
)
LEAD = (
    "SANTA FE, NM – Attorney General Hector Balderas today filed a lawsuit against Acme "
    "Lending Corp. for deceptive loan practices that harmed thousands of New Mexico families."
)


def run_build(*args: str) -> tuple[int, dict[str, Any], str]:
    """``aglod build ARGS --json``: exit code, the JSON summary, stderr."""
    result = CliRunner().invoke(main, ["build", *args, "--json"])
    summary = json.loads(result.stdout) if result.stdout.strip() else {}
    return result.exit_code, summary, result.stderr


def good_folder(tmp_path: Path) -> Path:
    """A folder of two bundled releases."""
    folder = tmp_path / "in"
    folder.mkdir()
    for name in GOOD:
        shutil.copy(CORPUS / name, folder / name)
    return folder


def rejects(summary: dict[str, Any]) -> dict[str, str]:
    """The build's rejects, source → reason."""
    return {r["source"]: r["reason"] for r in summary["rejects"]}


def feed_line(n: int) -> str:
    """A good feed line: a release of its own."""
    return json.dumps(
        {
            "url": f"https://ag.example.gov/news/{n}",
            "title": f"AG Sues Acme Lending Number {n}",
            "date": "2021-03-03",
            "office": "NM",
            "text": f"AG Sues Acme Lending Number {n}\n\nMarch 3, 2021\n\n{LEAD}",
        }
    )


# ---------------------------------------------------------------------------- feeds

BAD_LINES = {
    "lone surrogate in the title": (
        '{"title": "AG \\ud800 Sues", "text": "Attorney General Balderas sued Acme."}',
        '"title" holds a lone surrogate (\\ud800), not text',
    ),
    "lone surrogate deep in an extra field": (
        '{"text": "Attorney General Balderas sued Acme.", "extra": [{"a": ["\\udfff"]}]}',
        '"extra" holds a lone surrogate (\\udfff), not text',
    ),
    "lone surrogate in a key": (
        '{"text": "Attorney General Balderas sued Acme.", "\\udc00": 1}',
        "a key holds a lone surrogate (\\udc00), not text",
    ),
    "5,000-digit integer": (
        '{"id": 1' + "0" * 4999 + ', "text": "Attorney General Balderas sued Acme."}',
        "a number of 5,000 digits, over aglod's limit of 100 digits",
    ),
    "number out of range": (
        '{"id": 1e5000, "text": "Attorney General Balderas sued Acme."}',
        "the number 1e5000 is out of range",
    ),
    "NaN": (
        '{"id": NaN, "text": "Attorney General Balderas sued Acme."}',
        "invalid JSON: NaN is not a JSON value",
    ),
    "200,000 nested arrays": ("[" * 200_000, "invalid JSON: nested too deeply"),
    "200,000 nested objects in a field": (
        '{"text": "x", "extra": ' + '{"a": ' * 200_000,
        "invalid JSON: nested too deeply",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_LINES))
def test_a_bad_feed_line_is_rejected_and_the_others_built(case: str, tmp_path: Path) -> None:
    line, reason = BAD_LINES[case]
    feed = tmp_path / "feed.jsonl"
    feed.write_text("\n".join([feed_line(1), line, feed_line(3)]) + "\n", encoding="utf-8")
    code, summary, err = run_build(str(feed), "--out", str(tmp_path / "out"))
    assert code == 2, err
    assert rejects(summary) == {f"{feed}:2": reason}
    assert summary["built"] == 2
    assert f"aglod: rejected {feed}:2: {reason}" in err


# ----------------------------------------------------------------------------- HTML

PARAGRAPH = f"<p>{LEAD} {LEAD}</p>"
PAGE_HEAD = "<html><head><title>AG Sues Acme</title></head><body><h1>AG Sues Acme Lending</h1>"
DEEP_PAGES = {
    # 100,000 nested <div> in 1.1 MB: the parser alone took minutes
    "divs.html": PAGE_HEAD + "<div>" * 100_000 + PARAGRAPH + "</div>" * 100_000,
    # 3 MB of unclosed <span>: over ten minutes in aglod's own walks
    "spans.html": PAGE_HEAD + PARAGRAPH + "<span>x" * (3_000_000 // 7),
    # end tags the parser ignores (a <div> is open above the <x>), so each <x><div> nests
    "ignored_ends.html": PAGE_HEAD + "<x><div></x>" * 60_000 + PARAGRAPH,
    # "<!-->" is a whole comment: what follows is markup
    "short_comment.html": PAGE_HEAD + "<!-->" + "<blockquote>" * 60_000 + PARAGRAPH,
    # a list in each list item
    "lists.html": PAGE_HEAD + "<ul><li>" * 60_000 + PARAGRAPH,
}


def test_pages_nested_to_stall_the_parser_are_rejected_within_seconds(tmp_path: Path) -> None:
    folder = good_folder(tmp_path)
    for name, page in DEEP_PAGES.items():
        (folder / name).write_text(page, encoding="utf-8")
    started = time.monotonic()
    code, summary, err = run_build(str(folder), "--out", str(tmp_path / "out"), "-j", "1")
    took = time.monotonic() - started
    assert code == 2, err
    assert summary["built"] == 2
    assert rejects(summary) == {
        str(
            folder / name
        ): "the page is nested more than 512 levels deep, over aglod's limit of 512"
        for name in DEEP_PAGES
    }
    assert took < 10 * len(DEEP_PAGES), f"{took:.1f} s"


def test_a_page_nested_within_the_limit_is_built(tmp_path: Path) -> None:
    page = tmp_path / "nested.html"
    page.write_text(PAGE_HEAD + "<div>" * 400 + PARAGRAPH + "</div>" * 400, encoding="utf-8")
    code, summary, err = run_build(str(page), "--out", str(tmp_path / "out"))
    assert (code, summary["built"]) == (0, 1), err


def test_markup_depth_follows_the_parser_on_real_pages() -> None:
    """The count before parsing is never above the depth of the tree the parser builds
    on the pages of the tests (real office layouts), so that none is rejected for it."""
    for page in sorted((Path(__file__).parent / "data" / "html").iterdir()):
        markup = page.read_text("utf-8", errors="replace")
        assert 0 < markup_depth(markup) <= tree_depth(LexborHTMLParser(markup).root), page.name


# ------------------------------------------------------------------------- validate

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"


def billion_laughs() -> str:
    """1 KB of RDF/XML whose entities expand to a thousand million "lol"s."""
    entities = ['<!ENTITY lol0 "lol">'] + [
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10)
    ]
    return (
        '<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [\n' + "\n".join(entities) + "\n]>\n"
        f'<rdf:RDF xmlns:rdf="{RDF}" xmlns:ex="http://example.org/">'
        '<rdf:Description rdf:about="http://example.org/a"><ex:p>&lol9;</ex:p>'
        "</rdf:Description></rdf:RDF>\n"
    )


def test_entity_expansion_in_rdf_xml_is_refused_within_seconds(tmp_path: Path) -> None:
    laughs = tmp_path / "laughs.rdf"
    laughs.write_text(billion_laughs(), encoding="utf-8")
    assert laughs.stat().st_size < 1100
    started = time.monotonic()
    result = CliRunner().invoke(main, ["validate", str(laughs)])
    assert time.monotonic() - started < 10
    assert result.exit_code == 2
    assert result.stderr == (
        f"aglod: error: {laughs}: the document declares the XML entity 'lol0': "
        "aglod expands no entities\n"
    )


def test_external_entities_are_refused_and_never_read(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("s3cr3t-value", encoding="utf-8")
    doc = tmp_path / "external.rdf"
    doc.write_text(
        f'<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [<!ENTITY x SYSTEM "{secret.as_uri()}">]>\n'
        f'<rdf:RDF xmlns:rdf="{RDF}" xmlns:ex="http://example.org/">'
        '<rdf:Description rdf:about="http://example.org/a"><ex:p>&x;</ex:p>'
        "</rdf:Description></rdf:RDF>\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["validate", str(doc), "--format", "json"])
    assert result.exit_code == 2
    assert "declares the XML entity 'x'" in result.stderr
    assert "s3cr3t" not in result.output


def test_rdf_xml_without_entities_is_validated(tmp_path: Path) -> None:
    from aglod.validation.shacl import shapes_graph

    doc = tmp_path / "shapes.rdf"
    shapes_graph().serialize(doc, format="xml")
    result = CliRunner().invoke(main, ["validate", str(doc)])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1].startswith("conforms: 0 violations")


# ------------------------------------------------------------- links, pipes, /proc

SECRET = "aglod-test-secret-5f1c2e9a"
OUTSIDE = "a symbolic link to a file outside the input folder (--follow-symlinks to read it)"


def build_process(*args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """``aglod build ARGS --json`` in a process of its own, whose environment holds
    ``SECRET`` (what /proc/self/environ would show)."""
    env = {**os.environ, "AGLOD_TEST_SECRET": SECRET}
    return subprocess.run(
        [sys.executable, "-m", "aglod", "build", *args, "--json"],
        capture_output=True,
        text=True,
        env=env,
        timeout=timeout,
    )


def files_holding(folder: Path, text: str) -> list[Path]:
    """The files under ``folder`` (gzipped ones uncompressed) that hold ``text``."""
    found = []
    for path in folder.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            if path.suffix == ".gz":
                data = gzip.decompress(data)
            if text.encode() in data:
                found.append(path)
    return found


def hostile_folder(tmp_path: Path) -> Path:
    """Two good releases, an alias of one (a link inside the folder), links to
    /proc/self/environ, /etc/passwd and nothing, and a pipe."""
    folder = good_folder(tmp_path)
    (folder / "alias.txt").symlink_to(folder / GOOD[0])
    (folder / "env.txt").symlink_to("/proc/self/environ")
    (folder / "passwd.txt").symlink_to("/etc/passwd")
    (folder / "gone.txt").symlink_to(folder / "missing.txt")
    os.mkfifo(folder / "pipe.txt")
    return folder


def test_links_out_of_the_folder_system_files_and_pipes_are_rejected(tmp_path: Path) -> None:
    folder = hostile_folder(tmp_path)
    out = tmp_path / "out"
    done = build_process(str(folder), "--out", str(out), timeout=60)
    assert done.returncode == 2, done.stderr
    summary = json.loads(done.stdout)
    assert summary["built"] == 3  # the two releases and the alias
    found = rejects(summary)
    assert found == {
        str(folder / "env.txt"): found[str(folder / "env.txt")],
        str(folder / "passwd.txt"): OUTSIDE,
        str(folder / "gone.txt"): "a symbolic link to nothing",
        str(folder / "pipe.txt"): "not a regular file",
    }
    assert found[str(folder / "env.txt")].endswith(
        "environ' is a file of the system (/proc, /sys, /dev): never read"
    )
    listed = json.loads((out / "rejected.json").read_text("utf-8"))
    assert {r["source"] for r in listed["rejects"]} == set(rejects(summary))
    assert files_holding(out, SECRET) == []
    assert files_holding(out, "root:x:0:0") == []


def test_follow_symlinks_reads_links_out_of_the_folder_but_never_system_files(
    tmp_path: Path,
) -> None:
    folder = good_folder(tmp_path)
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    shutil.copy(CORPUS / GOOD[0], outside / "release.txt")
    (folder / "linked.txt").symlink_to(outside / "release.txt")
    (folder / "env.txt").symlink_to("/proc/self/environ")
    os.mkfifo(folder / "pipe.txt")
    out = tmp_path / "out"
    done = build_process(str(folder), "--out", str(out), "--follow-symlinks", timeout=60)
    summary = json.loads(done.stdout)
    assert done.returncode == 2, done.stderr
    assert summary["built"] == 3
    assert set(rejects(summary)) == {str(folder / "env.txt"), str(folder / "pipe.txt")}
    assert files_holding(out, SECRET) == []


def test_a_file_named_as_a_link_is_read_only_with_follow_symlinks(tmp_path: Path) -> None:
    link = tmp_path / "link.txt"
    link.symlink_to(CORPUS / GOOD[0])
    code, summary, err = run_build(str(link), "--out", str(tmp_path / "out"))
    assert code == 2, err
    assert rejects(summary) == {str(link): "a symbolic link (--follow-symlinks to read it)"}
    code, summary, err = run_build(str(link), "--out", str(tmp_path / "out"), "--follow-symlinks")
    assert (code, summary["built"]) == (0, 1), err


def test_extract_and_eval_reject_links_out_of_the_folder(tmp_path: Path) -> None:
    folder = good_folder(tmp_path)
    (folder / "passwd.txt").symlink_to("/etc/passwd")
    result = CliRunner().invoke(main, ["extract", str(folder), "--json"])
    assert result.exit_code == 2
    assert f"aglod: rejected {folder / 'passwd.txt'}: {OUTSIDE}" in result.stderr
    assert "root:x:0" not in result.stdout
    assert len(json.loads(result.stdout)) == 2
    result = CliRunner().invoke(main, ["eval", str(folder), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["releases"] == 2
    (folder / "passwd.txt").unlink()
    (folder / "linked.txt").symlink_to(CORPUS / GOOD[0])  # outside the folder
    result = CliRunner().invoke(main, ["eval", str(folder), "--json"])
    assert f"aglod: rejected {folder / 'linked.txt'}: {OUTSIDE}" in result.stderr
    result = CliRunner().invoke(main, ["eval", str(folder), "--json", "--follow-symlinks"])
    assert result.exit_code == 0, result.output
    assert "rejected" not in result.stderr


def test_a_feed_given_as_a_link_to_a_system_file_is_refused(tmp_path: Path) -> None:
    feed = tmp_path / "feed.jsonl"
    feed.symlink_to("/proc/self/environ")
    done = build_process(str(feed), "--out", str(tmp_path / "out"), "--follow-symlinks")
    assert done.returncode == 2
    assert "is a file of the system (/proc, /sys, /dev): never read" in done.stderr
    assert SECRET not in done.stdout + done.stderr


# -------------------------------------------------------------------------- signals


def many_releases(folder: Path, copies: int) -> None:
    """``copies`` copies of each bundled release, each a release of its own."""
    folder.mkdir()
    for n in range(copies):
        for release in sorted(CORPUS.glob("*.txt")):
            text = release.read_text("utf-8")
            (folder / f"{n:03d}_{release.name}").write_text(f"{text}\n\nCopy {n}.\n", "utf-8")


def dataset(out: Path) -> dict[str, bytes]:
    """The files of a build folder (not its work cache), by name."""
    return {
        str(p.relative_to(out)): p.read_bytes()
        for p in sorted(out.rglob("*"))
        if p.is_file() and ".cache" not in p.parts and p.name != ".aglod.lock"
    }


@pytest.mark.parametrize(("signum", "code"), [(signal.SIGTERM, 143), (signal.SIGINT, 130)])
def test_a_signal_stops_a_build_promptly_and_leaves_the_dataset(
    signum: int, code: int, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    assert build_process(str(good_folder(tmp_path)), "--out", str(out)).returncode == 0
    before = dataset(out)
    folder = tmp_path / "many"
    many_releases(folder, 20)  # 480 releases: a minute or more of work
    env = {**os.environ, "AGLOD_TEST_SECRET": SECRET}
    build = subprocess.Popen(
        [sys.executable, "-m", "aglod", "build", str(folder), "--out", str(out), "-j", "2"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        start_new_session=True,  # its own process group, as a shell gives a job
    )
    try:
        deadline = time.monotonic() + 60
        while len(list((out / ".cache").glob("facts/**/*"))) < 60:  # the workers' output
            assert build.poll() is None and time.monotonic() < deadline, "never started"
            time.sleep(0.2)
        assert build.poll() is None, "finished before the signal"
        workers = children(build.pid)
        stopped = time.monotonic()
        # Ctrl-C reaches the whole job; SIGTERM (kill PID) the main process only
        if signum == signal.SIGINT:
            os.killpg(build.pid, signum)
        else:
            build.send_signal(signum)
        _out, err = build.communicate(timeout=30)
        took = time.monotonic() - stopped
    finally:
        if build.poll() is None:
            build.kill()
    assert build.returncode == code, err
    assert took < 5, f"{took:.1f} s"
    assert err.strip().endswith(f"aglod: stopped by {signal.Signals(signum).name}"), err
    assert "Traceback" not in err
    assert dataset(out) == before
    deadline = time.monotonic() + 5
    while (left := [pid for pid in workers if running(pid)]) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert left == [], [Path(f"/proc/{pid}/cmdline").read_bytes() for pid in left]


def running(pid: int) -> bool:
    """Whether process ``pid`` is alive (not gone, not a zombie)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return False


def children(pid: int) -> list[int]:
    """The processes started by ``pid``, and theirs (from /proc)."""
    found: list[int] = []
    todo = [pid]
    while todo:
        parent = todo.pop()
        for task in Path(f"/proc/{parent}/task").glob("*/children"):
            kids = [int(k) for k in task.read_text().split()]
            found.extend(kids)
            todo.extend(kids)
    return found


# ---------------------------------------------------------------------- file names


def test_file_names_cannot_forge_output_lines(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(CORPUS / GOOD[0], folder / "one\nFORGED.txt")
    (folder / "empty\naglod: rejected NOTHING.txt").write_bytes(b"")
    shutil.copy(CORPUS / GOOD[1], Path(os.fsdecode(bytes(folder) + b"/bad\xffname.txt")))
    code, summary, err = run_build(str(folder), "--out", str(tmp_path / "out"))
    assert code == 2, err
    assert summary["built"] == 1
    assert rejects(summary) == {
        f"{folder}/bad\\xffname.txt": "the file name is not UTF-8 text (rename the file)",
        f"{folder}/empty\naglod: rejected NOTHING.txt": "the file is empty",
    }
    assert f"aglod: rejected {folder}/empty\\naglod: rejected NOTHING.txt: the" in err
    assert not any(line.startswith("aglod: rejected NOTHING") for line in err.splitlines())
    result = CliRunner().invoke(main, ["extract", str(folder)])
    assert result.exit_code == 2
    assert f"{folder}/one\\nFORGED.txt" in result.stdout.splitlines()
    assert "FORGED.txt" not in result.stdout.splitlines()
    assert not any(
        line.startswith("aglod: rejected NOTHING") for line in result.stderr.splitlines()
    )


def test_a_text_naming_thousands_of_contacts_is_rejected_quickly(tmp_path: Path) -> None:
    """1 MB of "Name: phone" lines at the end of a release would be 38,000 contacts
    and a graph that takes minutes to render: it is rejected with the reason."""
    folder = tmp_path / "in"
    folder.mkdir()
    head = (
        "AG Balderas Sues Acme Lending\n\nMarch 3, 2021\n\nSANTA FE, NM – Attorney General "
        "Hector Balderas today filed a lawsuit against Acme Lending Corp. for deceptive "
        "loan practices that harmed thousands of New Mexico families.\n\n"
    )
    lines = "".join(f"Pat Doe{chr(65 + i % 26)}: 505-555-{i % 10000:04d}\n" for i in range(30000))
    (folder / "release.txt").write_text(head + lines[: 1_000_000 - len(head)], encoding="utf-8")
    started = time.perf_counter()
    result = CliRunner().invoke(
        main, ["build", str(folder), "--out", str(tmp_path / "out"), "--json"]
    )
    seconds = time.perf_counter() - started
    assert result.exit_code == 2, result.output
    summary = json.loads(result.stdout)
    assert summary["rejected"] == 1
    assert "press contacts, over aglod's limit of 50" in summary["rejects"][0]["reason"]
    assert seconds < 10, seconds
