"""SHACL validation with pyshacl, as structured results."""

from __future__ import annotations

import json
import xml.parsers.expat
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, SH
from rdflib.plugins.sparql.algebra import translateQuery
from rdflib.plugins.sparql.parser import parseQuery
from rdflib.plugins.sparql.sparql import Query
from rdflib.term import Identifier, Node

from ..errors import InputError
from ..rdf.namespaces import bind_prefixes
from ..resources import shapes_file

SEVERITIES = {SH.Violation: "Violation", SH.Warning: "Warning", SH.Info: "Info"}


@dataclass(frozen=True, order=True)
class Result:
    severity: str
    focus: str
    path: str | None
    value: str | None
    message: str
    shape: str | None
    constraint: str | None


@dataclass
class Report:
    results: list[Result]
    focus_nodes: int
    shapes_checked: int
    counts_by_shape: dict[str, int] = field(default_factory=dict)

    @property
    def violations(self) -> int:
        return sum(r.severity == "Violation" for r in self.results)

    @property
    def warnings(self) -> int:
        return sum(r.severity == "Warning" for r in self.results)

    @property
    def infos(self) -> int:
        return sum(r.severity == "Info" for r in self.results)

    @property
    def conforms(self) -> bool:
        return self.violations == 0

    def to_json(self) -> str:
        """The report as JSON: ``json.dumps(doc, indent=2, sort_keys=True,
        ensure_ascii=False)`` of its counts and results, byte for byte. The results
        (tens of thousands in a large build) are laid out here, each value encoded by
        ``json``'s C encoder: its indenting encoder is written in Python and took
        0.6 s for 10,000 results."""
        doc = {
            "conforms": self.conforms,
            "violations": self.violations,
            "warnings": self.warnings,
            "infos": self.infos,
            "focus_nodes": self.focus_nodes,
            "shapes": self.shapes_checked,
            "counts_by_shape": self.counts_by_shape,
            "results": [],
        }
        text = json.dumps(doc, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
        if not self.results:
            return text
        value = json.JSONEncoder(ensure_ascii=False).encode
        keys = sorted(Result.__dataclass_fields__)
        results = ",\n".join(
            "    {\n" + ",\n".join(f'      "{k}": {value(getattr(r, k))}' for k in keys) + "\n    }"
            for r in self.results
        )
        head, tail = text.split('\n  "results": [],\n', 1)
        return f'{head}\n  "results": [\n{results}\n  ],\n{tail}'

    def to_text(self, limit: int | None = None) -> str:
        lines = [r_line(r) for r in (self.results if limit is None else self.results[:limit])]
        if limit is not None and len(self.results) > limit:
            lines.append(f"... and {len(self.results) - limit} more results")
        lines.append(self.summary())
        for shape, n in sorted(self.counts_by_shape.items()):
            lines.append(f"  {n:5d}  {shape}")
        return "\n".join(lines) + "\n"

    def summary(self) -> str:
        verdict = "conforms" if self.conforms else "does not conform"
        return (
            f"{verdict}: {self.violations} violations, {self.warnings} warnings, "
            f"{self.infos} infos; {self.focus_nodes} focus nodes checked against "
            f"{self.shapes_checked} shapes"
        )


def r_line(r: Result) -> str:
    path = f" {r.path}" if r.path else ""
    return f"[{r.severity.upper()}] {r.focus}{path}: {r.message}"


class _Root(Exception):
    """The document's root element was reached: its declarations are all read."""


def check_xml(data: bytes, source: str) -> None:
    """Refuse (``InputError``) an XML document that declares entities (``<!ENTITY>`` in
    its DOCTYPE) before it is parsed as RDF/XML: expanding them is how a 1 KB file
    ("billion laughs") makes gigabytes of text, and external ones read other files.
    Only the prologue is read (declarations come before the root element); a document
    that is not well-formed there is refused too."""

    def entity(name: str, *_args: object) -> None:
        raise InputError(
            source, f"the document declares the XML entity {name!r}: aglod expands no entities"
        )

    def root(*_args: object) -> None:
        raise _Root

    parser = xml.parsers.expat.ParserCreate()
    parser.SetParamEntityParsing(xml.parsers.expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.EntityDeclHandler = entity
    parser.StartElementHandler = root
    try:
        parser.Parse(data, True)
    except _Root:
        return
    except xml.parsers.expat.ExpatError as exc:
        raise InputError(source, f"cannot be parsed as xml: {exc}") from None


@cache
def shapes_graph() -> Graph:
    g = Graph()
    g.parse(shapes_file(), format="turtle")
    return g


@cache
def _names() -> Graph:
    g = bind_prefixes(Graph())
    g.bind("aglodsh", "https://w3id.org/aglod/shapes#")
    return g


def n3(node: Node | None, g: Graph) -> str | None:
    if node is None:
        return None
    if isinstance(node, BNode):  # a complex SHACL path: name its alternatives
        alts = g.value(node, SH.alternativePath)
        if alts is not None:
            return "|".join(n3(x, g) or "?" for x in Collection(g, alts))
        return None
    if isinstance(node, URIRef):
        try:
            return _names().namespace_manager.normalizeUri(node)
        except Exception:  # pragma: no cover - rdflib raises for odd IRIs
            return f"<{node}>"
    if isinstance(node, Literal):
        return str(node)
    return node.n3()


def _focus_count(data: Graph, shapes: Graph) -> tuple[int, int]:
    """Focus nodes the shapes' class targets select, and the number of node shapes."""
    nodes: set[Node] = set()
    node_shapes = set(shapes.subjects(RDF.type, SH.NodeShape))
    for shape in node_shapes:
        for cls in shapes.objects(shape, SH.targetClass):
            nodes.update(data.subjects(RDF.type, cls))
        for node in shapes.objects(shape, SH.targetNode):
            nodes.add(node)
        for prop in shapes.objects(shape, SH.targetSubjectsOf):
            nodes.update(data.subjects(prop, None))
        for prop in shapes.objects(shape, SH.targetObjectsOf):
            nodes.update(data.objects(None, prop))
    return len(nodes), len(node_shapes)


def merge_reports(reports: list[Report], whole: Graph | None = None) -> Report:
    """One report of several validations (each release's, the reference data's); a
    result found by several (a shared jurisdiction) is listed once. With ``whole``
    (the union of the parts), focus nodes shared by parts are counted once."""
    results = sorted({r for rep in reports for r in rep.results}, key=result_order)
    counts = Counter(r.shape or "(anonymous shape)" for r in results)
    focus = (
        _focus_count(whole, shapes_graph())[0]
        if whole is not None
        else sum(rep.focus_nodes for rep in reports)
    )
    return Report(
        results,
        focus,
        max((rep.shapes_checked for rep in reports), default=0),
        dict(sorted(counts.items())),
    )


def result_order(r: Result) -> tuple[int, str, str, str, str]:
    rank = {"Violation": 0, "Warning": 1, "Info": 2}
    return (rank.get(r.severity, 3), r.focus, r.path or "", r.message, r.value or "")


def with_context(release: Graph, reference: Graph) -> Graph:
    """A release graph plus the reference triples of what it points to (jurisdictions,
    posts, bodies, followed transitively), so that it validates on its own."""
    out = Graph()
    for t in release:
        out.add(t)
    seen: set[Node] = set()
    todo = [o for o in release.objects() if isinstance(o, URIRef)]
    while todo:
        node = todo.pop()
        if node in seen:
            continue
        seen.add(node)
        for t in reference.triples((node, None, None)):
            out.add(t)
            if isinstance(t[2], URIRef):
                todo.append(t[2])
    return out


class _QueryCachingGraph(Graph):
    """A graph whose ``query`` parses each query text once (per set of namespaces).

    pySHACL runs a SPARQL constraint by passing its text to ``query`` once per focus
    node, and rdflib spends far longer parsing the text than evaluating it."""

    def query(  # type: ignore[override]
        self,
        query_object: str | Query,
        processor: str = "sparql",
        result: str = "sparql",
        initNs: Mapping[str, Any] | None = None,
        initBindings: Mapping[str, Identifier] | None = None,
        use_store_provided: bool = True,
        **kwargs: Any,
    ) -> Any:
        if isinstance(query_object, str) and processor == "sparql" and not kwargs:
            namespaces = initNs or dict(self.namespaces())
            query_object = _prepared(query_object, tuple(sorted(namespaces.items())))
        return super().query(
            query_object,
            processor,
            result,
            initNs,
            initBindings,
            use_store_provided,
            **kwargs,
        )


@lru_cache(maxsize=256)
def _prepared(text: str, namespaces: tuple[tuple[str, Any], ...]) -> Query:
    # as rdflib's SPARQLProcessor.query does with a query string
    return translateQuery(parseQuery(text), None, dict(namespaces))


def _clone(data: Graph) -> Graph:
    """The copy of ``data`` pySHACL would make (``rdfutil.clone.clone_graph``), whose
    queries are parsed once."""
    g = _QueryCachingGraph(identifier=data.identifier, bind_namespaces="core")
    for prefix, namespace in data.namespace_manager.namespaces():
        g.namespace_manager.bind(prefix, namespace, override=True, replace=True)
    for t in data:
        g.add(t)
    return g


def validate(data: Graph, shapes: Graph | None = None) -> Report:
    """Validate ``data`` against the bundled shapes, or ``shapes`` (no inference first)."""
    if shapes is None:
        shapes = shapes_graph()
    # pySHACL validates a copy of the data (advanced mode); make that copy ourselves so
    # that its queries are cached, and let pySHACL validate it in place.
    plain = type(data) is Graph
    from pyshacl import validate as pyshacl_validate  # imported when used: ~0.2 s

    _conforms, report_graph, _text = pyshacl_validate(
        _clone(data) if plain else data,
        shacl_graph=shapes,
        inference="none",
        advanced=True,
        allow_warnings=True,
        abort_on_first=False,
        inplace=plain,
    )
    assert isinstance(report_graph, Graph)
    results = []
    ns_graph = data
    for res in report_graph.subjects(RDF.type, SH.ValidationResult):
        sev = report_graph.value(res, SH.resultSeverity)
        msgs = sorted(str(m) for m in report_graph.objects(res, SH.resultMessage))
        shape = report_graph.value(res, SH.sourceShape)
        results.append(
            Result(
                severity=SEVERITIES.get(sev, str(sev)) if isinstance(sev, URIRef) else "Violation",
                focus=n3(report_graph.value(res, SH.focusNode), ns_graph) or "",
                path=n3(report_graph.value(res, SH.resultPath), report_graph),
                value=n3(report_graph.value(res, SH.value), ns_graph),
                message=msgs[0] if msgs else "",
                shape=n3(shape, report_graph) if isinstance(shape, URIRef) else None,
                constraint=n3(report_graph.value(res, SH.sourceConstraintComponent), report_graph),
            )
        )
    results.sort(key=result_order)
    counts = Counter(r.shape or "(anonymous shape)" for r in results)
    focus, nshapes = _focus_count(data, shapes)
    return Report(results, focus, nshapes, dict(sorted(counts.items())))


def partition(data: Graph) -> tuple[list[Graph], Graph]:
    """Split a dataset graph into one part per release (the release, its evidence, and
    what it points to) and the rest (the reference data)."""
    from ..rdf.namespaces import AGLOD, OA

    parts = []
    reached: set[Node] = set()
    for release in sorted(data.subjects(RDF.type, AGLOD.PressRelease), key=str):
        seed = Graph()
        for t in data.triples((release, None, None)):
            seed.add(t)
        for ev in data.subjects(OA.hasSource, release):
            for t in data.triples((ev, None, None)):
                seed.add(t)
        part = with_context(seed, data)
        reached.update(part.subjects())
        parts.append(part)
    rest = Graph()
    for t in data:
        if t[0] not in reached:
            rest.add(t)
    return parts, with_context(rest, data)


def validate_graph(data: Graph) -> Report:
    """Validate a whole dataset, release by release (see ``partition``)."""
    parts, rest = partition(data)
    reports = [validate(rest)] if len(rest) else []
    reports.extend(validate(part) for part in parts)
    return merge_reports(reports, data)
