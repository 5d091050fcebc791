"""SPARQL-based constraints (sh:sparql SELECT queries): ``SparqlQuery`` prepares one
query for both engines, ``SparqlRunner`` runs the queries of one validation.

A query runs on Oxigraph where Oxigraph must give what rdflib gives: on data of IRIs,
plain strings and well-typed integers only (a predicate with any other object, a blank
node ..., is left out of Oxigraph's store and the queries reading it go to rdflib), for
queries made of operations both engines evaluate alike (the algebra checks below: no
ordering comparison, IN, multiplication ...; SUBSTR is rdflib's, as a custom function,
since rdflib slices Python strings). A query whose rows can be split by ``$this`` runs
once with ``$this`` free, its rows going to the focus nodes they name (else once per
focus node, ``$this`` substituted). Otherwise the constraint runs as pySHACL runs it:
rdflib, once per focus node, ``$this`` pre-bound (the query parsed once).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef, Variable
from rdflib.namespace import OWL, RDF, SH, XSD
from rdflib.paths import NegatedPath
from rdflib.paths import Path as RdflibPath
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.plugins.sparql.sparql import Query
from rdflib.query import ResultRow
from rdflib.term import Node

from .context import Context, UnsupportedShapes, words
from .messages import Res, ShapeLike, format_message

_INTEGER_TYPES = frozenset(
    XSD[n]
    for n in words(
        "integer nonNegativeInteger positiveInteger long int short byte unsignedLong "
        "unsignedInt unsignedShort unsignedByte"
    )
)
_BIG = 2**60  # integers Oxigraph may add and subtract as rdflib does


# --- SPARQL constraints --------------------------------------------------------------


class _ShapesGraphView:
    """What pySHACL's ``shacl_path_to_sparql_path`` needs of its ShapesGraph."""

    def __init__(self, graph: Graph) -> None:
        self.graph = graph

    def objects(self, s: Node, p: Node) -> Iterable[Node]:
        return self.graph.objects(s, p)


class SparqlQuery:
    """One sh:sparql SELECT constraint of one shape, prepared for both engines."""

    def __init__(self, sg: Graph, shape: ShapeLike, node: Node, number: int) -> None:
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
        # same way (on the data SparqlRunner loads); SUBSTR is rdflib's own, as a
        # custom function (rdflib slices Python strings).
        self.ox_text: str | None = None
        substrs = _oxigraph_safe(algebra)
        if substrs is not None:
            text, n = _SUBSTR_CALL.subn(f"<{_SUBSTR_FUNCTION.value}>(", self.text)
            if n == substrs:
                self.ox_text = text

    def results(self, ctx: Context, focus: Node) -> list[Res]:
        """pySHACL's ``_evaluate_sparql_constraint`` for one focus node."""
        rows = runner_of(ctx).rows(self, focus)
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

    def _result(self, focus: Node, value: Node | None, path: Node | None, bound: Any) -> Res:
        shape = self.shape
        shape_messages = shape.messages
        texts = [
            format_message(str(m.value), bound) if isinstance(m, Literal) else str(m)
            for m in self.messages
            if m not in shape_messages
        ]
        texts += [
            format_message(str(m.value), bound) if isinstance(m, Literal) else str(m)
            for m in shape_messages
        ]
        messages = [min(texts)] if texts else []
        if path is None:
            path = shape.path
        return Res(shape, SH.SPARQLConstraintComponent, focus, value, path, messages)


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


# --- what a query's algebra allows ---------------------------------------------------

_SPINE = frozenset(
    n for n in words("Project Distinct Reduced OrderBy Filter Extend AggregateJoin Group")
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


# The parts of a query both engines evaluate alike, on the terms SparqlRunner loads
# (IRIs, plain strings, integers of 60 bits): no ordering comparison (rdflib orders
# mixed types by datatype IRI), no IN (rdflib compares terms), && only in a FILTER's
# condition (rdflib's `error && false` is an error, not false), no multiplication or
# division, no other function.
_SAFE_NAMES = frozenset(
    n
    for n in words(
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
    for n in words(
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


class SparqlRunner:
    """The SPARQL side of one validation: an Oxigraph store of the triples the queries
    read, and the rows of each query by focus node."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.back: dict[Any, Node] = {}
        self.tainted: set[Node] = set()  # predicates with a term Oxigraph may read otherwise
        self.any_taint = False
        self.store = ox.Store()
        self._rows: dict[int, dict[Node, list[dict[str, Node]]]] = {}
        self._load(ctx.sparql_predicates)

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

    def _solutions(self, q: SparqlQuery, **kwargs: Any) -> list[dict[str, Node]]:
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

    def uses_oxigraph(self, q: SparqlQuery) -> bool:
        if q.ox_text is None:
            return False
        if q.predicates is None:
            return not self.any_taint
        return not (self.tainted and q.predicates & self.tainted)

    def rows(self, q: SparqlQuery, focus: Node) -> list[dict[str, Node]]:
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

    def _rdflib_rows(self, q: SparqlQuery, focus: Node) -> list[dict[str, Node]]:
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


def runner_of(ctx: Context) -> SparqlRunner:
    """The SPARQL side of the validation ``ctx``, made when a query first runs."""
    runner: SparqlRunner | None = ctx.sparql
    if runner is None:
        runner = ctx.sparql = SparqlRunner(ctx)
    return runner
