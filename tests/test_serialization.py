from __future__ import annotations

import os
import stat
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import Graph, Literal, URIRef

from aglod.pipeline.atomic import write_atomic
from aglod.serialization.formats import parse_jsonld
from helpers import as_written, assert_isomorphic, examples

S, P = URIRef("https://w3id.org/aglod/id/release/x"), URIRef("http://schema.org/articleBody")
# text as releases hold it: any characters but the C0 controls that decoding drops
TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00\r"),
    max_size=200,
).map(lambda t: "".join(c for c in t if c >= " " or c in "\n\t"))


@settings(max_examples=examples(60), deadline=None)
@given(TEXT)
def test_literals_round_trip_through_every_format(text: str) -> None:
    """Any text a release holds survives the writers of the dataset files, each read
    back by its reference parser (rdflib; JSON-LD with the bundled context)."""
    g = Graph()
    g.add((S, P, Literal(text)))
    assert_isomorphic(g, Graph().parse(data=as_written(g, "ttl"), format="turtle"))
    assert_isomorphic(g, Graph().parse(data=as_written(g, "nq"), format="nquads"))
    assert_isomorphic(g, parse_jsonld(as_written(g, "jsonld")))


def test_turtle_keeps_literals_that_look_like_syntax() -> None:
    g = Graph()
    tricky = 'line\n@prefix evil: <x> .\n  } GRAPH <y> { "> .'
    g.add((S, P, Literal(tricky)))
    back = Graph().parse(data=as_written(g, "ttl"), format="turtle")
    assert list(back.objects(S, P)) == [Literal(tricky)]


def test_jsonld_bytes_do_not_depend_on_insertion_order() -> None:
    triples = [(S, URIRef(f"http://example.org/p{i}"), Literal(i)) for i in range(30)]
    a, b = Graph(), Graph()
    for t in triples:
        a.add(t)
    for t in reversed(triples):
        b.add(t)
    assert as_written(a, "jsonld") == as_written(b, "jsonld")


def test_write_atomic_replaces_and_leaves_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "sub" / "f.ttl"
    write_atomic(target, b"one")
    write_atomic(target, b"two")
    assert target.read_bytes() == b"two"
    assert [p.name for p in target.parent.iterdir()] == ["f.ttl"]
    mode = stat.S_IMODE(target.stat().st_mode)
    umask = os.umask(0)
    os.umask(umask)
    assert mode == 0o666 & ~umask
