"""JSON Lines feeds → releases: good lines built, each broken line a Rejected naming the
file and line, what a line states before what the text or page says."""

from __future__ import annotations

import io
import json
import sys
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aglod.errors import InputError
from aglod.pipeline.build import assemble
from aglod.records import Release
from aglod.sources.feeds import feed_release, feed_releases, read_feed
from aglod.sources.inputs import STDIN, Rejected
from aglod.sources.reading import read_releases
from helpers import examples

FEED = Path(__file__).resolve().parent / "data" / "feeds" / "mixed.jsonl"
NM_URL = "https://nmdoj.gov/press-release/tenants-letter/"
MN_URL = "https://www.ag.state.mn.us/Office/Communications/2024/05/06_StormScams.asp"


@pytest.fixture(scope="module")
def items() -> list[Release | Rejected]:
    return list(read_releases([FEED]))


def _rejected(items: list[Release | Rejected]) -> dict[str, str]:
    return {r.source: r.reason for r in items if isinstance(r, Rejected)}


def test_good_lines_become_releases_named_by_url_or_line(
    items: list[Release | Rejected],
) -> None:
    releases = [r for r in items if isinstance(r, Release)]
    assert [r.source for r in releases] == [NM_URL, MN_URL, f"{FEED}:9"]
    nm, mn, mi = releases
    assert (nm.url, nm.stated_title, nm.stated_date, nm.stated_office) == (
        NM_URL,
        "AG Torrez Joins Coalition Urging Congress to Protect Tenants",
        date(2024, 4, 30),
        "NM",  # "nm" in the feed, normalised
    )
    assert nm.text.startswith("FOR IMMEDIATE RELEASE\n\nAG Torrez Joins Coalition")
    # an html line is read as a page: chrome dropped, its own metadata kept
    assert mn.url == MN_URL and mn.stated_office == "MN"
    assert mn.stated_title == "AG Ellison Warns Consumers About Storm Repair Scams"
    assert mn.text.startswith("AG Ellison Warns Consumers About Storm Repair Scams\n\n")
    assert "File a Complaint" not in mn.text and "Privacy Policy" not in mn.text
    assert mi.url is None and mi.stated_title is None and mi.stated_date is None
    assert len({r.content_hash for r in releases}) == 3


def test_each_broken_line_is_rejected_with_file_and_line(
    items: list[Release | Rejected],
) -> None:
    rejected = _rejected(items)
    assert sorted(rejected, key=lambda s: int(s.rsplit(":", 1)[1])) == [
        f"{FEED}:{n}" for n in (4, 5, 6, 7, 10, 11, 12)
    ]
    assert rejected[f"{FEED}:4"].startswith("invalid JSON: ")
    assert rejected[f"{FEED}:5"].startswith('neither "text" nor "html"')
    assert rejected[f"{FEED}:6"].startswith("bad date '2019-02-30'")
    assert rejected[f"{FEED}:7"].startswith("bad office 'ZZ'")
    assert rejected[f"{FEED}:10"] == f"the same url as line 1: {NM_URL}"
    assert rejected[f"{FEED}:11"].startswith("html: no article text")
    assert rejected[f"{FEED}:12"] == "a line must hold a JSON object, not an array"
    assert all("\n" not in reason for reason in rejected.values())


def test_blank_lines_are_skipped(items: list[Release | Rejected]) -> None:
    lines = FEED.read_text(encoding="utf-8").splitlines()
    blank = {n for n, line in enumerate(lines, 1) if not line.strip()}
    assert blank == {2, 8}
    assert len(items) == len(lines) - len(blank)


@pytest.mark.parametrize(
    "line, reason",
    [
        (b'{"text": "x", "url": "ftp://example.org/x"}', "url 'ftp://example.org/x' is not"),
        (b'{"text": 12}', '"text" must be a string, not a number'),
        (b'{"text": "x", "date": 20190301}', "bad date 20190301"),
        (b'{"text": "x", "office": "US "}', None),
        (b'{"text": "x", "id": [1]}', "id must be a string or a number"),
        (b'{"text": "   "}', 'neither "text" nor "html"'),
        (b'{"text": "x"}\xff', "not UTF-8"),
    ],
)
def test_field_checks(line: bytes, reason: str | None) -> None:
    if reason is None:
        assert feed_release(line, "f.jsonl:3").stated_office == "US"
        return
    with pytest.raises(InputError) as err:
        feed_release(line, "f.jsonl:3")
    assert str(err.value).startswith(f"f.jsonl:3: {reason}")


def test_feed_fields_win_over_the_page(tmp_path: Path) -> None:
    body = "<p>The Attorney General today sued a company that broke the law.</p>" * 5
    page = (
        '<html><head><meta property="og:title" content="Page Title">'
        '<meta name="date" content="2020-01-01"></head>'
        f"<body><main><h1>Page Title</h1>{body}</main></body></html>"
    )
    line = {"html": page, "title": "Feed Title", "date": "2021-02-03T10:00:00Z", "office": "OR"}
    feed = tmp_path / "f.jsonl"
    feed.write_text(json.dumps(line) + "\n", encoding="utf-8")
    [r] = list(read_feed(feed))
    assert isinstance(r, Release)
    assert r.stated_title == "Feed Title" and r.stated_office == "OR"
    assert r.stated_date == date(2021, 2, 3)
    assert r.source == f"{feed}:1"


def test_a_folder_holds_feeds_and_stdin_is_a_feed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "a.jsonl").write_bytes(FEED.read_bytes())
    (tmp_path / "empty.jsonl").write_bytes(b"\n\n")
    items = list(read_releases([tmp_path]))
    assert sum(isinstance(i, Release) for i in items) == 3
    assert Rejected(str(tmp_path / "empty.jsonl"), "the feed is empty") in items
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(FEED.read_bytes())))
    from_stdin = list(read_releases([STDIN]))
    assert [i.source for i in from_stdin if isinstance(i, Release)][-1] == "<stdin>:9"
    assert "<stdin>:4" in _rejected(from_stdin)


def test_feed_end_to_end_through_the_pipeline() -> None:
    b = assemble(read_releases([FEED]))
    assert b.read == 10 and len(b.releases) == 3 and len(b.rejected) == 7
    facts = {r.facts.release.source: r.facts for r in b.releases}
    nm = facts[NM_URL]
    assert (nm.date, nm.office) == (date(2024, 4, 30), "NM")
    [letter] = nm.actions
    assert letter.type == "Letter" and letter.role == "joined"
    assert sorted(letter.leads) == ["OR"] and letter.stated_count == 12
    assert len(letter.participants) == 12
    mn = facts[MN_URL]
    assert (mn.date, mn.office, mn.dateline) == (date(2024, 5, 6), "MN", "Saint Paul")
    mi = facts[f"{FEED}:9"]
    assert mi.title == "Attorney General Nessel Sues Robocaller" and mi.office == "MI"


_FIELDS = st.sampled_from(["text", "html", "url", "date", "office", "title", "id", "x"])
_VALUES = st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=80))
_OBJECTS = st.dictionaries(_FIELDS, _VALUES).map(lambda d: json.dumps(d).encode())


@settings(max_examples=examples(80), deadline=None)
@given(st.lists(st.one_of(st.binary(max_size=60), _OBJECTS), max_size=8))
def test_any_feed_gives_a_release_or_a_reason_per_line(lines: list[bytes]) -> None:
    lines = [line.replace(b"\n", b" ").replace(b"\r", b" ") for line in lines]
    items = list(feed_releases(lines, "fuzz.jsonl"))
    assert len(items) == sum(1 for line in lines if line.strip())
    for item in items:
        if isinstance(item, Rejected):
            assert item.source.startswith("fuzz.jsonl:") and "\n" not in item.reason
