"""The statistics graph (``rdf/statistics.py``): counts made by the build that equal counting
over the release graphs, on both query engines, after incremental builds and loads too."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD

from aglod.pipeline.tasks import validate_report
from aglod.rdf.identifiers import Minter
from aglod.rdf.mapping import reference_graph
from aglod.rdf.namespaces import AGLOD, QB
from aglod.rdf.statistics import Tally, counts, statistics_graph
from aglod.store.embedded import graph_names, load_build
from aglod.store.queries import saved_queries
from test_incremental import _build, _change, _folder

COUNTING = Path(__file__).parent / "data" / "counting"
REWRITTEN = sorted(p.stem for p in COUNTING.glob("*.rq"))
MN, NM, CA = (f"https://w3id.org/aglod/id/jurisdiction/{c}" for c in ("mn", "nm", "ca"))


def _rows_rdflib(g: Graph, query: str) -> list[tuple[object, ...]]:
    return [tuple(None if v is None else v.toPython() for v in row) for row in g.query(query)]


def _rows_store(store: ox.Store, query: str) -> list[tuple[object, ...]]:
    results = store.query(query, use_default_graph_as_union=True)
    assert isinstance(results, ox.QuerySolutions)
    names = [v.value for v in results.variables]
    out = []
    for sol in results:
        row = []
        for n in names:
            term = sol[n]
            row.append(None if term is None else Literal(term.value).toPython())
        out.append(tuple(row))
    return out


def _norm(rows: list[tuple[object, ...]]) -> list[tuple[str, ...]]:
    return [tuple("" if v is None else str(v) for v in row) for row in rows]


def test_three_saved_queries_read_the_statistics() -> None:
    saved = saved_queries()
    assert REWRITTEN == [
        "actions-by-jurisdiction-and-type",
        "coalition-partners",
        "partners-of-new-mexico",
    ]
    for name in REWRITTEN:
        text = saved[name].read_text(encoding="utf-8")
        assert "aglod:actionCount" in text and "aglod:participant" not in text, name


@pytest.mark.conformance
@pytest.mark.parametrize("name", REWRITTEN)
def test_statistics_equal_counting_on_rdflib_and_oxigraph(
    name: str, built_output: Path, tmp_path: Path
) -> None:
    counting = (COUNTING / f"{name}.rq").read_text(encoding="utf-8")
    reading = saved_queries()[name].read_text(encoding="utf-8")
    g = Graph()
    for file in ("aglod.ttl", "aglod-inferred.ttl"):
        g.parse(built_output / file)
    expected = _norm(_rows_rdflib(g, counting))
    assert len(expected) >= 5  # the bundled releases have coalitions
    assert _norm(_rows_rdflib(g, reading)) == expected
    load_build(tmp_path / "store", built_output)
    store = ox.Store.read_only(str(tmp_path / "store"))
    assert _norm(_rows_store(store, counting)) == expected
    assert _norm(_rows_store(store, reading)) == expected


def test_statistics_follow_an_incremental_build_and_load(tmp_path: Path) -> None:
    """Edit, remove and add releases: the incrementally loaded store's statistics graph
    equals a full load's, and still agrees with counting."""
    folder = _folder(tmp_path)
    out, store_dir = tmp_path / "out", tmp_path / "store"
    _build(folder, out)
    load_build(store_dir, out)
    _change(folder)
    _build(folder, out)
    load_build(store_dir, out)  # incremental
    load_build(tmp_path / "full", out, full=True)
    stats = ox.NamedNode(graph_names()["statistics"])
    incremental = ox.Store.read_only(str(store_dir))
    full = ox.Store.read_only(str(tmp_path / "full"))
    mine = {str(q) for q in incremental.quads_for_pattern(None, None, None, stats)}
    assert mine and mine == {str(q) for q in full.quads_for_pattern(None, None, None, stats)}
    for name in REWRITTEN:
        counting = (COUNTING / f"{name}.rq").read_text(encoding="utf-8")
        reading = saved_queries()[name].read_text(encoding="utf-8")
        assert _rows_store(incremental, reading) == _rows_store(incremental, counting), name


def test_counts_by_type_and_by_pair() -> None:
    letter, lawsuit, action = str(AGLOD.Letter), str(AGLOD.Lawsuit), str(AGLOD.Action)
    by_type, by_pair = counts(
        [
            Tally((letter,), (MN, NM, CA)),
            Tally((letter, lawsuit), (MN, NM)),  # two types: counted under each
            Tally((action,), (MN,)),  # alone: no pair
        ]
    )
    assert by_type == {
        (MN, letter): 2,
        (NM, letter): 2,
        (CA, letter): 1,
        (MN, lawsuit): 1,
        (NM, lawsuit): 1,
        (MN, action): 1,
    }
    assert by_pair[MN, NM] == by_pair[NM, MN] == 2
    assert by_pair[MN, CA] == by_pair[CA, NM] == 1
    assert (MN, MN) not in by_pair and len(by_pair) == 6


def test_statistics_graph_is_a_valid_data_cube() -> None:
    minter = Minter("https://w3id.org/aglod/id/")
    g = statistics_graph([Tally((str(AGLOD.Letter),), (MN, NM))], minter)
    obs = URIRef("https://w3id.org/aglod/id/statistics/partners/mn/nm")
    assert (obs, RDF.type, QB.Observation) in g
    assert (obs, AGLOD.actionCount, Literal(1, datatype=XSD.nonNegativeInteger)) in g
    letter_obs = URIRef("https://w3id.org/aglod/id/statistics/actions/nm/letter")
    assert (letter_obs, AGLOD.actionType, AGLOD.Letter) in g
    data = set(g) | set(reference_graph(minter))
    assert validate_report(data).conforms
    # an observation with both a partner and a type, and one without a count
    g.add((letter_obs, AGLOD.partner, URIRef(MN)))
    g.remove((obs, AGLOD.actionCount, None))
    report = validate_report(set(g) | set(reference_graph(minter)))
    focus = {r.focus for r in report.results if r.severity.endswith("Violation")}
    assert focus == {f"<{obs}>", f"<{letter_obs}>"}


def test_a_jurisdiction_of_another_base_gets_a_hashed_slug() -> None:
    minter = Minter("https://example.org/x/")
    g = statistics_graph([Tally((str(AGLOD.Letter),), ("https://example.org/y/z",))], minter)
    [obs] = g.subjects(RDF.type, QB.Observation)
    assert str(obs).startswith("https://example.org/x/statistics/actions/x-")
    assert str(obs).endswith("/letter")
