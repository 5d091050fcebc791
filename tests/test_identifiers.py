from __future__ import annotations

import re
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rdflib import Graph, Literal, URIRef

from aglod.rdf.identifiers import Minter, release_key, slugify

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$|^$")
IRI_SAFE = re.compile(r"^https://w3id\.org/aglod/id/[a-z0-9/-]+$")


@given(st.text(max_size=300))
def test_slugify_always_gives_a_slug(text: str) -> None:
    slug = slugify(text)
    assert SLUG.match(slug)
    assert len(slug) <= 60


@given(
    st.text(max_size=200),
    st.dates(),
    st.text(min_size=1, max_size=50),
    st.sampled_from(["NM", "MN", None]),
)
def test_release_iris_are_valid_and_round_trip(
    headline: str, d: date, source: str, office: str | None
) -> None:
    m = Minter()
    key = release_key(office, d, headline, source)
    iri = m.release(key)
    assert IRI_SAFE.match(str(iri))
    g = Graph()
    g.add((iri, URIRef("http://schema.org/headline"), Literal(headline)))
    back = Graph().parse(data=g.serialize(format="nt"), format="nt")
    assert (iri, URIRef("http://schema.org/headline"), Literal(headline)) in back


def test_keys_are_deterministic_and_readable() -> None:
    key = release_key("NM", date(2018, 6, 19), "AG Balderas Leads 21 Attorneys General", "x.txt")
    assert key == "nm/2018-06-19/ag-balderas-leads-21-attorneys-general"
    assert release_key(None, None, None, "dir/Some File.txt") == "unknown/undated/some-file-txt"


def test_person_post_jurisdiction_iris() -> None:
    m = Minter("https://example.org/kg/")
    assert str(m.person("US", "Sessions")) == "https://example.org/kg/person/us/sessions"
    assert (
        str(m.post("NM", "Attorney General")) == "https://example.org/kg/post/nm/attorney-general"
    )
    assert str(m.jurisdiction("DC")) == "https://example.org/kg/jurisdiction/dc"


@pytest.mark.parametrize("base", ["not an iri", "https://example.org/no-slash", "ftp://x/"])
def test_bad_base_is_refused(base: str) -> None:
    with pytest.raises(ValueError, match="instance base"):
        Minter(base)
