"""The rule that links one multistate action announced by several offices."""

from __future__ import annotations

from aglod.pipeline.build import assemble
from aglod.rdf.namespaces import AGLOD
from aglod.records import Release

COALITION = "the attorneys general of California, Oregon, Washington, New Mexico, and Illinois"


def release(office: str, city: str, day: str, target: str, extra: str = "") -> Release:
    text = (
        f"AG Joins Coalition Letter to {target}\n\n{day}\n\n{city} – Today, {office} Attorney "
        f"General Pat Doe joined a coalition of 5 attorneys general in sending a letter to "
        f"{target} urging action. Joining the letter are {COALITION}.{extra}\n"
    )
    return Release(f"{office}.txt", text, "sha256:" + office)


def links(*releases: Release) -> set[tuple[str, str]]:
    b = assemble(list(releases))
    return {(str(s).split("/action/")[1], str(o).split("/action/")[1])
            for s, _p, o in b.links.triples((None, AGLOD.sameActionAs, None))}  # fmt: skip


def test_the_same_letter_announced_by_two_offices_is_linked() -> None:
    ca = release("California", "SACRAMENTO", "June 3, 2024", "the Federal Trade Commission")
    nm = release("New Mexico", "SANTA FE", "June 4, 2024", "the Federal Trade Commission")
    found = links(ca, nm)
    assert len(found) == 2  # both directions
    assert {a.split("/")[0] for pair in found for a in pair} == {"ca", "nm"}


def test_dates_too_far_apart_are_not_linked() -> None:
    ca = release("California", "SACRAMENTO", "June 3, 2024", "the Federal Trade Commission")
    nm = release("New Mexico", "SANTA FE", "June 20, 2024", "the Federal Trade Commission")
    assert links(ca, nm) == set()


def test_different_targets_are_not_linked() -> None:
    ca = release("California", "SACRAMENTO", "June 3, 2024", "the Federal Trade Commission")
    nm = release(
        "New Mexico", "SANTA FE", "June 3, 2024", "the Consumer Financial Protection Bureau"
    )
    assert links(ca, nm) == set()


def test_one_office_is_never_linked_with_itself() -> None:
    a = release("California", "SACRAMENTO", "June 3, 2024", "the Federal Trade Commission")
    b = Release("other.txt", a.text.replace("AG Joins", "AG Also Joins"), "sha256:x")
    assert links(a, b) == set()


def test_links_are_published_in_their_own_graph() -> None:
    ca = release("California", "SACRAMENTO", "June 3, 2024", "the Federal Trade Commission")
    nm = release("New Mexico", "SANTA FE", "June 4, 2024", "the Federal Trade Commission")
    b = assemble([ca, nm])
    # the links graph holds the links, no release graph does
    assert len(list(b.links.triples((None, AGLOD.sameActionAs, None)))) == 2
    assert not any((None, AGLOD.sameActionAs, None) in r.graph for r in b.releases)
    assert len(list(b.union().triples((None, AGLOD.sameActionAs, None)))) == 2


def test_linking_stops_at_the_date_window() -> None:
    """Many actions of one type far apart in time: each is compared only with its
    neighbours within the window (the loop breaks), so none is linked."""
    from datetime import date, timedelta

    from rdflib import URIRef

    from aglod.rdf.linking import ActionView, link

    office = [URIRef(f"https://w3id.org/aglod/id/jurisdiction/{c}") for c in ("ca", "nm")]
    views = [
        ActionView(URIRef(f"https://x/{i}"), office[i % 2], AGLOD.Letter,
                   date(2020, 1, 1) + timedelta(days=10 * i), frozenset(office), frozenset())
        for i in range(400)
    ]  # fmt: skip
    assert len(link(views)) == 0
    views.append(ActionView(URIRef("https://x/near"), office[1], AGLOD.Letter,
                            date(2020, 1, 2), frozenset(office), frozenset()))  # fmt: skip
    assert len(link(views)) == 2


def test_the_saved_query_lists_linked_actions(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from click.testing import CliRunner

    from aglod.cli import main
    from aglod.pipeline.build import build

    folder = tmp_path / "in"
    folder.mkdir()
    for r in (
        release("California", "SACRAMENTO", "June 3, 2024", "the Federal Trade Commission"),
        release("New Mexico", "SANTA FE", "June 4, 2024", "the Federal Trade Commission"),
    ):
        (folder / r.source).write_text(r.text, encoding="utf-8")
    out = tmp_path / "out"
    build([folder], out)
    store = tmp_path / "store"
    assert (
        CliRunner().invoke(main, ["load", "--store", str(store), "--from", str(out)]).exit_code == 0
    )
    name = "multistate-actions-reported-by-several-offices"
    for where in (["--data", str(out / "aglod.ttl")], ["--store", str(store)]):  # rdflib, Oxigraph
        result = CliRunner().invoke(main, ["query", name, "--format", "csv", *where])
        assert result.stdout.splitlines() == [
            "date,type,office1,office2",
            "2024-06-03,Letter,CA,NM",
        ], where


def test_link_gives_what_the_rule_gives_over_every_pair() -> None:
    """``link`` skips pairs (the date window, cheap checks first); over random actions
    it links exactly the pairs ``same_action`` accepts when every pair is tried."""
    import random
    from datetime import date, timedelta

    from aglod.rdf.linking import ActionView, link, same_action

    rng = random.Random(7)
    states = [f"urn:j:{c}" for c in "abcdefgh"]
    targets = ["urn:t:1", "urn:t:2", "urn:t:3"]
    for _ in range(20):
        views = []
        for i in range(60):
            office = rng.choice([*states, None])
            kind = rng.randrange(4)
            if kind == 0 and office is not None:
                people = frozenset([office])  # an office acting alone
            else:
                people = frozenset(rng.sample(states, rng.randrange(0, 6)))
            views.append(
                ActionView(
                    f"urn:a:{i}",
                    office,
                    rng.choice(["urn:type:Letter", "urn:type:Lawsuit"]),
                    None
                    if rng.random() < 0.1
                    else date(2020, 1, 1) + timedelta(days=rng.randrange(12)),
                    people,
                    frozenset(rng.sample(targets, rng.randrange(0, 2))),
                )
            )
        expected = {
            (a.iri, b.iri)
            for a in views
            for b in views
            if a is not b and a.type == b.type and same_action(a, b)
        }
        g = link(views)
        found = {(str(s), str(o)) for s, _, o in g}
        assert found == expected
        assert expected  # the draw links some pairs
