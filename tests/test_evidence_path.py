"""The fast path of a release's evidence (``aglod.pipeline.evidence``) against the path
over every triple (``render(..., every_triple=True)``: rdflib triples, the SHACL
validator and the reasoner over all of them): the same meta and the same blocks, byte
for byte, on the bundled releases, generated ones, releases with odd characters, and
releases whose evidence is wrong (where the fast path must step aside)."""

from __future__ import annotations

import dataclasses
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import BNode, Literal, URIRef

from aglod.pipeline import evidence
from aglod.pipeline.steps import NotExtracted, extract_release
from aglod.pipeline.tasks import render
from aglod.rdf.identifiers import Minter
from aglod.rdf.mapping import (
    EvidenceSpan,
    canonical_names,
    evidence_triples,
    release_parts,
    release_triples,
)
from aglod.rdf.namespaces import AGLOD, DEFAULT_BASE, OA, RDF, SCHEMA
from aglod.records import Release, ReleaseFacts, Span
from aglod.sources.inputs import content_hash
from aglod.sources.reading import read_file
from helpers import CORPUS, ROOT, examples

sys.path.insert(0, str(ROOT / "benchmarks"))
from generate import generate

QUOTE_VIOLATION = "evidence quote"


def _facts(releases: list[Release]) -> list[ReleaseFacts]:
    out = []
    for r in releases:
        f = extract_release(r)
        if not isinstance(f, NotExtracted):
            out.append(f)
    return out


def _both_ways(facts: ReleaseFacts, key: str = "k", names: dict | None = None) -> None:
    names = names or {}
    fast_meta, fast_blocks = render(facts, key, dict(names), DEFAULT_BASE)
    ref_meta, ref_blocks = render(facts, key, dict(names), DEFAULT_BASE, every_triple=True)
    assert dataclasses.asdict(fast_meta) == dataclasses.asdict(ref_meta), facts.release.source
    assert fast_blocks == ref_blocks, facts.release.source


def _bundled() -> list[ReleaseFacts]:
    releases = []
    for path in sorted(CORPUS.iterdir()):
        item = read_file(path, path.name)
        if isinstance(item, Release):
            releases.append(item)
    return _facts(releases)


def test_bundled_releases_render_the_same_both_ways() -> None:
    facts = _bundled()
    assert len(facts) >= 20
    names = canonical_names(facts)
    for i, f in enumerate(facts):
        _both_ways(f, f"b{i}", names)


def test_generated_releases_render_the_same_both_ways() -> None:
    for i, f in enumerate(_facts(generate(60, seed=7))):
        _both_ways(f, f"g{i}")


def test_the_fast_path_is_taken_on_sound_evidence() -> None:
    """It would be no use if it stepped aside on every release."""
    f = _bundled()[0]
    triples, spans = release_parts(f, Minter(DEFAULT_BASE), "k")
    assert spans
    assert evidence.sound(spans, Minter(DEFAULT_BASE).release("k"), triples)
    assert evidence.inferred_template(DEFAULT_BASE) is not None


def test_the_template_is_what_the_reasoner_infers_of_a_span() -> None:
    """Each selector is an oa:Selector (their subclass axioms and hasSelector's range);
    the evidence node gains nothing its asserted types do not say."""
    template = evidence.inferred_template(DEFAULT_BASE)
    assert template == ((1, str(OA.Selector)), (2, str(OA.Selector)))


def test_a_wrong_quote_is_reported_as_on_the_path_over_every_triple() -> None:
    f = _bundled()[0]
    assert f.title_span is not None
    s = f.title_span
    wrong = dataclasses.replace(f, title_span=Span(s.start, s.end, s.quote[::-1] + "x"))
    triples, spans = release_parts(wrong, Minter(DEFAULT_BASE), "k")
    assert not evidence.sound(spans, Minter(DEFAULT_BASE).release("k"), triples)
    meta, _ = render(wrong, "k", {}, DEFAULT_BASE)
    assert any(QUOTE_VIOLATION in str(r.message) for r in meta.results), meta.results
    _both_ways(wrong)


def test_offsets_past_the_text_are_reported_as_on_the_path_over_every_triple() -> None:
    f = _bundled()[1]
    n = len(f.release.text)
    wrong = dataclasses.replace(f, title_span=Span(n + 5, n + 9, "abcd"))
    meta, _ = render(wrong, "k", {}, DEFAULT_BASE)
    assert any(QUOTE_VIOLATION in str(r.message) for r in meta.results)
    _both_ways(wrong)


@pytest.mark.parametrize(
    "what",
    ["no release type", "two bodies", "typed body", "blank value", "control character"],
)
def test_sound_steps_aside(what: str) -> None:
    minter = Minter(DEFAULT_BASE)
    release = minter.release("k")
    text = "Headline\x07 here"
    triples = {
        (release, RDF.type, AGLOD.PressRelease),
        (release, SCHEMA.articleBody, Literal(text)),
    }
    span = EvidenceSpan(1, release, SCHEMA.headline, None, 0, 8, "Headline")
    assert evidence.sound([span], release, triples)
    if what == "no release type":
        triples.discard((release, RDF.type, AGLOD.PressRelease))
    elif what == "two bodies":
        triples.add((release, SCHEMA.articleBody, Literal("other")))
    elif what == "typed body":
        triples = {
            (release, RDF.type, AGLOD.PressRelease),
            (release, SCHEMA.articleBody, Literal(text, datatype=URIRef("urn:x:t"))),
        }
    elif what == "blank value":
        span = dataclasses.replace(span, value=BNode())
    else:
        span = EvidenceSpan(1, release, SCHEMA.headline, None, 0, 9, "Headline\x07")
    assert not evidence.sound([span], release, triples)


def test_evidence_triples_are_the_fast_paths_triples() -> None:
    """``evidence_ox`` makes the triples ``evidence_triples`` makes (as N-Triples)."""
    from aglod.serialization.chunks import Terms

    f = _bundled()[2]
    minter = Minter(DEFAULT_BASE)
    release = minter.release("k")
    _triples, spans = release_parts(f, minter, "k")
    terms = Terms()
    slow = sorted(str(t) for t in terms.triples(evidence_triples(minter, release, spans)))
    fast = sorted(str(t) for t in evidence.evidence_ox(terms, minter, release, spans))
    assert fast == slow
    assert len(slow) == len(set(release_triples(f, minter, "k")) - _triples)


TEMPLATE = (
    "{title}\n\nSANTA FE, NM – Attorney General Raúl Torrez joined a coalition of 12 "
    "attorneys general in filing a lawsuit against {target} on {when}.\n\n"
    '"{quote}," said Attorney General Torrez.\n\n###\n'
)
# text that stresses escaping in every format: quotes, backslashes, line ends, tabs,
# non-ASCII and astral characters, control characters (which the fast path leaves)
ODD = st.text(
    alphabet=st.sampled_from(list('ab "\\\t\r\x0b\x01é—“”\U0001f600{}<>&#;:,.')),
    min_size=1,
    max_size=30,
)


@settings(
    max_examples=examples(60),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(title=ODD, target=ODD, quote=ODD)
def test_odd_characters_render_the_same_both_ways(title: str, target: str, quote: str) -> None:
    text = TEMPLATE.format(
        title=f"Attorney General Torrez Sues {title}",
        target=f"Acme {target} Inc.",
        when="June 3, 2024",
        quote=quote,
    )
    release = Release("odd.txt", text, content_hash(text.encode("utf-8")))
    f = extract_release(release)
    if isinstance(f, NotExtracted):
        return
    _both_ways(f)
