"""The constraint components: for each constraint parameter of a shape (sh:minCount,
sh:datatype, sh:class, sh:node, sh:sparql ...), a builder compiling it into a check of
one focus node's value nodes that mirrors pySHACL's -- the same results, the same
default messages (``BUILDERS``, by parameter) -- and the value tests they share with
pySHACL (datatypes, sh:pattern's strings, sh:lessThanOrEquals's comparison).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from pyshacl.errors import ReportableRuntimeError
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SH, XSD
from rdflib.term import Node

from .context import Context, UnsupportedShapes, ValueNodes
from .messages import CONFORMS, Outcome, Res, ShapeLike, outcome, sg_string
from .sparql import SparqlQuery

Component = Callable[[Context, Node, ValueNodes], Outcome]
_RDF_LANGSTRING = RDF.langString


class Compiling:
    """What a component's builder reads of the compiler: the shapes graph, its shapes
    (all found before any component is built), and the list of the SPARQL constraints
    compiled so far (each numbered by its place in it)."""

    def __init__(
        self, sg: Graph, shapes: Mapping[Node, ShapeLike], sparql: list[SparqlQuery]
    ) -> None:
        self.sg = sg
        self.shapes = shapes
        self.sparql = sparql

    def shape(self, node: Node) -> ShapeLike:
        try:
            return self.shapes[node]
        except KeyError:
            raise UnsupportedShapes(f"{node} is not a well-formed shape") from None

    def single(self, shape: ShapeLike, p: URIRef) -> Node:
        found = list(self.sg.objects(shape.node, p))
        if len(found) != 1:
            raise UnsupportedShapes(f"shape {shape.node} needs exactly one {p}")
        return found[0]

    def count(self, shape: ShapeLike, p: URIRef) -> Literal:
        n = self.single(shape, p)
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

    def path_string(self, shape: ShapeLike) -> str | None:
        return sg_string(self.sg, shape.path) if shape.path else None


Builder = Callable[[Compiling, ShapeLike], Component | None]


# --- one builder per constraint component, each mirroring pySHACL's ------------------


def c_minCount(c: Compiling, shape: ShapeLike) -> Component | None:
    lit = c.count(shape, SH.minCount)
    n = int(lit.value)
    if n == 0:
        return None
    path = c.path_string(shape)
    iri = SH.MinCountConstraintComponent

    def min_count(ctx: Context, focus: Node, values: ValueNodes) -> Outcome:
        if len(values) >= n:
            return CONFORMS

        def generic() -> str:
            if path:
                return f"Less than {lit.value} values on {ctx.stringify_or_str(focus)}->{path}"
            return f"Less than {lit.value} values on {ctx.stringify(focus)}"

        return False, [shape.result(ctx, iri, focus, None, generic)]

    return min_count


def c_maxCount(c: Compiling, shape: ShapeLike) -> Component | None:
    lit = c.count(shape, SH.maxCount)
    n = int(lit.value)
    path = c.path_string(shape)
    iri = SH.MaxCountConstraintComponent

    def max_count(ctx: Context, focus: Node, values: ValueNodes) -> Outcome:
        if len(values) <= n:
            return CONFORMS

        def generic() -> str:
            if path:
                return f"More than {lit.value} values on {ctx.stringify(focus)}->{path}"
            return f"More than {lit.value} values on {ctx.stringify(focus)}"

        return False, [shape.result(ctx, iri, focus, None, generic)]

    return max_count


def c_class(c: Compiling, shape: ShapeLike) -> Component:
    classes = list(c.sg.objects(shape.node, SH["class"]))
    if len(classes) < 2:
        text = f"Value does not have class {sg_string(c.sg, classes[0])}"
    else:
        rules = ", ".join(sg_string(c.sg, cls) for cls in classes)
        text = f"Value class is not in classes ({rules})"
    iri = SH.ClassConstraintComponent

    def generic() -> str:
        return text

    def class_(ctx: Context, focus: Node, values: ValueNodes) -> Outcome:
        reports: list[Res] = []
        for cls in classes:
            for v in values:
                if (type(v) is not URIRef and isinstance(v, Literal)) or not ctx.is_instance(
                    v, cls
                ):
                    reports.append(shape.result(ctx, iri, focus, v, generic))
        return outcome(reports)

    return class_


def c_datatype(c: Compiling, shape: ShapeLike) -> Component:
    dt = c.single(shape, SH.datatype)
    text = f"Value is not Literal with datatype {sg_string(c.sg, dt)}"
    iri = SH.DatatypeConstraintComponent

    def generic() -> str:
        return text

    matches = _datatype_check(dt)

    def datatype(ctx: Context, focus: Node, values: ValueNodes) -> Outcome:
        reports: list[Res] = []
        for v in values:
            if not matches(v):
                reports.append(shape.result(ctx, iri, focus, v, generic))
        return outcome(reports)

    return datatype


def c_nodeKind(c: Compiling, shape: ShapeLike) -> Component:
    kind = c.single(shape, SH.nodeKind)
    text = f"Value is not of Node Kind {sg_string(c.sg, kind)}"
    iri = SH.NodeKindConstraintComponent
    ok_bnode = kind in (SH.BlankNode, SH.BlankNodeOrLiteral, SH.BlankNodeOrIRI)
    ok_literal = kind in (SH.Literal, SH.BlankNodeOrLiteral, SH.IRIOrLiteral)
    ok_iri = kind in (SH.IRI, SH.IRIOrLiteral, SH.BlankNodeOrIRI)

    def generic() -> str:
        return text

    def node_kind(ctx: Context, focus: Node, values: ValueNodes) -> Outcome:
        reports: list[Res] = []
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
        return outcome(reports)

    return node_kind


def c_pattern(c: Compiling, shape: ShapeLike) -> Component:
    patterns = list(c.sg.objects(shape.node, SH.pattern))
    if not all(isinstance(p, Literal) for p in patterns):
        raise UnsupportedShapes(f"sh:pattern of {shape.node} is not a literal")
    flags_found = set(c.sg.objects(shape.node, SH.flags))
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

    def pattern(ctx: Context, focus: Node, values: ValueNodes) -> Outcome:
        reports: list[Res] = []
        for matcher in matchers:
            for v in values:
                match = False
                if not isinstance(v, BNode):
                    text = _string_of(v)
                    match = bool(matcher.match(text) or matcher.search(text))
                if not match:
                    reports.append(shape.result(ctx, iri, focus, v, generic))
        return outcome(reports)

    return pattern


def c_in(c: Compiling, shape: ShapeLike) -> Component:
    lst = c.single(shape, SH["in"])
    allowed: set[Node] = set()
    for item in c.sg.items(lst):
        allowed.add(item)
    listed = [sg_string(c.sg, v) for v in allowed]
    iri = SH.InConstraintComponent

    def in_(ctx: Context, focus: Node, values: ValueNodes) -> Outcome:
        reports: list[Res] = []
        for v in values:
            if v not in allowed:

                def generic(v: Node = v) -> str:
                    return f"Value {ctx.stringify(v)} not in list {listed}"

                reports.append(shape.result(ctx, iri, focus, v, generic))
        return outcome(reports)

    return in_


def c_hasValue(c: Compiling, shape: ShapeLike) -> Component:
    wanted = set(c.sg.objects(shape.node, SH.hasValue))
    the_set = [sg_string(c.sg, v) for v in wanted]
    path = c.path_string(shape)
    iri = SH.HasValueConstraintComponent

    def has_value(ctx: Context, focus: Node, values: ValueNodes) -> Outcome:
        reports: list[Res] = []
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
        return outcome(reports)

    return has_value


def c_lessThanOrEquals(c: Compiling, shape: ShapeLike) -> Component:
    others = set(c.sg.objects(shape.node, SH.lessThanOrEquals))
    if not shape.is_property:
        raise UnsupportedShapes(f"sh:lessThanOrEquals on node shape {shape.node}")
    if not all(isinstance(o, URIRef) for o in others):
        raise UnsupportedShapes("sh:lessThanOrEquals must name properties")
    if len(others) < 2:
        rules = sg_string(c.sg, next(iter(others)))
    else:
        rules = ", ".join(sg_string(c.sg, p) for p in others)
    iri = SH.LessThanOrEqualsConstraintComponent

    def less_or_equal(ctx: Context, focus: Node, values: ValueNodes) -> Outcome:
        reports: list[Res] = []
        for other in others:
            compare_values = set(ctx.objects(focus, other))
            for failed in _not_less_or_equal(values, compare_values):

                def generic(v: Node = failed) -> str:
                    return f"Value of {ctx.stringify(focus)}->{rules} < {ctx.stringify(v)}"

                reports.append(shape.result(ctx, iri, focus, failed, generic))
        return outcome(reports)

    return less_or_equal


def c_not(c: Compiling, shape: ShapeLike) -> Component:
    nots = list(c.sg.objects(shape.node, SH["not"]))
    targets = [c.shape(n) for n in nots]
    if len(nots) == 1:
        names = f"shape {sg_string(c.sg, nots[0])}"
    else:
        names = "any shapes in " + " , ".join(sg_string(c.sg, n) for n in nots)
    iri = SH.NotConstraintComponent

    def not_(ctx: Context, focus: Node, values: ValueNodes) -> Outcome:
        reports: list[Res] = []
        for target in targets:
            for v in values:
                if target.conforms(ctx, v):

                    def generic(v: Node = v) -> str:
                        return f"Node {ctx.stringify_or_str(v)} must not conform to {names}"

                    reports.append(shape.result(ctx, iri, focus, v, generic))
        return outcome(reports)

    return not_


def _shape_lists(c: Compiling, shape: ShapeLike, p: URIRef) -> tuple[list[list[Node]], str]:
    lists = list(c.sg.objects(shape.node, p))
    members = [list(c.sg.items(lst)) for lst in lists]
    if any(not m for m in members):
        raise UnsupportedShapes(f"empty list of shapes on {shape.node}")
    if len(lists) < 2:
        names = " , ".join(sg_string(c.sg, s) for s in members[0])
    else:
        names = " and ".join("(" + " , ".join(sg_string(c.sg, s) for s in m) + ")" for m in members)
    return members, names


def c_or(c: Compiling, shape: ShapeLike) -> Component:
    # pySHACL reads sh:or members as a set, sh:xone members as a list
    return _alternatives(
        c, shape, SH["or"], SH.OrConstraintComponent, "one or more shapes", set, lambda n: n > 0
    )


def c_xone(c: Compiling, shape: ShapeLike) -> Component:
    return _alternatives(
        c, shape, SH.xone, SH.XoneConstraintComponent, "exactly one shape", list, lambda n: n == 1
    )


def _alternatives(
    c: Compiling,
    shape: ShapeLike,
    key: URIRef,
    iri: URIRef,
    wording: str,
    members_as: Callable[[list[Node]], Iterable[Node]],
    accept: Callable[[int], bool],
) -> Component:
    """sh:or and sh:xone: each value conforms to a number of the member shapes that
    ``accept`` allows (every member is validated, as pySHACL does)."""
    members, names = _shape_lists(c, shape, key)
    alternatives = [[c.shape(s) for s in members_as(m)] for m in members]

    def check(ctx: Context, focus: Node, values: ValueNodes) -> Outcome:
        reports: list[Res] = []
        for shapes in alternatives:
            for v in values:
                if not accept(sum(1 for s in shapes if s.conforms(ctx, v))):

                    def generic(v: Node = v) -> str:
                        return (
                            f"Node {ctx.stringify_or_str(v)} must conform to {wording} in {names}"
                        )

                    reports.append(shape.result(ctx, iri, focus, v, generic))
        return outcome(reports)

    return check


def c_node(c: Compiling, shape: ShapeLike) -> Component:
    nodes = list(c.sg.objects(shape.node, SH.node))
    targets = [c.shape(n) for n in nodes]
    if any(t.is_property for t in targets):
        raise UnsupportedShapes(f"sh:node of {shape.node} is a property shape")
    if len(nodes) < 2:
        text = f"Value does not conform to Shape {sg_string(c.sg, nodes[0])}."
    else:
        rules = "', '".join(sg_string(c.sg, n) for n in nodes)
        text = f"Value must conform to every Shape in ('{rules}')."
    text += " See details for more information."
    iri = SH.NodeConstraintComponent

    def generic() -> str:
        return text

    def node(ctx: Context, focus: Node, values: ValueNodes) -> Outcome:
        reports: list[Res] = []
        for target in targets:
            for v in values:
                ok, details = target.validate(ctx, v)
                if not ok or details:
                    reports.append(shape.result(ctx, iri, focus, v, generic, details))
        return outcome(reports)

    return node


def c_property(c: Compiling, shape: ShapeLike) -> Component:
    targets = [c.shape(n) for n in c.sg.objects(shape.node, SH.property)]
    if not all(t.is_property for t in targets):
        raise UnsupportedShapes(f"sh:property of {shape.node} is not a property shape")

    def property_(ctx: Context, focus: Node, values: ValueNodes) -> Outcome:
        conforms = True
        reports: list[Res] = []
        for target in targets:
            for v in values:
                ok, found = target.validate(ctx, v)
                conforms = conforms and ok
                reports.extend(found)
        return conforms, reports

    return property_


def c_qualified(c: Compiling, shape: ShapeLike) -> Component | None:
    if not shape.is_property:
        return None  # pySHACL warns and skips it
    value_shapes = set(c.sg.objects(shape.node, SH.qualifiedValueShape))
    if not value_shapes:
        raise UnsupportedShapes(f"{shape.node} has no sh:qualifiedValueShape")
    counts: list[int | None] = []
    for p in (SH.qualifiedMinCount, SH.qualifiedMaxCount):
        found = set(c.sg.objects(shape.node, p))
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
    for d in c.sg.objects(shape.node, SH.qualifiedValueShapesDisjoint):
        if isinstance(d, Literal) and isinstance(d.value, bool):
            disjoint = disjoint or d.value
    shapes_string = ",".join(sg_string(c.sg, s) for s in value_shapes)
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
            for parent in c.sg.subjects(SH.property, shape.node):
                for s in c.sg.objects(parent, SH.property):
                    for sibling in c.sg.objects(s, SH.qualifiedValueShape):
                        if sibling != v_shape:
                            siblings.add(sibling)
        sibling_shapes = [c.shapes[s] for s in siblings if s in c.shapes]
        evaluations.append((c.shape(v_shape), sibling_shapes))

    def generic() -> str:
        return text

    def qualified(ctx: Context, focus: Node, values: ValueNodes) -> Outcome:
        reports: list[Res] = []
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
                    shape.result(ctx, SH.QualifiedMaxCountConstraintComponent, focus, None, generic)
                )
            if min_count is not None and conforming < min_count:
                reports.append(
                    shape.result(ctx, SH.QualifiedMinCountConstraintComponent, focus, None, generic)
                )
        return outcome(reports)

    return qualified


def c_sparql(c: Compiling, shape: ShapeLike) -> Component:
    queries = []
    for node in set(c.sg.objects(shape.node, SH.sparql)):
        q = SparqlQuery(c.sg, shape, node, len(c.sparql))
        c.sparql.append(q)
        if not q.deactivated:
            queries.append(q)

    def sparql(ctx: Context, focus: Node, values: ValueNodes) -> Outcome:
        reports: list[Res] = []
        for q in queries:
            found = q.results(ctx, focus)
            if found:
                reports.extend(found)
        return outcome(reports)

    return sparql


# The constraint parameters pySHACL looks for on a shape, and the builder of the
# component each belongs to (one component for the four sh:qualified... parameters).
BUILDERS: dict[Node, Builder] = {
    SH["class"]: c_class,
    SH.datatype: c_datatype,
    SH.nodeKind: c_nodeKind,
    SH.minCount: c_minCount,
    SH.maxCount: c_maxCount,
    SH["not"]: c_not,
    SH["or"]: c_or,
    SH.xone: c_xone,
    SH.pattern: c_pattern,
    SH.lessThanOrEquals: c_lessThanOrEquals,
    SH.node: c_node,
    SH.property: c_property,
    SH.qualifiedValueShape: c_qualified,
    SH.qualifiedMinCount: c_qualified,
    SH.qualifiedMaxCount: c_qualified,
    SH.qualifiedValueShapesDisjoint: c_qualified,
    SH.hasValue: c_hasValue,
    SH["in"]: c_in,
    SH.sparql: c_sparql,
}


# --- value tests ---------------------------------------------------------------------


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
