"""Compiling a shapes graph: ``compile_shapes`` finds its shapes as pySHACL's
ShapesGraph does, checks that it uses only the SHACL features supported here
(``_SH_PREDICATES``, ``_SH_TYPES``; else ``UnsupportedShapes``), and compiles each shape
(``Shape``: its targets, value nodes and constraint components) into a
``FastValidator``, which validates data graphs with them.
"""

from __future__ import annotations

from collections.abc import Callable
from collections.abc import Set as AbstractSet

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SH
from rdflib.term import Node

from ..shacl import Report
from .components import BUILDERS, Builder, Compiling, Component
from .context import EMPTY, MAX_DEPTH, RDF_TYPE, SUBCLASS_OF, Context, UnsupportedShapes, words
from .messages import CONFORMS, Outcome, Res, ShapeNames, report
from .paths import Values, node_values, values_of
from .sparql import SparqlQuery

__all__ = ["FastValidator", "Shape", "UnsupportedShapes", "compile_shapes"]


# --- what is supported ---------------------------------------------------------------

# Every sh: predicate the shapes graph may use. Anything else (sh:closed, sh:equals,
# sh:and, sh:minLength, sh:rule, sh:target, zero-or-more paths ...) is unsupported.
_SH_PREDICATES = frozenset(
    SH[n]
    for n in words(
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

_ALLOWED_SEVERITIES = frozenset({SH.Info, SH.Warning})  # validate() passes allow_warnings


# --- shapes --------------------------------------------------------------------------


class Shape:
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
        self.values: Values = node_values
        self.components: list[Component] = []

    def focus_nodes(self, ctx: Context) -> set[Node]:
        """pySHACL's focus nodes: SHACL instances of the target classes (rdfs:subClassOf
        followed in the data graph), target nodes, subjects and objects of predicates."""
        found: set[Node] = set(self.target_nodes)
        for cls in self.target_classes:
            found.update(ctx.subjects(RDF_TYPE, cls))
            if SUBCLASS_OF in ctx.pos:
                seen = {cls}
                todo = [cls]
                while todo:
                    for sub in ctx.subjects(SUBCLASS_OF, todo.pop()):
                        if sub not in seen:
                            seen.add(sub)
                            todo.append(sub)
                            found.update(ctx.subjects(RDF_TYPE, sub))
        for p in self.subjects_of:
            for objs in ctx.pos.get(p, EMPTY).values():
                found.update(objs)
        for p in self.objects_of:
            found.update(ctx.pos.get(p, EMPTY))
        return found

    def validate(self, ctx: Context, focus: Node) -> Outcome:
        """pySHACL's ``Shape.validate`` of one focus node: (conforms, results)."""
        if self.deactivated:
            return CONFORMS
        values = self.values(ctx, focus)
        reports: list[Res] = []
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

    def conforms(self, ctx: Context, focus: Node) -> bool:
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
        ctx: Context,
        component: URIRef,
        focus: Node,
        value: Node | None = None,
        generic: Callable[[], str] | None = None,
        details: list[Res] | None = None,
    ) -> Res:
        if self.min_message is not None:
            messages = [self.min_message]
        elif generic is not None:
            messages = [generic()]
        else:
            messages = []
        return Res(self, component, focus, value, self.path, messages, details)


# --- the compiler --------------------------------------------------------------------


class _Compiler:
    """Compiles one shapes graph: its shapes found, checked, then their components
    built (by ``components.BUILDERS``, which read the shapes through ``building``)."""

    def __init__(self, sg: Graph) -> None:
        self.sg = sg
        self.shapes: dict[Node, Shape] = {}
        self.sparql: list[SparqlQuery] = []
        self.building = Compiling(sg, self.shapes, self.sparql)

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
            shape = Shape(sg, s, path)
            if path is not None:
                shape.values = values_of(sg, path)
            self.shapes[s] = shape

    def check_vocabulary(self) -> None:
        sg = self.sg
        for p in set(sg.predicates()):
            if isinstance(p, URIRef) and p.startswith(str(SH)) and p not in _SH_PREDICATES:
                raise UnsupportedShapes(f"unsupported SHACL feature: {p}")
        for t in set(sg.objects(None, RDF.type)):
            if isinstance(t, URIRef) and t.startswith(str(SH)) and t not in _SH_TYPES:
                raise UnsupportedShapes(f"unsupported SHACL feature: {t}")

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
            if len(trail) > MAX_DEPTH:
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

    def compile_components(self, shape: Shape) -> None:
        """The components of the constraint parameters of ``shape``, in the order its
        first parameter of each comes in (a component with several parameters once)."""
        done: set[Builder] = set()
        for p, _o in self.sg.predicate_objects(shape.node):
            build = BUILDERS.get(p)
            if build is None or build in done:
                continue
            done.add(build)
            component = build(self.building, shape)
            if component is not None:
                shape.components.append(component)


# --- the compiled shapes graph -------------------------------------------------------


class FastValidator:
    """A shapes graph compiled for ``validate`` (see ``compile_shapes``)."""

    def __init__(self, sg: Graph, shapes: dict[Node, Shape], sparql: list[SparqlQuery]) -> None:
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
        self.names = ShapeNames(sg)

    def validate(
        self, data: Graph | set[tuple[Node, Node, Node]], skip: AbstractSet[Node] = frozenset()
    ) -> Report:
        """The report ``aglod.validation.shacl.validate`` gives for ``data`` (a graph, or a set
        of triples: the same report as for a graph of them) and these shapes; but for no
        focus node in ``skip`` (whose results the caller has from elsewhere)."""
        ctx = Context(self.sparql_predicates, data)
        found: list[Res] = []
        for shape in self.roots:
            for focus in shape.focus_nodes(ctx):
                if focus in skip:
                    continue
                _ok, reports = shape.validate(ctx, focus)
                if reports:
                    found.extend(reports)
        return report(found, ctx, self.names, self._focus_count(ctx), self.shape_count)

    def _focus_count(self, ctx: Context) -> int:
        nodes: set[Node] = set(self.count_nodes)
        for cls in self.count_classes:
            nodes.update(ctx.subjects(RDF_TYPE, cls))
        for p in self.count_subjects_of:
            for subjects in ctx.pos.get(p, EMPTY).values():
                nodes.update(subjects)
        for p in self.count_objects_of:
            nodes.update(ctx.pos.get(p, EMPTY))
        return len(nodes)


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
