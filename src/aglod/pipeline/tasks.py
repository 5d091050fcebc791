"""What a build does for each release, in worker processes, cached by content.

Pass 1 (``extract_task``): read a source, extract its facts, keep them in the cache,
and return a small ``Summary`` (what the release key and the officials' names across
the build need). Pass 2 (``render_task``): map the facts to the release's graph, infer
(OWL RL), validate (SHACL), and serialize the release's blocks of each dataset file
(``chunks``); keep them in the cache and return the small ``ChunkMeta``.

A cache entry is named by a hash of everything its content depends on (the source's
bytes and name, aglod's code and bundled vocabularies, and for pass 2 the release key,
the instance base and the officials' names it uses), so an entry is never stale: an unchanged release is
neither re-extracted nor re-rendered, and a changed one gets new entries. Entries are
pickles written by aglod itself (atomically) in the build's own folder.
"""

from __future__ import annotations

import gc
import hashlib
import os
import pickle
import signal
from collections import Counter
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field, fields, replace
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple, cast

import pyoxigraph as ox
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SH
from rdflib.term import Node

from ..errors import InputError
from ..rdf import iris
from ..rdf.description import provenance
from ..rdf.identifiers import Minter, release_key
from ..rdf.linking import ActionView, actions_of
from ..rdf.mapping import (
    evidence_triples,
    person_key,
    reference_graph,
    release_parts,
)
from ..rdf.statistics import Tally, tallies_of
from ..records import Release, ReleaseFacts
from ..resources import ontology_dir, shapes_dir
from ..serialization.chunks import (
    Compactor,
    Terms,
    gzip_member,
    jsonld_block,
    nquads,
    nt_lines,
    prefixes,
    turtle_statements,
)
from ..serialization.formats import context
from ..sources.inputs import Rejected, content_hash, read_bytes
from ..sources.reading import read_file
from ..validation.shacl import Report, Result
from ..version import __version__
from . import evidence
from .atomic import write_atomic
from .state import Blocks, Cache
from .steps import NotExtracted, extract_release

# 2: a chunks entry holds its blocks, then its meta; 3: a release's N-Quads and TriG
# blocks hold only its own statements, its graph's provenance in the provenance graph
CACHE_FORMAT = 3


@cache
def code_stamp() -> str:
    """A hash of what a release's cached work depends on besides its input: aglod's
    version, its own modules and data, the ontology, schemes, context and shapes. An
    edited rule or shape (a development checkout, a patched install) invalidates the
    cache as a new version does."""
    h = hashlib.sha256(__version__.encode("utf-8"))
    package = Path(__file__).resolve().parent.parent  # the aglod package
    files = sorted(
        p
        for p in package.rglob("*")
        if p.is_file() and p.suffix in {".py", ".ttl", ".json", ".jsonld", ".tsv", ".txt"}
    )
    files += sorted(p for d in (ontology_dir(), shapes_dir()) for p in d.rglob("*") if p.is_file())
    for path in files:
        h.update(path.name.encode("utf-8"))
        h.update(b"\0")
        h.update(path.read_bytes())
    return h.hexdigest()[:32]


def load_rules(cache_root: Path) -> None:
    """The compiled OWL RL rules (``inference.compiled_rules``) from the build's cache,
    compiled and saved there when missing: one owlrl run per version of the vocabulary
    and code, not one per process (about a second each)."""
    from ..reasoning import inference

    path = cache_root / "rules" / f"{code_stamp()}.pickle"
    try:
        rules = inference.rules_in_use() or pickle.loads(path.read_bytes())
    except Exception:  # missing or unreadable: compile
        rules = None
    if rules is not None and not path.exists():
        rules = None  # compiled in this process: saved below
    if not isinstance(rules, inference.CompiledRules):
        rules = inference.compiled_rules()  # this process's, or compiled now
        write_atomic(path, pickle.dumps(rules, protocol=pickle.HIGHEST_PROTOCOL), sync=False)
        for other in path.parent.glob("*.pickle"):  # rules of other versions
            if other != path:
                other.unlink(missing_ok=True)
    inference.use_rules(rules)


def reference_results(base: str, cache_root: Path) -> tuple[list[Triple], Report]:
    """The OWL RL triples and the SHACL report of the reference data, from the build's
    cache when an earlier build of this version made them."""
    cache = Cache(cache_root)
    entry = _digest("reference", base)

    def make() -> tuple[list[Triple], Report]:
        graph = reference_for(base)
        return infer_fast(graph, base), validate_report(graph)

    inferred, report = cache.memo("reference", entry, make)
    cache.prune("reference", {entry})
    return inferred, report


def digest(*parts: object) -> str:
    """A cache key for ``parts``, for this version of aglod (``code_stamp``)."""
    return _digest(*parts)


def _digest(*parts: object) -> str:
    h = hashlib.sha256()
    for p in (CACHE_FORMAT, code_stamp(), *parts):
        h.update(repr(p).encode("utf-8"))
        h.update(b"\0")
    return h.hexdigest()[:32]


# --------------------------------------------------------------------------- pass 1


@dataclass(frozen=True)
class Summary:
    """What the build needs of a release before rendering it."""

    index: int
    source: str
    facts_id: str | None = None
    office: str | None = None
    date: date | None = None
    title: str | None = None
    content_hash: str | None = None
    people: tuple[tuple[tuple[str, str], str], ...] = ()
    reject: str | None = None
    failed: bool = False
    key: str = ""  # identifiers.release_key of the fields above, made once


class ExtractTask(NamedTuple):
    """Pass 1 for one input: a file to read, or a release already read from a feed."""

    position: int  # the input's place in the build's order
    path: Path | None
    name: str  # the source name
    release: Release | None
    cache_root: str


def extract_task(task: ExtractTask) -> Summary:
    index, path, name, release, cache_root = task
    cache = Cache(Path(cache_root))
    if release is None:
        assert path is not None
        try:
            data = read_bytes(path, name)  # a regular file, not of the system, not a pipe
        except InputError as exc:
            return Summary(index, name, reject=exc.reason)
        facts_id = _digest("facts", name, content_hash(data))
        if cache.has("facts", facts_id):
            try:
                # both objects: an entry cut after the summary would fail at render
                summary: Summary = cache.read("facts", facts_id, 2)[0]
                return replace(summary, index=index)
            except Exception:  # an unreadable entry is rebuilt
                pass
        item = read_file(path, name, data)
        if isinstance(item, Rejected):
            return Summary(index, name, reject=item.reason)
        release = item
    else:
        facts_id = _digest("facts", name, release.content_hash, release.text, release.url)
    facts = extract_release(release)
    if isinstance(facts, NotExtracted):
        return Summary(index, name, reject=facts.reason, failed=facts.failed)
    summary = Summary(
        index,
        name,
        facts_id,
        facts.office,
        facts.date,
        facts.title,
        release.content_hash,
        tuple((person_key(p), p.name) for p in facts.people),
        key=release_key(facts.office, facts.date, facts.title, name),
    )
    cache.write("facts", facts_id, summary, facts)
    return summary


# --------------------------------------------------------------------------- pass 2


@dataclass
class ChunkMeta:
    """What the build needs of a rendered release, besides its blocks."""

    key: str
    chunk_id: str
    source: str
    results: list[Result] = field(default_factory=list)
    views: list[ActionView] = field(default_factory=list)
    tallies: list[Tally] = field(default_factory=list)
    local_triples: int = 0
    local_subjects: int = 0
    classes: dict[str, int] = field(default_factory=dict)  # instances per class
    properties: dict[str, int] = field(default_factory=dict)  # triples per property
    focus_local: int = 0
    focus_shared: list[str] = field(default_factory=list)
    shared: list[str] = field(default_factory=list)  # N-Triples lines
    shared_inferred: list[str] = field(default_factory=list)
    inferred_local: int = 0
    error: str | None = None

    def __reduce__(self) -> tuple[type[ChunkMeta], tuple[Any, ...]]:
        # pickled as the arguments of a call: several times faster to read back than
        # a dataclass's attribute dictionary (a build reads one meta per release)
        return (ChunkMeta, astuple_shallow(self))


def astuple_shallow(obj: Any) -> tuple[Any, ...]:
    """A dataclass's field values in order, not copied (``dataclasses.astuple``
    copies them deeply)."""
    return tuple(getattr(obj, f.name) for f in fields(obj))


class RenderTask(NamedTuple):
    """Pass 2 for one release: its cached facts, rendered under its key."""

    facts_id: str
    key: str
    names: tuple[tuple[tuple[str, str], str], ...]  # the officials' names it uses
    base: str
    cache_root: str


def chunk_id(task: RenderTask) -> str:
    facts_id, key, names, base, _root = task
    return _digest("chunk", facts_id, key, names, base)


@cache
def reference_for(base: str) -> Graph:
    """The reference data for an instance base, mapped once per process."""
    return reference_graph(Minter(base))


@cache
def _compactor() -> Compactor:
    return Compactor(context())


@cache
def _terms() -> Terms:
    return Terms()


@cache
def focus_classes() -> frozenset[str]:
    """The classes the shapes target (aglod's shapes use class targets only)."""
    from ..validation.shacl import shapes_graph

    shapes = shapes_graph()
    for kind in (SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf):
        if any(shapes.subject_objects(kind)):
            raise NotImplementedError(f"shapes use {kind}: count focus nodes another way")
    return frozenset(str(c) for c in shapes.objects(None, SH.targetClass))


def focus_nodes(g: Graph) -> set[Node]:
    targets = focus_classes()
    return {s for s, o in g.subject_objects(RDF.type) if str(o) in targets}


def infer_fast(g: Graph | set[tuple[Node, Node, Node]], base: str) -> list[tuple[Node, Node, Node]]:
    """The OWL RL triples ``inference.infer`` gives for ``g``, by the compiled rules."""
    from ..reasoning.inference import fast_infer_triples

    return list(fast_infer_triples(g, base))


def validate_report(
    data: Graph | set[tuple[Node, Node, Node]], skip: AbstractSet[Node] = frozenset()
) -> Report:
    """SHACL validation of ``data``: the compiled validator, or pySHACL where the shapes
    use something it does not compile. The compiled validator leaves out the focus nodes
    in ``skip`` (pySHACL validates them too: the results are the same but for theirs)."""
    from ..validation.compiled.validator import UnsupportedShapes, fast_validate

    try:
        return fast_validate(data, skip=skip)
    except UnsupportedShapes:
        from ..validation.shacl import validate

        return validate(data if isinstance(data, Graph) else _graph(data))


def _graph(triples: set[tuple[Node, Node, Node]]) -> Graph:
    g = Graph()
    for t in triples:
        g.add(t)
    return g


class _Lookup:
    """``Graph.value`` and ``Graph.objects`` over a set of triples (what ``actions_of``
    reads), without building a graph."""

    def __init__(self, triples: set[tuple[Node, Node, Node]]) -> None:
        self.spo: dict[Node, dict[Node, list[Node]]] = {}
        for s, p, o in triples:
            self.spo.setdefault(s, {}).setdefault(p, []).append(o)

    def objects(self, s: Node, p: Node) -> list[Node]:
        return sorted(self.spo.get(s, {}).get(p, []), key=str)

    def value(self, s: Node, p: Node) -> Node | None:
        values = self.objects(s, p)
        return values[0] if values else None


class UnreadableFacts(Exception):
    """A release's facts entry, which the build took as sound without reading its
    source, cannot be read (cut short on disk): the build reads every source again."""


def render_task(task: RenderTask) -> tuple[ChunkMeta, Blocks | None]:
    """Render one release (or take it from the cache). Returns its meta, and its blocks
    when the caller asked for them in memory (cache root "")."""
    facts_id, key, names, base, cache_root = task
    cid = chunk_id(task)
    cache = Cache(Path(cache_root))
    if cache.has("chunks", cid):
        try:
            return cache.read("chunks", cid, 2)[1], None
        except Exception:
            pass
    try:
        facts: ReleaseFacts = cache.read("facts", facts_id, 2)[1]
    except Exception as exc:  # cut short on disk: only the release's source can mend it
        raise UnreadableFacts(facts_id) from exc
    meta, blocks = render(facts, key, dict(names), base, cid)
    # blocks first: a reader of blocks (a load) then unpickles no class of aglod's
    cache.write("chunks", cid, blocks, meta)
    return meta, None


def render(
    facts: ReleaseFacts,
    key: str,
    names: dict[tuple[str, str], str],
    base: str,
    cid: str = "",
    every_triple: bool = False,
) -> tuple[ChunkMeta, Blocks]:
    """A release's meta and blocks. Its evidence takes the fast path of ``evidence``
    unless ``every_triple`` (the path it is checked against) or it must not."""
    minter = Minter(base)
    source = facts.release.source
    iri, graph_iri = minter.release(key), minter.graph(key)
    meta = ChunkMeta(key, cid, source)
    triples, spans = release_parts(facts, minter, key, names)
    template = evidence.inferred_template(base)
    if every_triple or template is None or not evidence.sound(spans, iri, triples):
        # the path over every triple: what the shapes and the reasoner say of them all
        triples.update(evidence_triples(minter, iri, spans))
        spans, template = [], ()
    # the release with the reference data it points to: what it is validated on
    context = context_triples(triples, reference_index(base))
    lookup = _Lookup(triples)
    meta.views = actions_of(iri, cast(Graph, lookup))
    meta.tallies = tallies_of(iri, lookup)
    skip = reference_only(triples, context, base)
    meta.results = list(validate_report(context, skip).results)
    inferred = infer_fast(triples, base)

    own = iris.owned_prefixes(base, key)

    def local(s: Node) -> bool:
        text = str(s)
        return text == own[0] or text.startswith(own[1:])

    terms = _terms()
    pmap = prefixes(base)
    # the evidence's triples are all about the release's own nodes
    spans_ox = evidence.evidence_ox(terms, minter, iri, spans)
    everything = terms.triples(triples, spans_ox)
    mine: list[ox.Triple] = []
    shared: list[ox.Triple] = []
    for t in everything:
        (mine if local_ox(t, own) else shared).append(t)
    meta.local_triples = len(mine)
    meta.local_subjects = len({t.subject for t in mine})
    by_predicate: Counter[ox.NamedNode] = Counter(t.predicate for t in mine)
    meta.properties = {p.value: n for p, n in by_predicate.items()}
    rdf_type = terms.iri(_RDF_TYPE)
    classes: Counter[str] = Counter(
        t.object.value
        for t in mine
        if t.predicate == rdf_type and isinstance(t.object, ox.NamedNode)
    )
    meta.classes = dict(classes)
    meta.shared = nt_lines(shared)
    targets = focus_classes()
    focus = {s for s, p, o in triples if p == _RDF_TYPE_REF and str(o) in targets}
    focus_ox = {
        t.subject
        for t in spans_ox
        if t.predicate == rdf_type and t.object.value in targets  # type: ignore[union-attr]
    }
    meta.focus_local = sum(1 for n in focus if local(n)) + len(focus_ox)
    meta.focus_shared = sorted(str(n) for n in focus if not local(n))

    inf = terms.triples(inferred, evidence.evidence_inferred(template, minter, iri, spans))
    inf_mine = [t for t in inf if local_ox(t, own)]
    meta.inferred_local = len(inf_mine)
    meta.shared_inferred = nt_lines([t for t in inf if not local_ox(t, own)])

    prov = terms.triples(
        t
        for t in provenance(graph_iri, iri, source, facts.release.content_hash, minter).triples(
            (graph_iri, None, None)
        )
    )
    # the release's graph holds only what the release says; what it shares with others
    # goes to the shared graph once (merge), its graph's provenance to the provenance graph
    gnode, prov_node = terms.iri(str(graph_iri)), terms.iri(iris.graph(base, "provenance"))
    statements = turtle_statements(mine, pmap)
    blocks = {
        "nq.gz": gzip_member(nquads(mine, gnode) + nquads(prov, prov_node)),
        "ttl": statements,
        "trig": f"<{graph_iri}> {{\n{statements}}}\n"
        f"<{prov_node.value}> {{\n{turtle_statements(prov, pmap)}}}\n\n",
        "jsonld": jsonld_block(_compactor().nodes(mine)),
        "inferred": turtle_statements(inf_mine, pmap),
    }
    return meta, blocks


_RDF_TYPE = str(RDF.type)
_RDF_TYPE_REF = RDF.type
Triple = tuple[Node, Node, Node]


@cache
def reference_index(base: str) -> dict[Node, list[Triple]]:
    index: dict[Node, list[Triple]] = {}
    for t in reference_for(base):
        index.setdefault(t[0], []).append(t)
    return index


@cache
def _reference_set(base: str) -> frozenset[Triple]:
    return frozenset(reference_for(base))


def reference_only(triples: set[Triple], context: set[Triple], base: str) -> set[Node]:
    """The reference data's nodes in a release's ``context`` whose validation results
    the build has from the reference data's own report (``reference_results``): all of
    them when the release says nothing of them the reference data does not say (then
    every path from them runs through reference triples only), else none."""
    index, reference = reference_index(base), _reference_set(base)
    for t in triples:
        if t[0] in index and t not in reference:
            return set()
    return {t[0] for t in context if t[0] in index}


def context_triples(
    triples: set[Triple],
    reference: dict[Node, list[Triple]],
    follow: frozenset[Node] | None = None,
) -> set[Triple]:
    """``validation.with_context`` over triples: the release's triples and the reference
    triples of what it points to, followed transitively (only those whose predicate
    is in ``follow``, when given)."""
    out = set(triples)
    seen: set[Node] = set()
    todo: list[Node] = [o for _s, _p, o in triples if isinstance(o, URIRef)]
    while todo:
        node = todo.pop()
        if node in seen:
            continue
        seen.add(node)
        for t in reference.get(node, ()):
            if follow is not None and t[1] not in follow:
                continue
            out.add(t)
            if isinstance(t[2], URIRef):
                todo.append(t[2])
    return out


def local_ox(t: ox.Triple, own: tuple[str, str, str]) -> bool:
    subject = t.subject
    if not isinstance(subject, ox.NamedNode):
        return False
    s = subject.value
    return s == own[0] or s.startswith(own[1:])


# A worker allocates many short-lived objects and keeps few: collecting the youngest
# generation every 50,000 allocations rather than 700, with what the worker imported
# frozen out of the collector's sight, makes a release ~7% cheaper to render.
WORKER_GC_THRESHOLD = (50_000, 50, 100)


def init_worker() -> None:
    """Set up a worker process of the build's pool (``streaming._Pool``). Ctrl-C is
    left to the main process, which stops the workers (``_Pool.close``)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    gc.freeze()
    gc.set_threshold(*WORKER_GC_THRESHOLD)


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)
