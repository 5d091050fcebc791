"""Office HTML pages → releases: the article found, chrome dropped, what the page states
read before text patterns, pages without a release rejected with a reason.

The pages under tests/data/html/ are synthetic, written for these tests in the
layouts real offices use (the Minnesota AG site, a Drupal-like CMS, a bare <main>).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aglod.errors import InputError
from aglod.extraction.segments import segment
from aglod.pipeline.build import assemble
from aglod.records import Release
from aglod.sources.html import read_html_release
from aglod.sources.inputs import Rejected
from aglod.sources.pagemeta import office_of_url
from aglod.sources.reading import read_releases
from helpers import examples

PAGES = Path(__file__).resolve().parent / "data" / "html"
MN = PAGES / "mn_layout.html"
CMS = PAGES / "generic_cms.html"
MAIN = PAGES / "main_only.htm"
MN_HEADLINE = "Attorney General Ellison: “Students deserve schools that are safe for everyone”"
CMS_HEADLINE = "Attorney General Bonta Joins Multistate Amicus Brief Defending Clean Air Standards"
MAIN_HEADLINE = "AG Torrez Sues Landlord Over Illegal Evictions"


def _absent(release: Release, *phrases: str) -> None:
    for phrase in phrases:
        assert phrase not in release.text, f"chrome {phrase!r} left in the text"


def test_minnesota_layout_is_repaired_and_rendered() -> None:
    r = read_html_release(MN)
    assert r.source == str(MN)
    assert r.content_hash.startswith("sha256:")
    assert r.stated_title == MN_HEADLINE  # og:title repaired and repeated by the <h1>
    assert r.stated_date == date(2019, 3, 1)  # <title> "March 1, 2019 Press Release" + address
    assert r.url == "https://www.ag.state.mn.us/Office/Communications/2019/03/01_SchoolSafety.asp"
    assert r.stated_office == "MN"  # ag.state.mn.us
    assert "â" not in r.text and "\x80" not in r.text
    paragraphs = r.text.split("\n\n")
    assert paragraphs[:3] == [
        "Press Release",
        MN_HEADLINE,
        "Minnesota joins 19 states in amicus brief supporting students’ right to a safe school",
    ]
    assert paragraphs[3].startswith("March 1, 2019 (SAINT PAUL) — Attorney General Keith Ellison")
    # <br> is a line break inside its paragraph; list items are marked
    assert "predicted.\nThe coalition filed the brief on Thursday." in r.text
    assert "\n\n- The district court ruled for the student in 2018.\n\n" in r.text
    _absent(r, "File a Complaint", "Automobiles", "Skip to Main Content", "Search")
    _absent(r, "Official Website", "445 Minnesota Street", "Recent Press Releases", "analytics")


def test_minnesota_layout_segments_as_a_release() -> None:
    r = read_html_release(MN)
    seg = segment(r)
    assert seg.headline is not None and seg.headline.quote == MN_HEADLINE
    assert seg.date is not None and seg.date.quote == "March 1, 2019"
    assert seg.dateline is not None and seg.dateline.quote == "SAINT PAUL"
    assert seg.lead is not None and "joined a coalition of 20 states" in seg.lead.quote


def test_generic_cms_page_reads_json_ld_and_drops_chrome() -> None:
    r = read_html_release(CMS)
    assert r.stated_title == CMS_HEADLINE
    # JSON-LD datePublished (as written, not moved to UTC) comes before the meta tag
    assert r.stated_date == date(2024, 5, 2)
    assert r.url == (
        "https://oag.ca.gov/news/press-releases/"
        "attorney-general-bonta-joins-multistate-amicus-brief-defending-clean-air"
    )
    assert r.stated_office == "CA"
    assert r.text.startswith(CMS_HEADLINE + "\n\n")
    assert "OAKLAND — California Attorney General Rob Bonta today joined" in r.text
    _absent(r, "Skip to main content", "Consumer Protection", "Careers at the Department")
    _absent(r, "Share on Facebook", "Email this page", "Related Press Releases", "Most Viewed")
    _absent(r, "Settlement With Texas Company", "Privacy Policy", "Copyright", "Tags:")
    _absent(r, "dataLayer", "Press Releases")  # script, breadcrumb
    seg = segment(r)
    assert seg.headline is not None and seg.headline.quote == CMS_HEADLINE
    assert seg.dateline is not None and seg.dateline.quote == "OAKLAND"
    assert seg.contacts and seg.contacts[0][1] is not None
    assert seg.contacts[0][1].quote == "(916) 210-6000"


def test_page_with_only_main_keeps_its_date_line_for_parsing() -> None:
    r = read_html_release(MAIN)
    assert r.stated_title == MAIN_HEADLINE
    assert r.stated_date is None and r.url is None and r.stated_office is None
    assert r.text.startswith(f"For Immediate Release: June 5, 2023\n\n{MAIN_HEADLINE}\n\n")
    _absent(r, "Contact the Office", "Opinions", "Galisteo", "New Mexico Department of Justice")
    seg = segment(r)
    assert seg.headline is not None and seg.headline.quote == MAIN_HEADLINE
    assert seg.date is not None and seg.date.quote == "June 5, 2023"


@pytest.mark.parametrize(
    "name, reason",
    [("not_found.html", "an error page"), ("listing.asp", "a listing of releases")],
)
def test_pages_without_a_release_are_rejected(name: str, reason: str) -> None:
    with pytest.raises(InputError) as err:
        read_html_release(PAGES / name)
    assert err.value.source == str(PAGES / name)
    assert err.value.reason.startswith(reason)
    assert "\n" not in str(err.value)


@pytest.mark.parametrize(
    "page, reason",
    [
        (b"", "the file is empty"),
        (b"<html><head><title>x</title></head><body> </body></html>", "the page has no text"),
        (b"<html><body><h1>Title only</h1><p>Too short.</p></body></html>", "no article text"),
        (b"<html><body><div>" + b"word " * 80 + b"</div></body></html>", "no headline"),
    ],
)
def test_bytes_without_an_article_are_rejected(page: bytes, reason: str) -> None:
    with pytest.raises(InputError) as err:
        read_html_release(page, "inline.html")
    assert err.value.source == "inline.html"
    assert err.value.reason.startswith(reason)


def test_headline_comes_before_what_the_page_prints_above_it() -> None:
    page = (
        "<html><body><main><p>Consumer Protection</p><p>Posted May 1, 2024</p>"
        "<h1>AG Sues Lender</h1>"
        + "<p>The Attorney General today sued a lender that broke the law again.</p>" * 6
        + "</main></body></html>"
    ).encode()
    r = read_html_release(page, "p.html")
    # a date line is a label and stays above the headline; a kicker moves below it
    assert r.text.split("\n\n")[:3] == [
        "Posted May 1, 2024",
        "AG Sues Lender",
        "Consumer Protection",
    ]
    seg = segment(r)
    assert seg.headline is not None and seg.headline.quote == "AG Sues Lender"


def test_heading_in_a_title_wrapper_is_the_headline() -> None:
    page = (
        "<html><body><header class='site-header'><h1 class='logo'>Office of the AG</h1>"
        "</header><div class='page-header'><h1>AG Sues Lender</h1></div><div class='body'>"
        + "<p>The Attorney General today sued a lender that broke the law again.</p>" * 6
        + "</div></body></html>"
    ).encode()
    r = read_html_release(page, "p.html")
    assert r.stated_title == "AG Sues Lender"
    assert r.text.startswith("AG Sues Lender\n\nThe Attorney General today sued")
    assert "Office of the AG" not in r.text


def test_stale_og_title_loses_to_the_visible_heading() -> None:
    page = (
        '<html><head><meta property="og:title" content="An older release about something else">'
        "</head><body><div id='content'><h1>AG Sues Lender</h1>"
        + "<p>The Attorney General today sued a lender that broke the law again.</p>" * 6
        + "</div></body></html>"
    ).encode()
    assert read_html_release(page, "p.html").stated_title == "AG Sues Lender"


@pytest.mark.parametrize(
    "url, office",
    [
        ("https://www.ag.state.mn.us/Office/x.asp", "MN"),
        ("https://oag.ca.gov/news", "CA"),
        ("https://www.dc.gov/ag", "DC"),
        ("https://www.texasattorneygeneral.gov/news", None),
        ("https://www.us.gov/x", None),
        ("https://example.com/x", None),
        (None, None),
    ],
)
def test_office_only_from_an_official_state_domain(url: str | None, office: str | None) -> None:
    assert office_of_url(url) == office


def test_read_releases_dispatches_html_suffixes(tmp_path: Path) -> None:
    items = list(read_releases([PAGES]))
    names = {Path(i.source).name: i for i in items}
    assert sorted(names) == [
        "generic_cms.html",
        "listing.asp",
        "main_only.htm",
        "mn_layout.html",
        "not_found.html",
    ]
    assert isinstance(names["listing.asp"], Rejected)
    assert isinstance(names["not_found.html"], Rejected)
    assert "error page" in names["not_found.html"].reason
    assert all(isinstance(names[n], Release) for n in ("generic_cms.html", "mn_layout.html"))


def test_pages_end_to_end_through_the_pipeline() -> None:
    b = assemble(read_releases([MN, CMS, MAIN, PAGES / "not_found.html"]))
    assert b.read == 4
    assert [Path(r.source).name for r in b.rejected] == ["not_found.html"]
    facts = {Path(r.facts.release.source).name: r.facts for r in b.releases}
    mn, cms, nm = facts["mn_layout.html"], facts["generic_cms.html"], facts["main_only.htm"]
    assert (mn.title, mn.date, mn.office) == (MN_HEADLINE, date(2019, 3, 1), "MN")
    assert (cms.title, cms.date, cms.office) == (CMS_HEADLINE, date(2024, 5, 2), "CA")
    assert (nm.title, nm.date, nm.office) == (MAIN_HEADLINE, date(2023, 6, 5), "NM")
    assert mn.issuer is not None and mn.issuer.name == "Keith Ellison"
    assert cms.issuer is not None and cms.issuer.name == "Rob Bonta"
    [brief] = mn.actions
    assert brief.type == "AmicusBrief" and brief.role == "joined"
    assert sorted(brief.leads) == ["CA", "NY"]
    coalition = "MN CA NY CT DE HI IL ME MD MA NV NJ NM OR PA RI VT VA WA DC"
    assert sorted(brief.participants) == sorted(coalition.split(" "))
    assert brief.stated_count == 20
    [amicus] = cms.actions
    assert amicus.type == "AmicusBrief" and sorted(amicus.leads) == ["MA", "NY"]
    assert len(amicus.participants) == amicus.stated_count == 18
    assert nm.actions and nm.actions[0].type == "Lawsuit" and nm.actions[0].role == "sole"
    # every evidence span points into the release text
    for f in (mn, cms, nm):
        assert f.title_span is not None
        assert f.release.text[f.title_span.start : f.title_span.end] == f.title_span.quote


_TAGS = st.sampled_from(["p", "div", "h1", "h2", "li", "ul", "nav", "main", "article", "br"])


@settings(max_examples=examples(60), deadline=None)
@given(
    st.lists(
        st.one_of(
            _TAGS.map(lambda t: f"<{t}>"),
            _TAGS.map(lambda t: f"</{t}>"),
            st.text(min_size=1, max_size=40),
        ),
        max_size=40,
    )
)
def test_any_markup_gives_a_release_or_a_reason(parts: list[str]) -> None:
    page = ("<html><body>" + "".join(parts)).encode("utf-8", errors="surrogatepass")
    try:
        r = read_html_release(page, "fuzz.html")
    except InputError as err:
        assert err.reason and "\n" not in err.reason
        return
    assert r.stated_title and r.text.strip()
    seg = segment(r)
    assert seg.headline is not None


def test_deeply_nested_markup_is_read() -> None:
    """Nesting up to the limit (512 levels, where Chromium's parser stops nesting too) is
    read without recursion; deeper pages are rejected (tests/test_hostile_inputs.py)."""
    body = "<p>" + "The Attorney General sued a lender today. " * 10 + "</p>"
    page = f"<html><body><h1>AG Sues Lender</h1>{'<div>' * 500}{body}{'</div>' * 500}"
    r = read_html_release(page.encode(), "deep.html")
    assert r.text.startswith("AG Sues Lender\n\nThe Attorney General sued")
