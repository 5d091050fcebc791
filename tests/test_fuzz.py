"""Fuzzing with hypothesis: odd and hostile text, pages and feed lines through reading,
parsing, extraction and mapping. Only the documented failures happen (``InputError``
from a reader, a release rejected by the build); every minted IRI is valid; every
literal survives Turtle, N-Quads and JSON-LD; every evidence quote is the text at its
offsets; and the dataset blocks the build writes parse back to the same graph."""

from __future__ import annotations

import gzip
import json
import re

import pyoxigraph as ox
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import RDF

from aglod.errors import InputError
from aglod.pipeline.build import Build, assemble
from aglod.pipeline.tasks import render
from aglod.rdf.namespaces import DEFAULT_BASE, OA, SCHEMA
from aglod.records import Release
from aglod.reference.gazetteer import jurisdictions
from aglod.serialization.chunks import prefixes, turtle_head
from aglod.serialization.formats import parse_jsonld
from aglod.sources.feeds import feed_release
from aglod.sources.html import read_html_release
from aglod.sources.inputs import decode
from helpers import as_written, assert_isomorphic, examples

FUZZ = settings(
    max_examples=examples(40),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# what no IRI may hold (RFC 3987 excludes them; N-Triples and Turtle cannot write them)
FORBIDDEN = re.compile(r'[\x00-\x20<>"{}|\\^`\x7f]')
OUR_PATH = re.compile(r"[a-z0-9][a-z0-9/#-]*")

HOSTILE = [
    "<script>alert(1)</script>",
    '"> .',
    "javascript:alert(1)",
    "<http://evil>",
    "}",
    "'''",
    '"""',
    "@prefix x: <http://evil/> .",
    "INSERT DATA { <a> <b> <c> }",
    "SERVICE <http://127.0.0.1:1/> { ?s ?p ?o }",
    "\\u0022 \\n \\",
    "]]><!--",
    "&amp; &#x3c; &lt;",
    "\u202e\u200b\ufeff\u00ad",
    "\ud7ff\ue000\U0001f600",
    "Attorney General",
    "Attorneys General of",
    "joined a coalition of 12 attorneys general in filing a lawsuit against",
    "FOR IMMEDIATE RELEASE",
    "###",
    "Contact: Jane Doe (505) 555-0100",
    "March 3, 2021",
    "SANTA FE, NM –",
    "(SAINT PAUL) —",
    "said Attorney General Hector Balderas.",
    "“",
    "”",
    "\t",
    "\n",
    "\n\n",
    "\r\n",
    "\x00",
    "\x1b[31m",
]
STATES = [j.name for j in jurisdictions()]
PIECES = st.one_of(
    st.sampled_from(HOSTILE),
    st.sampled_from(STATES),
    st.text(max_size=30),
    st.text(alphabet=st.characters(max_codepoint=0x7F), max_size=40),
)
TEXT = st.lists(PIECES, min_size=1, max_size=40).map(" ".join)
SHORT = st.lists(PIECES, min_size=1, max_size=6).map(" ".join)


def _release(parts: tuple[str, str, list[str], str]) -> str:
    headline, middle, states, tail = parts
    joined = ", ".join(states)
    return (
        f"{headline}\n\nMarch 3, 2021\n\nSANTA FE, NM – Attorney General Hector Balderas "
        f"today joined a coalition of attorneys general in filing a lawsuit against Acme "
        f"{middle} Corp. Joining him are the attorneys general of {joined}.\n\n"
        f"“{tail},” said Attorney General Balderas.\n\n###\n"
    )


# release-shaped text with fuzz in every part, so that most examples are built
RELEASES = st.tuples(SHORT, TEXT, st.lists(st.sampled_from(STATES), max_size=12), SHORT).map(
    _release
)


def check_build(b: Build) -> None:
    """What every build of fuzzed input must satisfy."""
    assert not b.failed, b.failed  # an exception inside aglod: a bug
    for r in b.rejected:
        assert r.reason and "\n" not in r.reason
    for r in b.releases:
        check_graph(r.graph)
        check_blocks(r)


def check_iri(iri: str) -> None:
    assert not FORBIDDEN.search(iri), iri
    ox.NamedNode(iri)  # Oxigraph's IRI parser: raises ValueError on an invalid IRI
    if iri.startswith(DEFAULT_BASE):
        assert OUR_PATH.fullmatch(iri[len(DEFAULT_BASE) :]), iri
    else:
        assert iri.startswith(("http://", "https://")), iri


def check_graph(g: Graph) -> None:
    for triple in g:
        for term in triple:
            if isinstance(term, URIRef):
                check_iri(str(term))
    # every literal round-trips through the build's writers, and so does the graph
    assert_isomorphic(g, Graph().parse(data=as_written(g, "ttl"), format="turtle"))
    assert_isomorphic(g, Graph().parse(data=as_written(g, "nq"), format="nquads"))
    assert_isomorphic(g, parse_jsonld(as_written(g, "jsonld")))
    check_evidence(g)


def check_evidence(g: Graph) -> None:
    """Each evidence span's quote is the release text at its offsets."""
    for ev in g.subjects(RDF.type, OA.SpecificResource):
        release = g.value(ev, OA.hasSource)
        body = str(g.value(release, SCHEMA.articleBody))
        selectors = list(g.objects(ev, OA.hasSelector))
        [pos] = [s for s in selectors if (s, RDF.type, OA.TextPositionSelector) in g]
        [quote] = [s for s in selectors if (s, RDF.type, OA.TextQuoteSelector) in g]
        start, end = int(g.value(pos, OA.start)), int(g.value(pos, OA.end))  # type: ignore[arg-type]
        exact = g.value(quote, OA.exact)
        assert isinstance(exact, Literal)
        assert 0 <= start < end <= len(body)
        assert body[start:end] == str(exact)


def check_blocks(r: object) -> None:
    """The blocks the streamed build writes for the release (N-Quads, Turtle) parse
    back to the release's graph: its N-Quads block holds what only the release says,
    and with the statements it shares with others (written once for all) makes the
    whole graph."""
    from aglod.pipeline.build import BuiltRelease

    assert isinstance(r, BuiltRelease)
    meta, blocks = render(r.facts, r.key, {}, DEFAULT_BASE)
    ds = Dataset()
    ds.parse(data=gzip.decompress(blocks["nq.gz"]).decode("utf-8"), format="nquads")
    named = Graph()
    for s, p, o, g in ds.quads((None, None, None, None)):
        if g == r.graph_iri:
            named.add((s, p, o))
    shared = Graph().parse(data="".join(meta.shared), format="nt")
    assert not set(named) & set(shared)
    assert_isomorphic(r.graph, named + shared, "N-Quads block and shared statements")
    ttl = Graph().parse(data=turtle_head(prefixes(DEFAULT_BASE)) + blocks["ttl"], format="turtle")
    assert set(ttl) <= set(r.graph)


def one_release(item: Release) -> None:
    b = assemble([item])
    event(f"built {len(b.releases)} rejected {len(b.rejected)}")
    check_build(b)


@FUZZ
@given(st.one_of(TEXT, RELEASES), st.sampled_from(["utf-8", "utf-16", "cp1252", "latin-1"]))
def test_text_releases(text: str, encoding: str) -> None:
    data = text.encode(encoding, errors="ignore")
    try:
        decoded = decode(data, "fuzz.txt")
    except InputError as exc:
        event(exc.reason[:30])
        assert exc.reason and "\n" not in exc.reason
        return
    assert all(c >= " " or c in "\n\t" for c in decoded)
    one_release(Release("fuzz.txt", decoded, "sha256:0"))


_TAG = st.sampled_from(["p", "div", "h1", "h2", "li", "ul", "article", "main", "br", "td", "b"])
_URL = st.one_of(
    st.sampled_from(
        [
            "https://www.ag.state.mn.us/Office/Communications/2024/05/06_X.asp",
            'http://evil/"> .',
            "http://evil/ space",
            "javascript:alert(1)",
            "http://[::1",
            "http://x:99999/",
            "https://oag.ca.gov/news/<script>",
            "https://nmag.gov/a{b}",
        ]
    ),
    st.text(max_size=30).map(lambda t: "https://example.org/" + t),
)


def _attr(value: str) -> str:
    return value.replace("&", "&amp;").replace('"', "&quot;")


_HEAD = st.tuples(_URL, _URL, st.text(max_size=40), st.sampled_from([0, 0, 1, 5, 5000])).map(
    lambda t: (
        f'<head><link rel="canonical" href="{_attr(t[0])}">'
        f'<meta property="og:url" content="{_attr(t[1])}">'
        f'<meta property="og:title" content="{_attr(t[2])}">'
        f'<script type="application/ld+json">{"[" * t[3]}{{"@type": "NewsArticle", '
        f'"headline": {json.dumps(t[2])}}}{"]" * t[3]}</script></head>'
    )
)


_MARKUP = st.lists(
    st.one_of(_TAG.map(lambda t: f"<{t}>"), _TAG.map(lambda t: f"</{t}>"), PIECES), max_size=30
).map("".join)


def _page(parts: tuple[str, str, str, str, str]) -> str:
    head, before, headline, text, after = parts
    paragraphs = "".join(f"<p>{p}</p>" for p in text.split("\n\n")[1:])
    return (
        f"<html>{head}<body><nav>{before}</nav><main><h1>{headline}</h1>{paragraphs}"
        f"{after}</main><footer>{before}</footer>"
    )


@FUZZ
@given(st.tuples(_HEAD, _MARKUP, SHORT, RELEASES, _MARKUP).map(_page))
def test_html_pages(markup: str) -> None:
    page = markup.encode("utf-8", errors="surrogatepass")
    try:
        item = read_html_release(page, "fuzz.html")
    except InputError as exc:
        event(exc.reason[:30])
        assert exc.reason and "\n" not in exc.reason
        return
    if item.url is not None:
        check_iri(item.url)
    one_release(item)


_VALUES = st.one_of(st.none(), st.booleans(), st.integers(), TEXT, _URL)
_LINES = st.fixed_dictionaries(
    {"text": st.one_of(st.none(), TEXT, RELEASES)},
    optional={
        "url": _URL,
        "html": RELEASES.map(lambda t: f"<html><body><h1>{t[:40]}</h1><p>{t}</p>"),
        "title": _VALUES,
        "date": st.sampled_from(["2021-03-03", "2021-02-30", "03/03/2021", None, "x"]),
        "office": st.sampled_from(["NM", "mn", "XX", "us", None, 5]),
        "id": _VALUES,
    },
)


@FUZZ
@given(st.one_of(_LINES.map(lambda d: json.dumps(d).encode()), st.binary(max_size=80)))
def test_feed_lines(line: bytes) -> None:
    try:
        item = feed_release(line, "fuzz.jsonl:1")
    except InputError as exc:
        event(exc.reason[:30])
        assert exc.reason and "\n" not in exc.reason and exc.source == "fuzz.jsonl:1"
        return
    if item.url is not None:
        check_iri(item.url)
    one_release(item)
