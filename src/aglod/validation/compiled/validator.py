"""A fast SHACL validator giving the same report as ``aglod.validation.shacl.validate``.

pySHACL spends most of its time in rdflib re-parsing each SPARQL constraint's query for
every focus node. ``compile_shapes`` compiles a shapes graph once into closures that
follow pySHACL's own rules (its value nodes and property paths, conformance of nested
shapes under ``allow_warnings``, default messages, result paths, sh:node details ...),
and ``fast_validate`` runs them on indexes of the data graph (rdflib's own, when the
graph has its in-memory store to itself).

SPARQL constraints run on Oxigraph: the data triples a query can read (by its
predicates) are loaded into an in-memory store, and a query whose rows can be split by
``$this`` runs once with ``$this`` free, its rows going to the focus nodes they name
(else once per focus node, ``$this`` substituted). Oxigraph is used only where it must
give what rdflib gives: on data of IRIs, plain strings and well-typed integers only
(a predicate with any other object, a blank node ..., is left out and the queries
reading it go to rdflib), for queries made of operations both engines evaluate alike
(no ordering comparison, IN, multiplication ...; SUBSTR is rdflib's, as a custom
function, since rdflib slices Python strings). Otherwise the constraint
runs as pySHACL runs it: rdflib, once per focus node, ``$this`` pre-bound (the query
parsed once).

Only the SHACL features the bundled shapes use are supported (``_SH_PREDICATES``,
``_SH_TYPES``); ``compile_shapes`` raises ``UnsupportedShapes`` for anything else, so
that callers can fall back to pySHACL (``aglod.validation.shacl.validate``).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Collection, Iterable
from functools import lru_cache
from typing import Any

import pyoxigraph as ox
from pyshacl.errors import ReportableRuntimeError
from rdflib import BNode, Graph, Literal, URIRef, Variable
from rdflib.graph import ConjunctiveGraph
from rdflib.namespace import OWL, RDF, RDFS, SH, XSD
from rdflib.paths import NegatedPath
from rdflib.paths import Path as RdflibPath
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.plugins.sparql.sparql import Query
from rdflib.query import ResultRow
from rdflib.term import Node

from ..shacl import SEVERITIES, Report, Result, n3, result_order, shapes_graph

__all__ = ["FastValidator", "UnsupportedShapes", "compile_shapes", "fast_validate"]


class UnsupportedShapes(ValueError):
    """The shapes graph uses a SHACL feature this validator does not implement."""


def _words(text: str) -> list[str]:
    return text.split()


# --- what is supported ---------------------------------------------------------------

# Every sh: predicate the shapes graph may use. Anything else (sh:closed, sh:equals,
# sh:and, sh:minLength, sh:rule, sh:target, zero-or-more paths ...) is unsupported.
_SH_PREDICATES = frozenset(
    SH[n]
    for n in _words(
        "path alternativePath inversePath targetClass targetNode targetSubjectsOf "
        "targetObjectsOf severity message deactivated name description order group "
        "defaultValue property node not or xone class datatype nodeKind minCount "
        "maxCount pattern flags in hasValue qualifiedValueShape qualifiedMinCount "
        "qualifiedMaxCount qualifiedValueShapesDisjoint lessThanOrEquals sparql select "
        "prefixes declare prefix namespace"
    )
)
# sh: classes a node of the shapes graph may be typed with.
_SH_TYPES = frozenset(
    SH[n] for n in ["NodeShape", "PropertyShape", "Shape", "SPARQLConstraint", "PrefixDeclaration"]
)

# Constraint parameters pySHACL looks for on a shape, and the component each belongs to.
_COMPONENT_OF = {
    SH["class"]: "class",
    SH.datatype: "datatype",
    SH.nodeKind: "nodeKind",
    SH.minCount: "minCount",
    SH.maxCount: "maxCount",
    SH["not"]: "not",
    SH["or"]: "or",
    SH.xone: "xone",
    SH.pattern: "pattern",
    SH.lessThanOrEquals: "lessThanOrEquals",
    SH.node: "node",
    SH.property: "property",
    SH.qualifiedValueShape: "qualified",
    SH.qualifiedMinCount: "qualified",
    SH.qualifiedMaxCount: "qualified",
    SH.qualifiedValueShapesDisjoint: "qualified",
    SH.hasValue: "hasValue",
    SH["in"]: "in",
    SH.sparql: "sparql",
}
_RDF_TYPE = RDF.type
_SUBCLASS_OF = RDFS.subClassOf
_ALLOWED_SEVERITIES = frozenset({SH.Info, SH.Warning})  # validate() passes allow_warnings
_RDF_LANGSTRING = RDF.langString
_INTEGER_TYPES = frozenset(
    XSD[n]
    for n in _words(
        "integer nonNegativeInteger positiveInteger long int short byte unsignedLong "
        "unsignedInt unsignedShort unsignedByte"
    )
)
_MAX_DEPTH = 10  # pySHACL stops at 15 nested shapes; stay well below
_BIG = 2**60  # integers Oxigraph may add and subtract as rdflib does


# --- results -------------------------------------------------------------------------


class _Res:
    """One validation result, as pySHACL's ``make_v_result`` builds it."""

    __slots__ = ("component", "details", "focus", "messages", "path", "severity", "shape", "value")

    def __init__(
        self,
        shape: _Shape,
        component: URIRef,
        focus: Node,
        value: Node | None,
        path: Node | None,
        messages: list[str],
        details: list[_Res] | None = None,
    ) -> None:
        self.severity = shape.severity
        self.shape = shape.node
        self.component = component
        self.focus = focus
        self.value = value
        self.path = path
        self.messages = messages
        self.details = details


Outcome = tuple[bool, list["_Res"]]
_CONFORMS: Outcome = (True, [])


def _outcome(reports: list[_Res]) -> Outcome:
    """A constraint's outcome from the results it reported (none: it conforms)."""
    return (False, reports) if reports else _CONFORMS


# --- the data graph ------------------------------------------------------------------

_Index = dict[Node, dict[Node, dict[Node, Any]]]
_EMPTY: dict[Node, Any] = {}


def _indexes(data: Graph) -> tuple[_Index, _Index]:
    """(subject -> predicate -> objects, predicate -> object -> subjects) of ``data``.

    rdflib's in-memory store keeps exactly these dictionaries; they are used as they
    are when the store holds no triple outside ``data``, else they are built."""
    store = data.store
    try:
        spo = store._Memory__spo  # type: ignore[attr-defined]
        pos = store._Memory__pos  # type: ignore[attr-defined]
        if len(store) == len(data):  # the store's (unquoted) triples are all data's
            return spo, pos
    except AttributeError:
        pass
    return _indexes_of(data.triples((None, None, None)))


def _indexes_of(triples: Iterable[tuple[Node, Node, Node]]) -> tuple[_Index, _Index]:
    """``_indexes`` of triples."""
    spo: _Index = {}
    pos: _Index = {}
    for s, p, o in triples:
        _put(spo, s, p, o)
        _put(pos, p, o, s)
    return spo, pos


def _put(index: _Index, a: Node, b: Node, c: Node) -> None:
    """Add ``a -> b -> c`` to a two-level index. (Looked up before added:
    ``setdefault`` would make a throw-away dictionary at each level.)"""
    inner = index.get(a)
    if inner is None:
        index[a] = {b: {c: 1}}
        return
    leaves = inner.get(b)
    if leaves is None:
        inner[b] = {c: 1}
    else:
        leaves[c] = 1


class _Context:
    """One validation: the data graph, its indexes, and what is worked out lazily."""

    def __init__(
        self, validator: FastValidator, data: Graph | set[tuple[Node, Node, Node]]
    ) -> None:
        self.validator = validator
        self._graph: Graph | None = None
        self._triples: set[tuple[Node, Node, Node]] = set()
        if isinstance(data, Graph):
            self._graph = data
            self.spo, self.pos = _indexes(data)
        else:  # a set of triples: the indexes from it, a graph only if asked for
            self._triples = data
            self.spo, self.pos = _indexes_of(data)
        self._msg_graph: Any = None
        self._sparql: _SparqlRunner | None = None

    @property
    def data(self) -> Graph:
        """The data as a graph (made from the triples given, where those were given)."""
        if self._graph is None:
            g = Graph()
            for t in self._triples:
                g.add(t)
            self._graph = g
        return self._graph

    def objects(self, s: Node, p: Node) -> dict[Node, Any]:
        po = self.spo.get(s)
        if po is None:
            return _EMPTY
        return po.get(p) or _EMPTY

    def subjects(self, p: Node, o: Node) -> dict[Node, Any]:
        op = self.pos.get(p)
        if op is None:
            return _EMPTY
        return op.get(o) or _EMPTY

    def is_instance(self, node: Node, cls: Node) -> bool:
        """pySHACL's sh:class test: a type of ``node`` is ``cls`` or one of its subclasses."""
        po = self.spo.get(node)
        if po is None:
            return False
        types = po.get(_RDF_TYPE)
        if not types:
            return False
        if cls in types:
            return True
        if _SUBCLASS_OF not in self.pos:
            return False
        for t in types:
            seen = {t}
            todo = [t]
            while todo:
                for sup in self.objects(todo.pop(), _SUBCLASS_OF):
                    if sup == cls:
                        return True
                    if sup not in seen:
                        seen.add(sup)
                        todo.append(sup)
        return False

    def stringify(self, node: Node) -> str:
        """pySHACL's ``stringify_node`` of a data node (for default messages), on the
        same clone of the data graph pySHACL validates."""
        from pyshacl.rdfutil import stringify_node

        if self._msg_graph is None:
            from pyshacl.rdfutil.clone import clone_graph

            clone = clone_graph(self.data, None, self.data.identifier)
            try:
                from pyshacl.graph_abstraction import DataGraph

                self._msg_graph = DataGraph.from_rdflib(clone)
            except ImportError:  # pragma: no cover - older pySHACL
                self._msg_graph = clone
        return str(stringify_node(self._msg_graph, node))

    def stringify_or_str(self, node: Node) -> str:
        try:
            return self.stringify(node)
        except (LookupError, ValueError):
            return str(node)

    @property
    def sparql(self) -> _SparqlRunner:
        if self._sparql is None:
            self._sparql = _SparqlRunner(self)
        return self._sparql


# --- shapes --------------------------------------------------------------------------

# A focus node's value nodes: a set, or a dictionary's keys (never changed)
ValueNodes = Collection[Node]
Values = Callable[[_Context, Node], ValueNodes]
Component = Callable[[_Context, Node, ValueNodes], Outcome]


class _Shape:
    """A compiled shape: its targets, how it finds value nodes, its constraints."""

    def __init__(self, sg: Graph, node: Node, path: Node | None) -> None:
        self.node = node
        self.path = path
        self.is_property = path is not None
        severities = set(sg.objects(node, SH.severity))
        if len(severities) > 1:
            raise UnsupportedShapes(f"shape {node} has several sh:severity values")
        self.severity: Node = next(iter(severities)) if severities else SH.Violation
        self.allow_conform = self.severity in _ALLOWED_SEVERITIES
        self.messages: list[Node] = list(set(sg.objects(node, SH.message)))
        self.min_message = min(str(m) for m in self.messages) if self.messages else None
        deactivated = list(sg.objects(node, SH.deactivated))
        if len(deactivated) > 1 or (deactivated and not isinstance(deactivated[0], Literal)):
            raise UnsupportedShapes(f"shape {node} has an odd sh:deactivated")
        self.deactivated = bool(deactivated[0].value) if deactivated else False  # type: ignore[attr-defined]
        self.target_classes = list(sg.objects(node, SH.targetClass))
        self.target_nodes = list(sg.objects(node, SH.targetNode))
        self.subjects_of = list(sg.objects(node, SH.targetSubjectsOf))
        self.objects_of = list(sg.objects(node, SH.targetObjectsOf))
        self.has_targets = bool(
            self.target_classes or self.target_nodes or self.subjects_of or self.objects_of
        )
        self.values: Values = _node_values
        self.components: list[Component] = []

    def focus_nodes(self, ctx: _Context) -> set[Node]:
        """pySHACL's focus nodes: SHACL instances of the target classes (rdfs:subClassOf
        followed in the data graph), target nodes, subjects and objects of predicates."""
        found: set[Node] = set(self.target_nodes)
        for cls in self.target_classes:
            found.update(ctx.subjects(_RDF_TYPE, cls))
            if _SUBCLASS_OF in ctx.pos:
                seen = {cls}
                todo = [cls]
                while todo:
                    for sub in ctx.subjects(_SUBCLASS_OF, todo.pop()):
                        if sub not in seen:
                            seen.add(sub)
                            todo.append(sub)
                            found.update(ctx.subjects(_RDF_TYPE, sub))
        for p in self.subjects_of:
            for objs in ctx.pos.get(p, _EMPTY).values():
                found.update(objs)
        for p in self.objects_of:
            found.update(ctx.pos.get(p, _EMPTY))
        return found

    def validate(self, ctx: _Context, focus: Node) -> Outcome:
        """pySHACL's ``Shape.validate`` of one focus node: (conforms, results)."""
        if self.deactivated:
            return _CONFORMS
        values = self.values(ctx, focus)
        reports: list[_Res] = []
        conforms = True
        for component in self.components:
            ok, found = component(ctx, focus, values)
            if found:
                reports.extend(found)
            # (allow_warnings: a failure made only of warnings and infos conforms)
            if (
                not ok
                and not self.allow_conform
                and not all(r.severity in _ALLOWED_SEVERITIES for r in found)
            ):
                conforms = False
        return conforms, reports

    def conforms(self, ctx: _Context, focus: Node) -> bool:
        """``validate(ctx, focus)[0]``, worked out with less. Under allow_warnings a shape
        of warning or info severity always conforms; a shape of any other severity
        fails with its first failing constraint, as each failing constraint reports
        something of that severity (or of a failing property shape's)."""
        if self.deactivated or self.allow_conform:
            return True
        values = self.values(ctx, focus)
        return all(component(ctx, focus, values)[0] for component in self.components)

    def result(
        self,
        ctx: _Context,
        component: URIRef,
        focus: Node,
        value: Node | None = None,
        generic: Callable[[], str] | None = None,
        details: list[_Res] | None = None,
    ) -> _Res:
        if self.min_message is not None:
            messages = [self.min_message]
        elif generic is not None:
            messages = [generic()]
        else:
            messages = []
        return _Res(self, component, focus, value, self.path, messages, details)


def _node_values(ctx: _Context, focus: Node) -> ValueNodes:
    return (focus,)


# --- property paths ------------------------------------------------------------------

PathFn = Callable[[_Context, Node, bool], set[Node]]


def _compile_path(sg: Graph, path: Node, depth: int = 0) -> PathFn:
    """pySHACL's ``value_nodes_from_path`` (its handling of inverse sequences included)."""
    if depth > _MAX_DEPTH:
        raise UnsupportedShapes("property path too deep")
    if isinstance(path, URIRef):
        p = path

        def predicate(ctx: _Context, focus: Node, inverse: bool) -> set[Node]:
            return set(ctx.subjects(p, focus) if inverse else ctx.objects(focus, p))

        return predicate
    if not isinstance(path, BNode):
        raise UnsupportedShapes(f"unsupported property path {path!r}")
    firsts = set(sg.objects(path, RDF.first))
    if firsts:  # a sequence path
        rests = set(sg.objects(path, RDF.rest))
        if len(firsts) != 1 or len(rests) != 1:
            raise UnsupportedShapes("malformed sequence path")
        rest = next(iter(rests))
        if rest == RDF.nil and depth == 0:
            raise UnsupportedShapes("a sequence path needs two steps at least")
        first_fn = _compile_path(sg, next(iter(firsts)), depth + 1)
        if rest == RDF.nil:
            return first_fn
        rest_fn = _compile_path(sg, rest, depth + 1)

        def sequence(ctx: _Context, focus: Node, inverse: bool) -> set[Node]:
            found: set[Node] = set()
            for node in first_fn(ctx, focus, inverse):
                found.update(rest_fn(ctx, node, inverse))
            return found

        return sequence
    inverses = set(sg.objects(path, SH.inversePath))
    if inverses:
        if len(inverses) != 1:
            raise UnsupportedShapes("malformed inverse path")
        inner = _compile_path(sg, next(iter(inverses)), depth + 1)

        def inverse_path(ctx: _Context, focus: Node, inverse: bool) -> set[Node]:
            return inner(ctx, focus, not inverse)

        return inverse_path
    alternatives = set(sg.objects(path, SH.alternativePath))
    if alternatives:
        if len(alternatives) != 1:
            raise UnsupportedShapes("malformed alternative path")
        fns = [_compile_path(sg, a, depth + 1) for a in sg.items(next(iter(alternatives)))]
        if len(fns) < 2:
            raise UnsupportedShapes("an alternative path needs two alternatives at least")

        def alternative(ctx: _Context, focus: Node, inverse: bool) -> set[Node]:
            found: set[Node] = set()
            for fn in fns:
                found.update(fn(ctx, focus, inverse))
            return found

        return alternative
    raise UnsupportedShapes(f"unsupported property path {path!r}")


def _values_of(sg: Graph, path: Node) -> Values:
    if isinstance(path, URIRef):
        p = path

        def objects(ctx: _Context, focus: Node) -> ValueNodes:
            po = ctx.spo.get(focus)
            if po is None:
                return _EMPTY
            return po.get(p) or _EMPTY

        return objects
    fn = _compile_path(sg, path)

    def complex_path(ctx: _Context, focus: Node) -> ValueNodes:
        return fn(ctx, focus, False)

    return complex_path


# --- the compiler --------------------------------------------------------------------


def _sg_string(sg: Graph, node: Node) -> str:
    """pySHACL's ``stringify_node`` of a shapes graph node."""
    from pyshacl.rdfutil import stringify_node

    return str(stringify_node(sg, node))


class _Compiler:
    def __init__(self, sg: Graph) -> None:
        self.sg = sg
        self.shapes: dict[Node, _Shape] = {}
        self.sparql: list[_SparqlQuery] = []

    # shapes, as pySHACL's ShapesGraph finds them
    def find_shapes(self) -> None:
        sg = self.sg
        node_shapes = set(sg.subjects(RDF.type, SH.NodeShape))
        prop_shapes = set(sg.subjects(RDF.type, SH.PropertyShape))
        paths: dict[Node, Node] = {}
        for s in node_shapes:
            if (s, SH.path, None) in sg:
                raise UnsupportedShapes(f"node shape {s} has a sh:path")
        for s in prop_shapes:
            if s in node_shapes:
                raise UnsupportedShapes(f"{s} is both a node shape and a property shape")
            found = list(sg.objects(s, SH.path))
            if len(found) != 1:
                raise UnsupportedShapes(f"property shape {s} needs exactly one sh:path")
            paths[s] = found[0]
        implied: set[Node] = set()
        for p in (SH.targetClass, SH.targetNode, SH.targetObjectsOf, SH.targetSubjectsOf):
            implied.update(s for s, _ in sg.subject_objects(p))
        implied.update(s for s, _ in sg.subject_objects(SH.property))
        implied.update(s for s, _ in sg.subject_objects(SH.node))
        expected: set[Node] = set()
        for p in (SH.property, SH.node, SH["not"], SH.qualifiedValueShape):
            expected.update(o for _, o in sg.subject_objects(p))
        for p in (SH["and"], SH["or"], SH.xone):
            for _, lst in sg.subject_objects(p):
                members = list(sg.items(lst))
                if not members:
                    raise UnsupportedShapes("empty shape list")
                expected.update(members)
        for s in list(implied) + list(expected):
            if s in node_shapes or s in prop_shapes:
                continue
            found = list(sg.objects(s, SH.path))
            if len(found) > 1:
                raise UnsupportedShapes(f"shape {s} has several sh:path values")
            if found:
                prop_shapes.add(s)
                paths[s] = found[0]
            else:
                node_shapes.add(s)
        class_types = set(sg.subjects(RDFS.subClassOf, RDFS.Class)) | {RDFS.Class, OWL.Class}
        for s in node_shapes | prop_shapes:
            if isinstance(s, Literal):
                raise UnsupportedShapes(f"literal shape {s}")
            if any(t in class_types for t in sg.objects(s, RDF.type)):
                raise UnsupportedShapes(f"shape {s} is also a class (implicit class target)")
            path = paths.get(s)
            shape = _Shape(sg, s, path)
            if path is not None:
                shape.values = _values_of(sg, path)
            self.shapes[s] = shape

    def check_vocabulary(self) -> None:
        sg = self.sg
        for p in set(sg.predicates()):
            if isinstance(p, URIRef) and p.startswith(str(SH)) and p not in _SH_PREDICATES:
                raise UnsupportedShapes(f"unsupported SHACL feature: {p}")
        for t in set(sg.objects(None, RDF.type)):
            if isinstance(t, URIRef) and t.startswith(str(SH)) and t not in _SH_TYPES:
                raise UnsupportedShapes(f"unsupported SHACL feature: {t}")

    def shape(self, node: Node) -> _Shape:
        try:
            return self.shapes[node]
        except KeyError:
            raise UnsupportedShapes(f"{node} is not a well-formed shape") from None

    def check_recursion(self) -> None:
        refs = (SH.property, SH.node, SH["not"], SH.qualifiedValueShape)
        lists = (SH["or"], SH.xone)

        def children(node: Node) -> list[Node]:
            found = [o for p in refs for o in self.sg.objects(node, p)]
            for p in lists:
                for lst in self.sg.objects(node, p):
                    found.extend(self.sg.items(lst))
            return found

        def walk(node: Node, trail: tuple[Node, ...]) -> None:
            if node in trail:
                raise UnsupportedShapes(f"recursive shapes through {node}")
            if len(trail) > _MAX_DEPTH:
                raise UnsupportedShapes("shapes nested too deep")
            for child in children(node):
                walk(child, (*trail, node))

        for node in self.shapes:
            walk(node, ())

    def compile(self) -> FastValidator:
        self.check_vocabulary()
        self.find_shapes()
        self.check_recursion()
        for shape in self.shapes.values():
            self.compile_components(shape)
        return FastValidator(self.sg, self.shapes, self.sparql)

    def compile_components(self, shape: _Shape) -> None:
        done: set[str] = set()
        for p, _o in self.sg.predicate_objects(shape.node):
            kind = _COMPONENT_OF.get(p)  # type: ignore[call-overload]
            if kind is None or kind in done:
                continue
            done.add(kind)
            component = getattr(self, f"c_{kind}")(shape)
            if component is not None:
                shape.components.append(component)

    # one method per constraint component, each mirroring pySHACL's
    def _single(self, shape: _Shape, p: URIRef) -> Node:
        found = list(self.sg.objects(shape.node, p))
        if len(found) != 1:
            raise UnsupportedShapes(f"shape {shape.node} needs exactly one {p}")
        return found[0]

    def _count(self, shape: _Shape, p: URIRef) -> Literal:
        n = self._single(shape, p)
        if not shape.is_property:
            raise UnsupportedShapes(f"{p} on node shape {shape.node}")
        if not (
            isinstance(n, Literal)
            and n.datatype == XSD.integer
            and isinstance(n.value, int)
            and n.value >= 0
        ):
            raise UnsupportedShapes(f"{p} of {shape.node} is not a non-negative xsd:integer")
        return n

    def _path_string(self, shape: _Shape) -> str | None:
        return _sg_string(self.sg, shape.path) if shape.path else None

    def c_minCount(self, shape: _Shape) -> Component | None:
        lit = self._count(shape, SH.minCount)
        n = int(lit.value)
        if n == 0:
            return None
        path = self._path_string(shape)
        iri = SH.MinCountConstraintComponent

        def min_count(ctx: _Context, focus: Node, values: ValueNodes) -> Outcome:
            if len(values) >= n:
                return _CONFORMS

            def generic() -> str:
                if path:
                    return f"Less than {lit.value} values on {ctx.stringify_or_str(focus)}->{path}"
                return f"Less than {lit.value} values on {ctx.stringify(focus)}"

            return False, [shape.result(ctx, iri, focus, None, generic)]

        return min_count

    def c_maxCount(self, shape: _Shape) -> Component | None:
        lit = self._count(shape, SH.maxCount)
        n = int(lit.value)
        path = self._path_string(shape)
        iri = SH.MaxCountConstraintComponent

        def max_count(ctx: _Context, focus: Node, values: ValueNodes) -> Outcome:
            if len(values) <= n:
                return _CONFORMS

            def generic() -> str:
                if path:
                    return f"More than {lit.value} values on {ctx.stringify(focus)}->{path}"
                return f"More than {lit.value} values on {ctx.stringify(focus)}"

            return False, [shape.result(ctx, iri, focus, None, generic)]

        return max_count

    def c_class(self, shape: _Shape) -> Component:
        classes = list(self.sg.objects(shape.node, SH["class"]))
        if len(classes) < 2:
            text = f"Value does not have class {_sg_string(self.sg, classes[0])}"
        else:
            rules = ", ".join(_sg_string(self.sg, c) for c in classes)
            text = f"Value class is not in classes ({rules})"
        iri = SH.ClassConstraintComponent

        def generic() -> str:
            return text

        def class_(ctx: _Context, focus: Node, values: ValueNodes) -> Outcome:
            reports: list[_Res] = []
            for cls in classes:
                for v in values:
                    if (type(v) is not URIRef and isinstance(v, Literal)) or not ctx.is_instance(
                        v, cls
                    ):
                        reports.append(shape.result(ctx, iri, focus, v, generic))
            return _outcome(reports)

        return class_

    def c_datatype(self, shape: _Shape) -> Component:
        dt = self._single(shape, SH.datatype)
        text = f"Value is not Literal with datatype {_sg_string(self.sg, dt)}"
        iri = SH.DatatypeConstraintComponent

        def generic() -> str:
            return text

        matches = _datatype_check(dt)

        def datatype(ctx: _Context, focus: Node, values: ValueNodes) -> Outcome:
            reports: list[_Res] = []
            for v in values:
                if not matches(v):
                    reports.append(shape.result(ctx, iri, focus, v, generic))
            return _outcome(reports)

        return datatype

    def c_nodeKind(self, shape: _Shape) -> Component:
        kind = self._single(shape, SH.nodeKind)
        text = f"Value is not of Node Kind {_sg_string(self.sg, kind)}"
        iri = SH.NodeKindConstraintComponent
        ok_bnode = kind in (SH.BlankNode, SH.BlankNodeOrLiteral, SH.BlankNodeOrIRI)
        ok_literal = kind in (SH.Literal, SH.BlankNodeOrLiteral, SH.IRIOrLiteral)
        ok_iri = kind in (SH.IRI, SH.IRIOrLiteral, SH.BlankNodeOrIRI)

        def generic() -> str:
            return text

        def node_kind(ctx: _Context, focus: Node, values: ValueNodes) -> Outcome:
            reports: list[_Res] = []
            for v in values:
                kind_of_v = type(v)  # (isinstance is slow on rdflib terms)
                if kind_of_v is URIRef:
                    ok = ok_iri
                elif kind_of_v is Literal:
                    ok = ok_literal
                elif isinstance(v, BNode):
                    ok = ok_bnode
                elif isinstance(v, Literal):
                    ok = ok_literal
                else:
                    ok = ok_iri
                if not ok:
                    reports.append(shape.result(ctx, iri, focus, v, generic))
            return _outcome(reports)

        return node_kind

    def c_pattern(self, shape: _Shape) -> Component:
        patterns = list(self.sg.objects(shape.node, SH.pattern))
        if not all(isinstance(p, Literal) for p in patterns):
            raise UnsupportedShapes(f"sh:pattern of {shape.node} is not a literal")
        flags_found = set(self.sg.objects(shape.node, SH.flags))
        if len(flags_found) > 1:
            raise UnsupportedShapes(f"shape {shape.node} has several sh:flags")
        re_flags = 0
        if flags_found:
            flag_lit = next(iter(flags_found))
            flags = str(flag_lit.value if isinstance(flag_lit, Literal) else flag_lit).lower()
            if "i" in flags:
                re_flags |= re.I
            if "m" in flags:
                re_flags |= re.M
        matchers = []
        for p in patterns:
            assert isinstance(p, Literal)
            text = str(p.value) if p.value is not None and len(p.value) > 1 else str(p)
            try:
                matchers.append(re.compile(text, re_flags))
            except re.error as e:
                raise UnsupportedShapes(f"bad sh:pattern {text!r}: {e}") from None
        if len(patterns) < 2:
            message = f"Value does not match pattern '{patterns[0].value}'"  # type: ignore[attr-defined]
        else:
            rules = "', '".join(str(p.value) for p in patterns)  # type: ignore[attr-defined]
            message = f"Value does not match every pattern in ('{rules}')"
        iri = SH.PatternConstraintComponent

        def generic() -> str:
            return message

        def pattern(ctx: _Context, focus: Node, values: ValueNodes) -> Outcome:
            reports: list[_Res] = []
            for matcher in matchers:
                for v in values:
                    match = False
                    if not isinstance(v, BNode):
                        text = _string_of(v)
                        match = bool(matcher.match(text) or matcher.search(text))
                    if not match:
                        reports.append(shape.result(ctx, iri, focus, v, generic))
            return _outcome(reports)

        return pattern

    def c_in(self, shape: _Shape) -> Component:
        lst = self._single(shape, SH["in"])
        allowed: set[Node] = set()
        for item in self.sg.items(lst):
            allowed.add(item)
        listed = [_sg_string(self.sg, v) for v in allowed]
        iri = SH.InConstraintComponent

        def in_(ctx: _Context, focus: Node, values: ValueNodes) -> Outcome:
            reports: list[_Res] = []
            for v in values:
                if v not in allowed:

                    def generic(v: Node = v) -> str:
                        return f"Value {ctx.stringify(v)} not in list {listed}"

                    reports.append(shape.result(ctx, iri, focus, v, generic))
            return _outcome(reports)

        return in_

    def c_hasValue(self, shape: _Shape) -> Component:
        wanted = set(self.sg.objects(shape.node, SH.hasValue))
        the_set = [_sg_string(self.sg, v) for v in wanted]
        path = self._path_string(shape)
        iri = SH.HasValueConstraintComponent

        def has_value(ctx: _Context, focus: Node, values: ValueNodes) -> Outcome:
            reports: list[_Res] = []
            for hv in wanted:
                if hv not in values:

                    def generic() -> str:
                        if path:
                            return (
                                f"Node {ctx.stringify(focus)}->{path} does not contain a value "
                                f"in the set: {the_set}"
                            )
                        return (
                            f"Node {ctx.stringify(focus)} value is not a in the set of values: "
                            f"{the_set}"
                        )

                    reports.append(shape.result(ctx, iri, focus, None, generic))
            return _outcome(reports)

        return has_value

    def c_lessThanOrEquals(self, shape: _Shape) -> Component:
        others = set(self.sg.objects(shape.node, SH.lessThanOrEquals))
        if not shape.is_property:
            raise UnsupportedShapes(f"sh:lessThanOrEquals on node shape {shape.node}")
        if not all(isinstance(o, URIRef) for o in others):
            raise UnsupportedShapes("sh:lessThanOrEquals must name properties")
        if len(others) < 2:
            rules = _sg_string(self.sg, next(iter(others)))
        else:
            rules = ", ".join(_sg_string(self.sg, p) for p in others)
        iri = SH.LessThanOrEqualsConstraintComponent

        def less_or_equal(ctx: _Context, focus: Node, values: ValueNodes) -> Outcome:
            reports: list[_Res] = []
            for other in others:
                compare_values = set(ctx.objects(focus, other))
                for failed in _not_less_or_equal(values, compare_values):

                    def generic(v: Node = failed) -> str:
                        return f"Value of {ctx.stringify(focus)}->{rules} < {ctx.stringify(v)}"

                    reports.append(shape.result(ctx, iri, focus, failed, generic))
            return _outcome(reports)

        return less_or_equal

    def c_not(self, shape: _Shape) -> Component:
        nots = list(self.sg.objects(shape.node, SH["not"]))
        targets = [self.shape(n) for n in nots]
        if len(nots) == 1:
            names = f"shape {_sg_string(self.sg, nots[0])}"
        else:
            names = "any shapes in " + " , ".join(_sg_string(self.sg, n) for n in nots)
        iri = SH.NotConstraintComponent

        def not_(ctx: _Context, focus: Node, values: ValueNodes) -> Outcome:
            reports: list[_Res] = []
            for target in targets:
                for v in values:
                    if target.conforms(ctx, v):

                        def generic(v: Node = v) -> str:
                            return f"Node {ctx.stringify_or_str(v)} must not conform to {names}"

                        reports.append(shape.result(ctx, iri, focus, v, generic))
            return _outcome(reports)

        return not_

    def _shape_lists(self, shape: _Shape, p: URIRef) -> tuple[list[list[Node]], str]:
        lists = list(self.sg.objects(shape.node, p))
        members = [list(self.sg.items(lst)) for lst in lists]
        if any(not m for m in members):
            raise UnsupportedShapes(f"empty list of shapes on {shape.node}")
        if len(lists) < 2:
            names = " , ".join(_sg_string(self.sg, s) for s in members[0])
        else:
            names = " and ".join(
                "(" + " , ".join(_sg_string(self.sg, s) for s in m) + ")" for m in members
            )
        return members, names

    def c_or(self, shape: _Shape) -> Component:
        # pySHACL reads sh:or members as a set, sh:xone members as a list
        return self._alternatives(
            shape, SH["or"], SH.OrConstraintComponent, "one or more shapes", set, lambda n: n > 0
        )

    def c_xone(self, shape: _Shape) -> Component:
        return self._alternatives(
            shape, SH.xone, SH.XoneConstraintComponent, "exactly one shape", list, lambda n: n == 1
        )

    def _alternatives(
        self,
        shape: _Shape,
        key: URIRef,
        iri: URIRef,
        wording: str,
        members_as: Callable[[list[Node]], Iterable[Node]],
        accept: Callable[[int], bool],
    ) -> Component:
        """sh:or and sh:xone: each value conforms to a number of the member shapes that
        ``accept`` allows (every member is validated, as pySHACL does)."""
        members, names = self._shape_lists(shape, key)
        alternatives = [[self.shape(s) for s in members_as(m)] for m in members]

        def check(ctx: _Context, focus: Node, values: ValueNodes) -> Outcome:
            reports: list[_Res] = []
            for shapes in alternatives:
                for v in values:
                    if not accept(sum(1 for s in shapes if s.conforms(ctx, v))):

                        def generic(v: Node = v) -> str:
                            return (
                                f"Node {ctx.stringify_or_str(v)} must conform to {wording} "
                                f"in {names}"
                            )

                        reports.append(shape.result(ctx, iri, focus, v, generic))
            return _outcome(reports)

        return check

    def c_node(self, shape: _Shape) -> Component:
        nodes = list(self.sg.objects(shape.node, SH.node))
        targets = [self.shape(n) for n in nodes]
        if any(t.is_property for t in targets):
            raise UnsupportedShapes(f"sh:node of {shape.node} is a property shape")
        if len(nodes) < 2:
            text = f"Value does not conform to Shape {_sg_string(self.sg, nodes[0])}."
        else:
            rules = "', '".join(_sg_string(self.sg, c) for c in nodes)
            text = f"Value must conform to every Shape in ('{rules}')."
        text += " See details for more information."
        iri = SH.NodeConstraintComponent

        def generic() -> str:
            return text

        def node(ctx: _Context, focus: Node, values: ValueNodes) -> Outcome:
            reports: list[_Res] = []
            for target in targets:
                for v in values:
                    ok, details = target.validate(ctx, v)
                    if not ok or details:
                        reports.append(shape.result(ctx, iri, focus, v, generic, details))
            return _outcome(reports)

        return node

    def c_property(self, shape: _Shape) -> Component:
        targets = [self.shape(n) for n in self.sg.objects(shape.node, SH.property)]
        if not all(t.is_property for t in targets):
            raise UnsupportedShapes(f"sh:property of {shape.node} is not a property shape")

        def property_(ctx: _Context, focus: Node, values: ValueNodes) -> Outcome:
            conforms = True
            reports: list[_Res] = []
            for target in targets:
                for v in values:
                    ok, found = target.validate(ctx, v)
                    conforms = conforms and ok
                    reports.extend(found)
            return conforms, reports

        return property_

    def c_qualified(self, shape: _Shape) -> Component | None:
        if not shape.is_property:
            return None  # pySHACL warns and skips it
        value_shapes = set(self.sg.objects(shape.node, SH.qualifiedValueShape))
        if not value_shapes:
            raise UnsupportedShapes(f"{shape.node} has no sh:qualifiedValueShape")
        counts: list[int | None] = []
        for p in (SH.qualifiedMinCount, SH.qualifiedMaxCount):
            found = set(self.sg.objects(shape.node, p))
            if len(found) > 1:
                raise UnsupportedShapes(f"{shape.node} has several {p}")
            if found:
                lit = next(iter(found))
                if not (isinstance(lit, Literal) and isinstance(lit.value, int)):
                    raise UnsupportedShapes(f"{p} of {shape.node} is not an integer")
                counts.append(lit.value)
            else:
                counts.append(None)
        min_count, max_count = counts
        if min_count is None and max_count is None:
            raise UnsupportedShapes(f"{shape.node} has no qualified count")
        disjoint = False
        for d in self.sg.objects(shape.node, SH.qualifiedValueShapesDisjoint):
            if isinstance(d, Literal) and isinstance(d.value, bool):
                disjoint = disjoint or d.value
        shapes_string = ",".join(_sg_string(self.sg, s) for s in value_shapes)
        count_message = ""
        if min_count is not None:
            count_message += f" MinCount {min_count}"
        if max_count is not None:
            count_message += f" MaxCount {max_count}"
        if len(value_shapes) > 1:
            text = f"Focus node does not conform to shapes{count_message}: ({shapes_string})"
        else:
            text = f"Focus node does not conform to shape{count_message}: {shapes_string}"
        evaluations = []
        for v_shape in value_shapes:
            siblings: set[Node] = set()
            if disjoint:
                for parent in self.sg.subjects(SH.property, shape.node):
                    for s in self.sg.objects(parent, SH.property):
                        for sibling in self.sg.objects(s, SH.qualifiedValueShape):
                            if sibling != v_shape:
                                siblings.add(sibling)
            sibling_shapes = [self.shapes[s] for s in siblings if s in self.shapes]
            evaluations.append((self.shape(v_shape), sibling_shapes))

        def generic() -> str:
            return text

        def qualified(ctx: _Context, focus: Node, values: ValueNodes) -> Outcome:
            reports: list[_Res] = []
            for target, siblings in evaluations:
                conforming = 0
                for v in values:
                    if target.conforms(ctx, v):
                        in_sibling = False
                        for sibling in siblings:  # pySHACL validates against every one
                            in_sibling = sibling.conforms(ctx, v) or in_sibling
                        if not in_sibling:
                            conforming += 1
                if max_count is not None and conforming > max_count:
                    reports.append(
                        shape.result(
                            ctx, SH.QualifiedMaxCountConstraintComponent, focus, None, generic
                        )
                    )
                if min_count is not None and conforming < min_count:
                    reports.append(
                        shape.result(
                            ctx, SH.QualifiedMinCountConstraintComponent, focus, None, generic
                        )
                    )
            return _outcome(reports)

        return qualified

    def c_sparql(self, shape: _Shape) -> Component:
        queries = []
        for node in set(self.sg.objects(shape.node, SH.sparql)):
            q = _SparqlQuery(self.sg, shape, node, len(self.sparql))
            self.sparql.append(q)
            if not q.deactivated:
                queries.append(q)

        def sparql(ctx: _Context, focus: Node, values: ValueNodes) -> Outcome:
            reports: list[_Res] = []
            for q in queries:
                found = q.results(ctx, focus)
                if found:
                    reports.extend(found)
            return _outcome(reports)

        return sparql


def _datatype_check(rule: Node) -> Callable[[Node], bool]:
    """pySHACL's sh:datatype test for ``rule`` (ill-typed literals fail)."""
    from datetime import date, datetime, time
    from decimal import Decimal

    kinds: dict[Node, type | tuple[type, ...]] = {
        XSD.string: (str, bytes),
        _RDF_LANGSTRING: (str, bytes),
        XSD.integer: int,
        XSD.float: float,
        XSD.decimal: Decimal,
        XSD.boolean: bool,
        XSD.date: date,
        XSD.time: time,
        XSD.dateTime: datetime,
    }
    kind = kinds.get(rule)
    rule_s = str(rule)
    is_literal = rule == RDFS.Literal
    is_datatype = rule == RDFS.Datatype
    is_string = rule == XSD.string
    is_langstring = rule == _RDF_LANGSTRING
    str_eq = str.__eq__

    def actual(v: Literal) -> bool:
        return kind is None or isinstance(v.value, kind)

    def check(v: Node) -> bool:
        if type(v) is not Literal and not isinstance(v, Literal):
            return False
        datatype = v.datatype
        if datatype is not None and str_eq(datatype, rule_s):
            if v.ill_typed is True:
                return False
            return actual(v)
        if is_literal:
            return True
        if is_datatype and datatype:
            return True
        if datatype is None and is_string and v.language is None:
            return actual(v)
        if is_langstring and v.language:
            return actual(v)
        return False

    return check


def _string_of(v: Node) -> str:
    """pySHACL's ``value_node_to_string`` (for sh:pattern)."""
    if isinstance(v, Literal):
        if v.value is not None and v.datatype in (None, _RDF_LANGSTRING, XSD.string):
            return str(v.value)
        return str(v)
    return str(v)


def _not_less_or_equal(values: Iterable[Node], compare_values: set[Node]) -> list[Node]:
    """pySHACL's sh:lessThanOrEquals comparison: the value node of each failed pair."""
    failed = []
    for value in values:
        if isinstance(value, BNode):
            raise ReportableRuntimeError("Cannot use sh:lessThanOrEquals to compare a BlankNode.")
        left: Any = value
        left_is_string = False
        if isinstance(value, URIRef):
            left, left_is_string = str(value), True
        elif isinstance(value, Literal) and isinstance(value.value, str):
            left, left_is_string = value.value, True
        for compare in compare_values:
            if isinstance(compare, BNode):
                raise ReportableRuntimeError(
                    "Cannot use sh:lessThanOrEquals to compare a BlankNode."
                )
            right: Any = compare
            right_is_string = False
            if isinstance(compare, URIRef):
                right, right_is_string = str(compare), True
            elif isinstance(compare, Literal) and isinstance(compare.value, str):
                right, right_is_string = compare.value, True
            if left_is_string != right_is_string:
                failed.append(value)
            elif (
                type(value) is Literal
                and type(compare) is Literal
                and value.datatype is not None
                and value.datatype == compare.datatype
                and type(value.value) is int
                and type(compare.value) is int
                and not value.ill_typed
                and not compare.ill_typed
            ):  # (what rdflib's Literal.__le__ does for integers of one datatype)
                if not value.value <= compare.value:
                    failed.append(value)
            elif not left <= right:
                failed.append(value)
    return failed


# --- SPARQL constraints --------------------------------------------------------------


class _ShapesGraphView:
    """What pySHACL's ``shacl_path_to_sparql_path`` needs of its ShapesGraph."""

    def __init__(self, graph: Graph) -> None:
        self.graph = graph

    def objects(self, s: Node, p: Node) -> Iterable[Node]:
        return self.graph.objects(s, p)


class _SparqlQuery:
    """One sh:sparql SELECT constraint of one shape, prepared for both engines."""

    def __init__(self, sg: Graph, shape: _Shape, node: Node, number: int) -> None:
        from pyshacl.consts import OWL_PFX, RDF_PFX, RDFS_PFX
        from pyshacl.helper.path_helper import shacl_path_to_sparql_path
        from pyshacl.helper.sparql_query_helper import SPARQLQueryHelper

        self.shape = shape
        self.node = node
        self.number = number
        selects = set(sg.objects(node, SH.select))
        if len(selects) != 1:
            raise UnsupportedShapes(f"SPARQL constraint {node} needs exactly one sh:select")
        select = next(iter(selects))
        if not (isinstance(select, Literal) and isinstance(select.value, str)):
            raise UnsupportedShapes(f"sh:select of {node} is not a string")
        messages = set(sg.objects(node, SH.message))
        if messages:
            first = next(iter(messages))
            if not (isinstance(first, Literal) and isinstance(first.value, str)):
                raise UnsupportedShapes(f"sh:message of {node} is not a string")
        self.messages: set[Node] = messages
        deactivated = set(sg.objects(node, SH.deactivated))
        self.deactivated = False
        if deactivated:
            d = next(iter(deactivated))
            if not (isinstance(d, Literal) and isinstance(d.value, bool)):
                raise UnsupportedShapes(f"sh:deactivated of {node} is not a boolean")
            self.deactivated = bool(d.value)
        text = select.value
        helper = SPARQLQueryHelper(None, node, text)
        try:
            helper.check_invalid_sparql(text)
        except Exception as e:
            raise UnsupportedShapes(f"SPARQL constraint {node}: {e}") from None
        if not helper.bind_this_regex.search(text):
            raise UnsupportedShapes(f"SPARQL constraint {node} does not use $this")
        for regex in (helper.bind_cs_regex, helper.bind_sg_regex):
            if regex.search(text):
                raise UnsupportedShapes(f"SPARQL constraint {node} uses an unsupported variable")
        prefixes: dict[str, Any] = {"rdf": RDF_PFX, "rdfs": RDFS_PFX, "owl": OWL_PFX}
        prefixes.update(_declared_prefixes(sg, node))
        if shape.path is not None:
            view: Any = _ShapesGraphView(sg)
            path = shacl_path_to_sparql_path(view, shape.path, prefixes=prefixes)
            text = helper.bind_path_regex.sub(rf"\g<1>{path}", text)
        elif helper.bind_path_regex.search(text):
            raise UnsupportedShapes(f"SPARQL constraint {node} has $PATH but no path")
        prologue = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in prefixes.items())
        self.text = f"{prologue}\n{text}"
        try:
            self.prepared: Query = prepareQuery(self.text)
        except Exception as e:
            raise UnsupportedShapes(f"SPARQL constraint {node} does not parse: {e}") from None
        algebra = self.prepared.algebra
        if algebra.name != "SelectQuery" or dict.get(algebra, "datasetClause"):
            raise UnsupportedShapes(f"SPARQL constraint {node} is not a plain SELECT query")
        try:  # (Oxigraph knows no prefix the query does not declare)
            ox.Store().query(self.text)
        except (SyntaxError, ValueError, OSError) as e:
            raise UnsupportedShapes(f"SPARQL constraint {node}: {e}") from None
        self.predicates = _predicates(algebra)  # None: it may read any triple
        self.free_this = _rows_split_by_this(algebra)
        # Oxigraph runs the query only if rdflib evaluates each of its expressions the
        # same way (on the data _SparqlRunner loads); SUBSTR is rdflib's own, as a
        # custom function (rdflib slices Python strings).
        self.ox_text: str | None = None
        substrs = _oxigraph_safe(algebra)
        if substrs is not None:
            text, n = _SUBSTR_CALL.subn(f"<{_SUBSTR_FUNCTION.value}>(", self.text)
            if n == substrs:
                self.ox_text = text

    def results(self, ctx: _Context, focus: Node) -> list[_Res]:
        """pySHACL's ``_evaluate_sparql_constraint`` for one focus node."""
        rows = ctx.sparql.rows(self, focus)
        if not rows:
            return []
        violations: list[tuple[Any, ...]] = []
        seen_failure = False
        for row in rows:
            var_dict = dict(row)
            if var_dict.pop("failure", None) is not None:
                if seen_failure:
                    continue
                violations.append((True, var_dict))
                seen_failure = True
            else:
                p = var_dict.pop("path", None)
                v = var_dict.pop("value", None)
                t = var_dict.pop("this", None)
                if (p is not None) or (v is not None) or (t is not None):
                    if (t, p, v, var_dict) in violations:
                        continue
                    violations.append((t, p, v, var_dict))
        shape = self.shape
        result_val = None if shape.is_property else focus
        reports = []
        for violation in violations:
            if len(violation) == 2:
                reports.append(self._result(focus, result_val, None, violation[1]))
            else:
                t, p, v, var_dict = violation
                if v is None:
                    v = result_val
                reports.append(self._result(t or focus, v, p, (t, p, v, var_dict)))
        return reports

    def _result(self, focus: Node, value: Node | None, path: Node | None, bound: Any) -> _Res:
        shape = self.shape
        shape_messages = shape.messages
        texts = [
            _format_message(str(m.value), bound) if isinstance(m, Literal) else str(m)
            for m in self.messages
            if m not in shape_messages
        ]
        texts += [
            _format_message(str(m.value), bound) if isinstance(m, Literal) else str(m)
            for m in shape_messages
        ]
        messages = [min(texts)] if texts else []
        if path is None:
            path = shape.path
        return _Res(shape, SH.SPARQLConstraintComponent, focus, value, path, messages)


def _format_message(msg: str, bound_vars: Any) -> str:
    """pySHACL's ``_format_sparql_based_result_message``."""
    fdict: dict[str, Any] = {}
    if isinstance(bound_vars, (tuple, list)):
        if len(bound_vars) == 4:
            fdict.update(bound_vars[3])
            bound_vars = bound_vars[:3]
        if len(bound_vars) == 3:
            if bound_vars[0] is not None:
                fdict["this"] = bound_vars[0]
            if bound_vars[1] is not None:
                fdict["path"] = bound_vars[1]
            if bound_vars[2] is not None:
                fdict["value"] = bound_vars[2]
    elif isinstance(bound_vars, dict):
        fdict.update(bound_vars)
    else:
        return msg
    for var, val in fdict.items():
        msg = re.sub(f"{{[?$]{var}}}", str(val), msg)
    return msg


def _declared_prefixes(sg: Graph, node: Node) -> dict[str, URIRef]:
    """pySHACL's ``collect_prefixes``: the sh:declare'd prefixes of ``node``'s sh:prefixes."""
    found: dict[str, URIRef] = {}
    prefixes_vals = set(sg.objects(node, SH.prefixes))
    if not prefixes_vals:
        return found
    g_name = sg.identifier
    ng_declares = set(sg.objects(g_name, SH.declare)) if g_name else set()
    onts = set(sg.subjects(RDF.type, OWL.Ontology))
    ont_declares: set[Node] = set()
    for o in onts:
        ont_declares.update(sg.objects(o, SH.declare))
    global_declares = ng_declares | ont_declares
    for prefixes_val in prefixes_vals:
        pfx_declares = set(sg.objects(prefixes_val, SH.declare))
        if pfx_declares and prefixes_val in onts:
            all_declares = pfx_declares | ng_declares
        else:
            all_declares = global_declares | pfx_declares
        for dec in all_declares:
            prefix_vals = list(sg.objects(dec, SH.prefix))
            namespace_vals = list(sg.objects(dec, SH.namespace))
            if isinstance(dec, Literal) or len(prefix_vals) != 1 or len(namespace_vals) != 1:
                raise UnsupportedShapes(f"malformed sh:declare {dec}")
            prefix, namespace = prefix_vals[0], namespace_vals[0]
            if not (isinstance(prefix, Literal) and isinstance(prefix.value, str)):
                raise UnsupportedShapes(f"malformed sh:prefix {prefix}")
            if not isinstance(namespace, Literal) or not (
                namespace.datatype == XSD.anyURI
                or namespace.datatype == XSD.string
                or namespace.language is not None
                or isinstance(namespace.value, str)
            ):
                raise UnsupportedShapes(f"malformed sh:namespace {namespace}")
            found[str(prefix.value)] = URIRef(str(namespace.value))
    return found


_SPINE = frozenset(
    n for n in _words("Project Distinct Reduced OrderBy Filter Extend AggregateJoin Group")
)
_THIS = Variable("this")


def _compvalues(node: Any) -> Iterable[CompValue]:
    if isinstance(node, CompValue):
        yield node
        for value in node.values():
            yield from _compvalues(value)
    elif isinstance(node, (list, tuple)):
        for value in node:
            yield from _compvalues(value)


def _rows_split_by_this(algebra: CompValue) -> bool:
    """Whether running the query once with ``$this`` free gives, for each focus node, the
    rows it gives with ``$this`` pre-bound: ``$this`` is projected, bound by a triple
    pattern every row matches, a grouping key of any aggregation, and there is no
    sub-query, LIMIT/OFFSET, VALUES, GRAPH or SERVICE."""
    if _THIS not in (dict.get(algebra, "PV") or ()):
        return False
    projects = 0
    for cv in _compvalues(algebra.p):
        if cv.name in ("Project", "SelectQuery", "SubSelect"):
            projects += 1
        if cv.name in ("Slice", "ToMultiSet", "values", "Graph", "ServiceGraphPattern"):
            return False
        if cv.name == "Group" and (not dict.get(cv, "expr") or _THIS not in cv.expr):
            return False
    if projects != 1:
        return False
    node = algebra.p
    while isinstance(node, CompValue):
        if node.name in _SPINE:
            node = node.p
        elif node.name == "LeftJoin":
            node = node.p1
        elif node.name == "Join":
            return _binds_this(node.p1) or _binds_this(node.p2)
        elif node.name == "BGP":
            return any(_THIS in triple for triple in node.triples)
        else:
            return False
    return False


def _binds_this(node: Any) -> bool:
    while isinstance(node, CompValue):
        if node.name in _SPINE:
            node = node.p
        elif node.name == "LeftJoin":
            node = node.p1
        elif node.name == "Join":
            return _binds_this(node.p1) or _binds_this(node.p2)
        elif node.name == "BGP":
            return any(_THIS in triple for triple in node.triples)
        else:
            return False
    return False


def _predicates(algebra: CompValue) -> frozenset[URIRef] | None:
    """The predicates of the triples a query can read; None if it can read any."""
    found: set[URIRef] = set()

    def path_iris(path: Any) -> bool:
        if isinstance(path, URIRef):
            found.add(path)
            return True
        if isinstance(path, (NegatedPath, Variable)):
            return False
        if isinstance(path, RdflibPath):
            parts = [getattr(path, a) for a in ("args", "arg", "path") if hasattr(path, a)]
            return all(path_iris(p) for part in parts for p in _as_list(part))
        if isinstance(path, CompValue):
            if "Negated" in path.name:
                return False
            return all(path_iris(v) for v in path.values())
        if isinstance(path, (list, tuple)):
            return all(path_iris(p) for p in path)
        return isinstance(path, (str, Literal))  # modifiers such as '*'

    for cv in _compvalues(algebra):
        triples = dict.get(cv, "triples")
        if triples is None:
            continue
        for t in triples:
            items = list(t)
            if len(items) % 3:
                return None
            for i in range(1, len(items), 3):
                if not path_iris(items[i]):
                    return None
    return frozenset(found)


def _as_list(x: Any) -> list[Any]:
    return list(x) if isinstance(x, (list, tuple)) else [x]


# The parts of a query both engines evaluate alike, on the terms _SparqlRunner loads
# (IRIs, plain strings, integers of 60 bits): no ordering comparison (rdflib orders
# mixed types by datatype IRI), no IN (rdflib compares terms), && only in a FILTER's
# condition (rdflib's `error && false` is an error, not false), no multiplication or
# division, no other function.
_SAFE_NAMES = frozenset(
    n
    for n in _words(
        "SelectQuery Project Filter Extend BGP Join LeftJoin Union Group AggregateJoin "
        "Distinct Reduced TrueFilter GroupGraphPatternSub TriplesBlock "
        "OptionalGraphPattern GroupOrUnionGraphPattern Bind RelationalExpression "
        "ConditionalOrExpression UnaryNot UnaryMinus UnaryPlus AdditiveExpression "
        "Builtin_STR Builtin_SUBSTR Builtin_STRLEN Builtin_BOUND Builtin_isIRI "
        "Builtin_isBLANK Builtin_isLITERAL Builtin_sameTerm Builtin_EXISTS "
        "Builtin_NOTEXISTS Aggregate_Count Aggregate_Sample PathAlternative "
        "PathSequence PathElt PathEltOrInverse"
    )
)
_SUBSTR_CALL = re.compile(r"\bSUBSTR\s*\(", re.IGNORECASE)
_SUBSTR_FUNCTION = ox.NamedNode("urn:x-aglod:shaclfast:rdflib-substr")


def _oxigraph_safe(algebra: CompValue) -> int | None:
    """The number of SUBSTR calls of a query Oxigraph may run; None if it may not."""
    # && is safe where its value only decides whether a FILTER keeps a row (an error and
    # false do the same there): as a filter's condition, or inside such a && or ||.
    filtering: set[int] = set()
    for cv in _compvalues(algebra):
        if cv.name == "Filter":
            todo = [dict.get(cv, "expr")]
            while todo:
                e = todo.pop()
                if isinstance(e, CompValue) and e.name in (
                    "ConditionalAndExpression",
                    "ConditionalOrExpression",
                ):
                    filtering.add(id(e))
                    todo.append(dict.get(e, "expr"))
                    todo.extend(_as_list(dict.get(e, "other") or []))
    substrs = 0
    for cv in _compvalues(algebra):
        name = cv.name
        if name == "ConditionalAndExpression" and id(cv) in filtering:
            pass
        elif name not in _SAFE_NAMES:
            return None
        if name == "RelationalExpression" and dict.get(cv, "op") not in ("=", "!="):
            return None
        if name == "Builtin_SUBSTR":
            substrs += 1
        in_pattern = name in ("BGP", "TriplesBlock")
        for item in _atoms(list(cv.values())):
            if isinstance(item, Literal) and not (
                (item.datatype is None and item.language is None)
                or (  # a number in a triple pattern: rdflib matches its normalised form
                    not in_pattern
                    and item.datatype in _INTEGER_TYPES
                    and not item.ill_typed
                    and type(item.value) is int
                )
                or (not in_pattern and item.datatype == XSD.boolean and not item.ill_typed)
            ):
                return None
    return substrs


def _atoms(values: list[Any]) -> Iterable[Any]:
    """The terms in ``values``, through nested lists and tuples (not CompValues)."""
    for value in values:
        if isinstance(value, (list, tuple)):
            yield from _atoms(list(value))
        elif not isinstance(value, CompValue):
            yield value


_NUMERIC_IRIS = frozenset(
    str(XSD[n])
    for n in _words(
        "integer nonPositiveInteger negativeInteger nonNegativeInteger positiveInteger "
        "unsignedLong unsignedInt unsignedShort unsignedByte long int short byte"
    )
)
_XSD_STRING_IRI = str(XSD.string)


def _rdflib_substr(*args: Any) -> Any:
    """rdflib's SUBSTR (``operators.Builtin_SUBSTR``) on Oxigraph terms: a Python slice."""
    if len(args) not in (2, 3):
        return None
    text = args[0]
    if not isinstance(text, ox.Literal):
        return None
    language = text.language
    if not language and text.datatype.value != _XSD_STRING_IRI:
        return None
    numbers = []
    for arg in args[1:]:
        if not isinstance(arg, ox.Literal) or arg.datatype.value not in _NUMERIC_IRIS:
            return None
        numbers.append(int(arg.value))
    start = numbers[0] - 1
    end = numbers[1] + start if len(numbers) > 1 else None
    value = text.value[start:end]
    return ox.Literal(value, language=language) if language else ox.Literal(value)


# --- running SPARQL ------------------------------------------------------------------

_NAMED: dict[str, ox.NamedNode | None] = {}


def _named(iri: URIRef) -> ox.NamedNode | None:
    node = _NAMED.get(iri, False)
    if node is False:
        if len(_NAMED) > 200_000:
            _NAMED.clear()
        try:
            node = ox.NamedNode(str(iri))
        except (ValueError, TypeError):
            node = None
        _NAMED[iri] = node
    return node  # type: ignore[return-value]


class _SparqlRunner:
    """The SPARQL side of one validation: an Oxigraph store of the triples the queries
    read, and the rows of each query by focus node."""

    def __init__(self, ctx: _Context) -> None:
        self.ctx = ctx
        self.back: dict[Any, Node] = {}
        self.tainted: set[Node] = set()  # predicates with a term Oxigraph may read otherwise
        self.any_taint = False
        self.store = ox.Store()
        self._rows: dict[int, dict[Node, list[dict[str, Node]]]] = {}
        self._load(ctx.validator.sparql_predicates)

    def _term(self, node: Node) -> Any:
        """The Oxigraph term of a data node, or None where the engines may disagree."""
        if type(node) is URIRef or isinstance(node, URIRef):
            try:
                return ox.NamedNode(node)
            except (ValueError, TypeError):
                return None
        if isinstance(node, Literal):
            dt = node.datatype
            try:
                if dt is None:
                    if node.language is not None:
                        return None
                    term = ox.Literal(node)
                elif dt in _INTEGER_TYPES:
                    value = node.value
                    if node.ill_typed or type(value) is not int or not -_BIG < value < _BIG:
                        return None  # (Oxigraph's integers have 64 bits)
                    term = ox.Literal(node, datatype=_named(dt))
                else:
                    return None
            except (ValueError, TypeError, UnicodeError):
                return None
            self.back[term] = node
            return term
        return None  # a blank node: rdflib's STR gives its label, Oxigraph's an error

    def _load(self, predicates: frozenset[URIRef] | None) -> None:
        """Load the triples of ``predicates`` (all if None) but those of a predicate
        with a term the engines may read differently (it is 'tainted')."""
        pos = self.ctx.pos
        quads = []
        subject_terms: dict[Node, Any] = {}
        convert = self._term
        quad = ox.Quad
        for p in pos if predicates is None else predicates:
            by_object = pos.get(p)
            if not by_object:
                continue
            pn = _named(p) if isinstance(p, URIRef) else None
            batch = []
            ok = pn is not None
            if pn is not None:
                for o, subjects in by_object.items():
                    on = convert(o)
                    if on is None:
                        ok = False
                        break
                    for s in subjects:
                        sn = subject_terms.get(s)
                        if sn is None:
                            sn = subject_terms[s] = convert(s)
                            if sn is None:
                                ok = False
                                break
                        batch.append(quad(sn, pn, on))
                    if not ok:
                        break
            if ok:
                quads.extend(batch)
            else:
                self.tainted.add(p)
                self.any_taint = True
        self.store.extend(quads)

    def _node(self, term: Any) -> Node:
        node = self.back.get(term)
        if node is not None:
            return node
        if isinstance(term, ox.NamedNode):
            return URIRef(term.value)
        if isinstance(term, ox.BlankNode):
            return BNode(term.value)
        if isinstance(term, ox.Literal):
            if term.language:
                return Literal(term.value, lang=term.language)
            dt = term.datatype.value
            if dt == str(XSD.string):
                return Literal(term.value)
            return Literal(term.value, datatype=URIRef(dt))
        raise TypeError(f"unexpected SPARQL result term {term!r}")  # pragma: no cover

    def _solutions(self, q: _SparqlQuery, **kwargs: Any) -> list[dict[str, Node]]:
        assert q.ox_text is not None
        solutions = self.store.query(
            q.ox_text, custom_functions={_SUBSTR_FUNCTION: _rdflib_substr}, **kwargs
        )
        assert isinstance(solutions, ox.QuerySolutions)
        names = [v.value for v in solutions.variables]
        rows = []
        for solution in solutions:
            row = {}
            for name in names:
                term = solution[name]
                if term is not None:
                    row[name] = self._node(term)
            rows.append(row)
        return rows

    def uses_oxigraph(self, q: _SparqlQuery) -> bool:
        if q.ox_text is None:
            return False
        if q.predicates is None:
            return not self.any_taint
        return not (self.tainted and q.predicates & self.tainted)

    def rows(self, q: _SparqlQuery, focus: Node) -> list[dict[str, Node]]:
        """The query's rows for ``focus`` (each as rdflib's ``ResultRow.asdict``)."""
        if not self.uses_oxigraph(q):
            return self._rdflib_rows(q, focus)
        if q.free_this:
            by_focus = self._rows.get(q.number)
            if by_focus is None:
                by_focus = {}
                for row in self._solutions(q):
                    this = row.get("this")
                    if this is not None:
                        by_focus.setdefault(this, []).append(row)
                self._rows[q.number] = by_focus
            return by_focus.get(focus, [])
        term = self._term(focus)
        if term is None:
            return self._rdflib_rows(q, focus)
        return self._solutions(q, substitutions={ox.Variable("this"): term})

    def _rdflib_rows(self, q: _SparqlQuery, focus: Node) -> list[dict[str, Node]]:
        """The rows pySHACL gets: rdflib evaluating the query with ``$this`` pre-bound."""
        bindings: dict[str, Any] = {"this": focus}
        result = self.ctx.data.query(q.prepared, initBindings=bindings)
        if not result or len(result.bindings) < 1:
            return []
        rows: list[dict[str, Node]] = []
        for row in result:
            if isinstance(row, ResultRow):
                rows.append(dict(row.asdict()))
        return rows


# --- the validator -------------------------------------------------------------------


class FastValidator:
    """A shapes graph compiled for ``validate`` (see ``compile_shapes``)."""

    def __init__(self, sg: Graph, shapes: dict[Node, _Shape], sparql: list[_SparqlQuery]) -> None:
        self.sg = sg
        self.shapes = shapes
        self.sparql = sparql
        self.roots = [s for s in shapes.values() if s.has_targets and not s.deactivated]
        predicates: set[URIRef] | None = set()
        for q in sparql:
            if q.ox_text is None:
                continue
            if q.predicates is None:
                predicates = None
                break
            assert predicates is not None
            predicates |= q.predicates
        self.sparql_predicates = None if predicates is None else frozenset(predicates)
        # the focus nodes and shapes aglod.validation.shacl counts: explicitly typed node shapes
        node_shapes = set(sg.subjects(RDF.type, SH.NodeShape))
        self.shape_count = len(node_shapes)
        self.count_classes = {c for s in node_shapes for c in sg.objects(s, SH.targetClass)}
        self.count_nodes = {n for s in node_shapes for n in sg.objects(s, SH.targetNode)}
        self.count_subjects_of = {
            p for s in node_shapes for p in sg.objects(s, SH.targetSubjectsOf)
        }
        self.count_objects_of = {p for s in node_shapes for p in sg.objects(s, SH.targetObjectsOf)}
        self._names: dict[Node, str | None] = {}

    def validate(self, data: Graph | set[tuple[Node, Node, Node]]) -> Report:
        """The report ``aglod.validation.shacl.validate`` gives for ``data`` (a graph, or a set
        of triples: the same report as for a graph of them) and these shapes."""
        ctx = _Context(self, data)
        found: list[_Res] = []
        for shape in self.roots:
            for focus in shape.focus_nodes(ctx):
                _ok, reports = shape.validate(ctx, focus)
                if reports:
                    found.extend(reports)
        results = []
        todo = list(found)
        while todo:
            r = todo.pop()
            results.append(self._result(r, ctx))
            if r.details:
                todo.extend(r.details)
        results.sort(key=_full_order)
        counts = Counter(r.shape or "(anonymous shape)" for r in results)
        return Report(
            results, self._focus_count(ctx), self.shape_count, dict(sorted(counts.items()))
        )

    def _focus_count(self, ctx: _Context) -> int:
        nodes: set[Node] = set(self.count_nodes)
        for cls in self.count_classes:
            nodes.update(ctx.subjects(_RDF_TYPE, cls))
        for p in self.count_subjects_of:
            for subjects in ctx.pos.get(p, _EMPTY).values():
                nodes.update(subjects)
        for p in self.count_objects_of:
            nodes.update(ctx.pos.get(p, _EMPTY))
        return len(nodes)

    def _sg_name(self, node: Node | None) -> str | None:
        if node is None:
            return None
        try:
            return self._names[node]
        except KeyError:
            name = self._names[node] = n3(node, self.sg)
            return name

    def _result(self, r: _Res, ctx: _Context) -> Result:
        sev = r.severity
        return Result(
            severity=SEVERITIES.get(sev, str(sev)) if isinstance(sev, URIRef) else "Violation",
            focus=_data_name(r.focus, ctx) or "",
            path=self._sg_name(r.path),
            value=_data_name(r.value, ctx),
            message=r.messages[0] if r.messages else "",
            shape=self._sg_name(r.shape) if isinstance(r.shape, URIRef) else None,
            constraint=self._sg_name(r.component),
        )


_NO_GRAPH = Graph()


def _full_order(r: Result) -> tuple[Any, ...]:
    """``validate``'s order, then the remaining fields (``validate`` leaves ties as pySHACL
    happens to list them)."""
    return (*result_order(r), r.shape or "", r.constraint or "")


@lru_cache(maxsize=65536)
def _iri_name(node: URIRef) -> str | None:
    return n3(node, _NO_GRAPH)


def _data_name(node: Node | None, ctx: _Context) -> str | None:
    if isinstance(node, URIRef):
        return _iri_name(node)
    if node is None or isinstance(node, Literal):
        return n3(node, _NO_GRAPH)
    return n3(node, ctx.data)


# compiled shapes graphs, by identity (rdflib graphs compare equal by identifier)
_COMPILED: dict[int, tuple[Graph, FastValidator | UnsupportedShapes]] = {}


def compile_shapes(shapes: Graph) -> FastValidator:
    """Compile a shapes graph, once per graph object (changing the graph afterwards is not
    noticed); raises ``UnsupportedShapes`` for features not implemented."""
    entry = _COMPILED.get(id(shapes))
    if entry is None or entry[0] is not shapes:
        try:
            compiled: FastValidator | UnsupportedShapes = _Compiler(shapes).compile()
        except UnsupportedShapes as e:
            compiled = e
        entry = _COMPILED[id(shapes)] = (shapes, compiled)
    if isinstance(entry[1], UnsupportedShapes):
        raise UnsupportedShapes(*entry[1].args)
    return entry[1]


def fast_validate(
    data: Graph | set[tuple[Node, Node, Node]], shapes: Graph | None = None
) -> Report:
    """``aglod.validation.shacl.validate(data)``, fast: the same report. ``data`` may be a set
    of triples (no graph is made of them unless a rare path needs one)."""
    sg = shapes_graph() if shapes is None else shapes
    if isinstance(data, ConjunctiveGraph):
        from ..shacl import validate

        return validate(data, sg)
    return compile_shapes(sg).validate(data)
