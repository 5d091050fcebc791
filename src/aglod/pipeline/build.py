"""``aglod build``: sources → parsing → extraction → mapping → inference → validation →
serialization. Each stage is a plain function; this module composes them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, URIRef

from ..errors import UsageError
from ..rdf.identifiers import Minter, release_key
from ..rdf.linking import actions_of, link
from ..rdf.mapping import canonical_names, reference_graph, release_graph
from ..rdf.namespaces import DEFAULT_BASE, bind_prefixes
from ..rdf.statistics import statistics_graph, tallies_of
from ..records import Release, ReleaseFacts
from ..resources import bundled_releases_dir
from ..sources.inputs import Rejected
from .result import BuildResult
from .steps import NotExtracted, extract_release, unique_keys


@dataclass
class BuiltRelease:
    facts: ReleaseFacts
    key: str
    iri: URIRef
    graph_iri: URIRef
    graph: Graph


@dataclass
class Build:
    """What a build made, in memory."""

    minter: Minter
    releases: list[BuiltRelease]
    rejected: list[Rejected]
    reference: Graph
    read: int = 0
    # releases aglod failed on (a bug): reported like rejects, and the run exits 3
    failed: list[Rejected] = field(default_factory=list)
    # aglod:sameActionAs between actions of several offices' releases (rdf/linking.py)
    links: Graph = field(default_factory=Graph)
    # counts across releases (rdf/statistics.py)
    statistics: Graph = field(default_factory=Graph)

    def union(self) -> Graph:
        """The asserted graph: reference data and every release."""
        g = bind_prefixes(Graph(), self.minter.base)
        for t in self.reference:
            g.add(t)
        for r in self.releases:
            for t in r.graph:
                g.add(t)
        for t in self.links:
            g.add(t)
        for t in self.statistics:
            g.add(t)
        return g


def default_inputs() -> tuple[list[Path], dict[Path, str]]:
    """The bundled releases, recorded by their path in the repository
    (``corpus/releases/<file>``) wherever aglod is installed."""
    folder = bundled_releases_dir()
    files = sorted(folder.glob("*.txt"))
    return files, {p: f"corpus/releases/{p.name}" for p in files}


def assemble(releases: Iterable[Release | Rejected], base: str = DEFAULT_BASE) -> Build:
    """Parse, extract and map each release; mint collision-free keys."""
    minter = Minter(base)
    facts: list[ReleaseFacts] = []
    rejected: list[Rejected] = []
    failed: list[Rejected] = []
    read = 0
    for item in releases:
        read += 1
        if isinstance(item, Rejected):
            rejected.append(item)
            continue
        outcome = extract_release(item)
        if isinstance(outcome, NotExtracted):
            rejected.append(Rejected(item.source, outcome.reason))
            if outcome.failed:
                failed.append(Rejected(item.source, outcome.reason))
            continue
        facts.append(outcome)
    names = canonical_names(facts)
    built = [
        BuiltRelease(f, k, minter.release(k), minter.graph(k), release_graph(f, minter, k, names))
        for k, f in unique_keys(
            facts,
            key=lambda f: release_key(f.office, f.date, f.title, f.release.source),
            source=lambda f: f.release.source,
        )
    ]
    views = [v for r in built for v in actions_of(r.iri, r.graph)]
    stats = statistics_graph((t for r in built for t in tallies_of(r.iri, r.graph)), minter)
    return Build(minter, built, rejected, reference_graph(minter), read, failed, link(views), stats)


ON_ERROR = ("skip", "fail")
_IRI_UNSAFE = frozenset(' <>"{}|\\^`')


def check_base(base: str) -> str:
    """``base`` if it is an instance base aglod can mint IRIs under: an absolute
    http(s) IRI with a host, ending in ``/`` or ``#``, with no space, control
    character, quote or ``<>{}|\\^``` (which no IRI may hold) and no user name,
    password, query or fragment before its end. Else ``UsageError`` saying why."""
    from urllib.parse import urlsplit

    import pyoxigraph as ox

    def refuse(why: str) -> UsageError:
        return UsageError(f"bad --base {base[:100]!r}: {why}")

    if not base.startswith(("http://", "https://")):
        raise refuse("it must be an http:// or https:// IRI")
    if any(c < " " or c == "\x7f" or c in _IRI_UNSAFE for c in base):
        raise refuse('it holds a space, a control character or one of <>"{}|\\^`')
    if not base.endswith(("/", "#")):
        raise refuse("it must end with / or #")
    try:
        parts = urlsplit(base)
        ox.NamedNode(base + "x")
        _port = parts.port
    except ValueError as exc:
        raise refuse(f"not a valid IRI ({exc})") from None
    if not parts.hostname or parts.username is not None or parts.password is not None:
        raise refuse("it must name a host, and no user name or password")
    if parts.query or (parts.fragment and not base.endswith("#")) or "#" in base[:-1]:
        raise refuse("it can end with # but hold no query or other fragment")
    return base


def build(
    paths: list[Path] | None,
    out: Path,
    *,
    base: str = DEFAULT_BASE,
    source_names: dict[Path, str] | None = None,
    jobs: int | None = None,
    force: bool = False,
    on_error: str = "skip",
    follow_symlinks: bool = False,
) -> BuildResult:
    """Build the dataset of ``paths`` (default: the bundled releases) into ``out``.

    The releases are extracted and rendered in ``jobs`` worker processes (default: one
    per core), each release on its own (``pipeline/tasks.py``); the files are written as
    concatenations of the releases' blocks (``serialization/chunks.py``), so memory stays bounded by
    what is shared across releases. Work is cached in ``out/.cache`` by content: an
    unchanged release is not re-extracted or re-rendered (``force`` clears the cache).
    The result is the same bytes as a build from scratch.

    A release that cannot be read or understood is a ``Rejected`` in the result
    (listed in ``out/rejected.json`` and ``rejected.txt``); the others are built.
    With ``on_error="fail"`` the first one stops the build instead (``Stopped``),
    before any dataset file is written. Only one build writes ``out`` at a time
    (``Locked`` otherwise); files are renamed into place together once complete.
    A symbolic link out of its input folder (or a file given as a link) is rejected
    unless ``follow_symlinks``; files of the system (/proc, /sys, /dev) always are."""
    from .run import run_build

    check_base(base)
    if on_error not in ON_ERROR:
        raise UsageError(f"on_error must be one of {', '.join(ON_ERROR)}, not {on_error!r}")
    if not paths:
        paths, source_names = default_inputs()
    return run_build(
        paths,
        out,
        base=base,
        source_names=source_names,
        jobs=jobs,
        force=force,
        on_error=on_error,
        follow_symlinks=follow_symlinks,
    )
