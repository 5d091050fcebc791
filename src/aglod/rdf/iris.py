"""The IRI layout: where each kind of resource lives under the instance base, as plain
strings, so that the build, the stores and the site can use it without rdflib. The
minter (``identifiers.Minter``) checks the slugs and wraps these in rdflib terms.

``{base}release/{key}`` a release, ``{base}release/{key}/evidence/{n}`` its evidence,
``{base}action/{key}/{n}`` its actions, ``{base}graph/{key}`` its named graph, and
``{base}graph/{name}`` the graphs no release owns (``SHARED_GRAPHS``)."""

from __future__ import annotations

# the named graphs that hold what no one release says: what releases share (officials,
# posts, organisations, contacts), the reference data, the provenance of every graph,
# the vocabulary, the inferred triples, the links and the statistics. With the release
# graphs, each triple of a build is in exactly one graph.
SHARED_GRAPHS = (
    "shared",
    "reference",
    "provenance",
    "vocabulary",
    "inferred",
    "links",
    "statistics",
)


def graphs_prefix(base: str) -> str:
    """What every named graph's IRI starts with."""
    return base + "graph/"


def graph(base: str, name: str) -> str:
    """A named graph: a release's (``name`` is its key) or a shared one."""
    return graphs_prefix(base) + name


def release(base: str, key: str) -> str:
    return base + "release/" + key


def action(base: str, key: str, n: int) -> str:
    return f"{base}action/{key}/{n}"


def owned_prefixes(base: str, key: str) -> tuple[str, str, str]:
    """The release itself, then what its IRI and its actions' IRIs start with: the
    subjects only that release's graph describes."""
    iri = release(base, key)
    return iri, iri + "/", f"{base}action/{key}/"
