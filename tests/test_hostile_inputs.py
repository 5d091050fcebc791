"""Inputs made to leak or stall a build: symbolic links out of the input folder, system
files, pipes, pages nested to exhaust the parser, feed lines JSON allows but text does
not, entity expansion in RDF/XML, signals mid-build, file names that forge output lines.
Each is rejected (or refused) with a reason naming it, quickly, and the rest is built."""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from selectolax.lexbor import LexborHTMLParser

from aglod.cli import main
from aglod.nesting import markup_depth, tree_depth
from helpers import CORPUS

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
    from aglod.validation import shapes_graph

    doc = tmp_path / "shapes.rdf"
    shapes_graph().serialize(doc, format="xml")
    result = CliRunner().invoke(main, ["validate", str(doc)])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1].startswith("conforms: 0 violations")
