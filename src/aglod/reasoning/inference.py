"""OWL RL over ontology + alignment + data, with owlrl. The closure is computed on a
copy; only the new triples about the data are kept, less the trivial ones.

``infer`` is the reference engine (owlrl, ~0.6 s a release); ``fast_infer`` gives the
same triples from rule tables compiled once per process (well under a millisecond a
release), and falls back to ``infer`` where the tables do not cover the input."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache

import owlrl
from owlrl.OWLRL import OWLRL_Annotation_properties
from owlrl.XsdDatatypes import OWL_RL_Datatypes
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, XSD
from rdflib.plugins.stores.memory import Memory
from rdflib.term import Node

from ..rdf.namespaces import DEFAULT_BASE
from ..resources import vocabulary_files

_TRIVIAL_TYPES = {OWL.Thing, RDFS.Resource, OWL.NamedIndividual, RDFS.Class, OWL.Class}


@cache
def vocabulary() -> Graph:
    """The ontology, its alignment axioms and the SKOS schemes, as one graph."""
    g = Graph()
    for path in vocabulary_files():
        g.parse(path, format="turtle")
    return g


def _is_trivial(s: object, p: object, o: object, base: str) -> bool:
    """Triples that say nothing about the data: blank nodes, ``x owl:sameAs x``,
    ``owl:Thing``-like types, and anything about a term that is not an instance
    (the vocabularies' own closure: ``xsd:date a rdfs:Datatype``...)."""
    if isinstance(s, (BNode, Literal)) or isinstance(o, BNode):
        return True
    if not str(s).startswith(base):
        return True
    if p == OWL.sameAs and s == o:
        return True
    return p == RDF.type and o in _TRIVIAL_TYPES


def infer(data: Graph, base: str = DEFAULT_BASE) -> Graph:
    """The triples OWL RL adds to ``data`` (with the bundled vocabulary) about its
    instances (IRIs under ``base``), minus trivial ones and what ``data`` states."""
    vocab = vocabulary()
    work = Graph()
    for t in vocab:
        work.add(t)
    for t in data:
        work.add(t)
    owlrl.DeductiveClosure(
        owlrl.OWLRL_Semantics, rdfs_closure=False, axiomatic_triples=False, datatype_axioms=False
    ).expand(work)
    out = Graph()
    for prefix, ns in data.namespaces():
        out.bind(prefix, ns)
    for t in work:
        if t in data or t in vocab:
            continue
        if _is_trivial(*t, base):
            continue
        out.add(t)
    return out


# =============================================================================
#  Fast path: the same result as ``infer`` from rule tables compiled once
# =============================================================================
#
# ``infer`` runs owlrl over vocabulary + data on every call (~0.6 s a release). The
# vocabulary never changes, so ``compiled_rules()`` runs owlrl once over the vocabulary
# alone and reads, from that closure, the tables of the OWL RL rules that fire on
# instance data:
#
#   cax-sco, cax-eqc1/2     superclasses of each class (subClassOf, equivalentClass)
#   prp-spo1, prp-eqp1/2    superproperties of each property (subPropertyOf,
#                           equivalentProperty)
#   prp-dom, prp-rng        domains and ranges
#   prp-inv1/2, prp-symp    inverses (a symmetric property is its own inverse)
#   prp-trp                 transitive properties (the bundled vocabulary has none)
#
# ``fast_infer`` applies them to a fixpoint over the data's triples with sets and dicts,
# then filters as ``infer`` does. That is exact: when the data carry no schema (no
# owl:/rdfs: statements, no typing with OWL/RDFS meta-classes or datatypes), the closure
# of vocabulary + data is the vocabulary's closure plus what these rules derive from the
# data (each has one instance premise; the transitive one also joins the vocabulary's own
# facts), and the vocabulary's closure says nothing about instances (terms under ``base``).
#
# The bundled vocabulary uses subClassOf, subPropertyOf, domain, range, four
# owl:inverseOf pairs (aglod:reports/reportedIn, org:holds/heldBy, org:postIn/hasPost,
# skos:topConceptOf/hasTopConcept) and one owl:SymmetricProperty (aglod:sameActionAs);
# no owl:hasKey, functional or inverse-functional property, restriction or owl:sameAs
# (alignment.ttl leaves W3C ORG's out on purpose).
#
# The fast path falls back to ``infer`` (the result is the reference one, only slower):
#  * always, if the vocabulary has axioms that derive instance triples and that the
#    tables do not implement: restrictions (someValuesFrom, allValuesFrom, hasValue,
#    maxCardinality, maxQualifiedCardinality), intersectionOf, unionOf, oneOf, property
#    chains, owl:hasKey, owl:sameAs between distinct terms, or a table that would derive
#    schema (a superclass, domain or range that is an OWL/RDFS meta-class, a
#    superproperty or inverse from the OWL/RDF/RDFS vocabularies, axioms on rdf:type
#    itself). The reasons are in ``compiled_rules().unsupported`` (for the bundled
#    vocabulary: none);
#  * for one call, if the data hold what the tables do not cover: a literal (or another
#    odd term) as subject, a blank node as predicate, a predicate from the OWL, RDF or
#    RDFS vocabularies other than rdf:type and the annotation properties rdfs:label,
#    rdfs:comment, rdfs:seeAlso and rdfs:isDefinedBy (so owl:sameAs, rdfs:subClassOf,
#    owl:inverseOf ... in the data), or rdf:type to an OWL, RDF or RDFS term other than
#    owl:Thing, owl:NamedIndividual and rdfs:Resource, or to an XSD datatype;
#  * for one call, if a functional (inverse-functional) property of the vocabulary has
#    two distinct values (subjects) for one subject (value) in the closure, asserted or
#    derived: owlrl would derive owl:sameAs (prp-fp, prp-ifp). One value is fine;
#  * for one call, if ``base`` covers a vocabulary term (the vocabulary's own closure
#    would then count as triples about instances).
# Axioms owlrl only checks consistency with (disjointWith, complementOf,
# propertyDisjointWith, AllDisjointClasses, AllDisjointProperties, irreflexive and
# asymmetric properties, negative property assertions, differentFrom, AllDifferent) add
# blank-node error messages, which ``infer`` drops as trivial: they change nothing and
# need no fallback.
#
# ``fast_path_problem`` says why a call would fall back; ``fallbacks`` counts the
# fallbacks ``fast_infer`` took, by reason.

Triple = tuple[Node, Node, Node]
# what a property derives besides types: (superproperties, inverses, transitive)
PropertyRule = tuple[tuple[Node, ...], tuple[Node, ...], bool]

_META_NAMESPACES = (str(OWL), str(RDF), str(RDFS), str(XSD))
# Meta terms the fast path handles as plain ones: types no OWL RL rule reacts to ...
_PLAIN_META_TYPES = frozenset({OWL.Thing, OWL.NamedIndividual, RDFS.Resource})
# ... ranges no rule reacts to when derived (owlrl types datatype values once, from the
# asserted graph only) ...
_PLAIN_META_RANGES = _PLAIN_META_TYPES | {RDFS.Literal}
# ... and predicates (annotation properties) no rule reacts to.
_PLAIN_META_PREDICATES = frozenset({RDFS.label, RDFS.comment, RDFS.seeAlso, RDFS.isDefinedBy})
# Vocabulary axioms whose rules (cls-*, prp-spo2, prp-key) the tables do not implement.
_UNSUPPORTED_AXIOMS: dict[Node, str] = {
    OWL.intersectionOf: "owl:intersectionOf",
    OWL.unionOf: "owl:unionOf",
    OWL.oneOf: "owl:oneOf",
    OWL.someValuesFrom: "an owl:someValuesFrom restriction",
    OWL.allValuesFrom: "an owl:allValuesFrom restriction",
    OWL.hasValue: "an owl:hasValue restriction",
    OWL.maxCardinality: "an owl:maxCardinality restriction",
    OWL.maxQualifiedCardinality: "an owl:maxQualifiedCardinality restriction",
    OWL.propertyChainAxiom: "an owl:propertyChainAxiom",
    OWL.hasKey: "an owl:hasKey",
}

# The kind of a term, by its Python type (isinstance on rdflib's terms goes through
# ABCMeta, and is slow when false).
_IRI, _BLANK, _LITERAL, _OTHER = range(4)
_KINDS: dict[type, int] = {URIRef: _IRI, BNode: _BLANK, Literal: _LITERAL}


def _kind(term: object) -> int:
    kind = _KINDS.get(type(term))
    if kind is None:
        if isinstance(term, URIRef):
            kind = _IRI
        elif isinstance(term, BNode):
            kind = _BLANK
        elif isinstance(term, Literal):
            kind = _LITERAL
        else:
            kind = _OTHER
        _KINDS[type(term)] = kind
    return kind


def _is_meta(term: Node) -> bool:
    return _kind(term) == _IRI and str(term).startswith(_META_NAMESPACES)


@dataclass
class CompiledRules:
    """A vocabulary's OWL RL rules as tables, read from its owlrl closure.

    The tables hold one Python object per term (``canonical``), and the data's predicates
    and classes are mapped to those objects as they are read: the fixpoint then compares
    them by identity (rdflib's ``__eq__`` is Python code)."""

    canonical: dict[Node, Node]
    rdf_type: Node
    # property -> (superproperties, inverses, transitive), if it has any
    property_rules: dict[Node, PropertyRule]
    # the properties those rules derive triples of
    derivable: frozenset[Node]
    # property -> every class its domain (range) gives, superclasses included
    domain_types: dict[Node, frozenset[Node]]
    range_types: dict[Node, frozenset[Node]]
    # class -> its superclasses (transitively, owl:equivalentClass included)
    implied_types: dict[Node, frozenset[Node]]
    functional: frozenset[Node]
    inverse_functional: frozenset[Node]
    # facts of the vocabulary's closure a rule joins with the data (of transitive
    # properties) or a check needs (of functional and inverse-functional ones)
    closure_facts: tuple[Triple, ...]
    # terms of the vocabulary's closure that no instance base may cover
    vocabulary_terms: frozenset[Node]
    # why the fast path can never be used with this vocabulary (empty: it can)
    unsupported: tuple[str, ...]
    # the data's predicates and classes seen so far -> their canonical objects
    predicates: dict[Node, Node] = field(default_factory=dict)
    classes: dict[Node, Node] = field(default_factory=dict)
    bases: dict[str, str | None] = field(default_factory=dict)

    def predicate(self, p: Node) -> Node | None:
        """The canonical object of predicate ``p``, or None if the tables do not cover
        triples with that predicate."""
        cp = self.predicates.get(p)
        if cp is None:
            if _kind(p) != _IRI or (
                _is_meta(p) and p not in _PLAIN_META_PREDICATES and p != RDF.type
            ):
                return None
            cp = self.predicates[p] = self.canonical.setdefault(p, p)
        return cp

    def type_class(self, c: Node) -> Node | None:
        """The canonical object of class ``c``, or None if the tables do not cover an
        ``rdf:type c`` in the data (OWL, RDF and RDFS meta-classes, datatypes)."""
        cc = self.classes.get(c)
        if cc is None:
            if _kind(c) == _OTHER or (_is_meta(c) and c not in _PLAIN_META_TYPES):
                return None
            cc = self.classes[c] = self.canonical.setdefault(c, c)
        return cc

    def base_problem(self, base: str) -> str | None:
        """Why instances under ``base`` cannot take the fast path (None: they can)."""
        if base not in self.bases:
            problem = None
            if not base:
                problem = "an empty base covers every term"
            elif any(str(t).startswith(base) for t in self.vocabulary_terms):
                problem = f"base {base} covers vocabulary terms"
            self.bases[base] = problem
        return self.bases[base]


def compile_rules(vocab: Graph) -> CompiledRules:
    """The rule tables of ``vocab``, from its owlrl closure (as ``infer`` computes it)."""
    closure = Graph()
    for t in vocab:
        closure.add(t)
    owlrl.DeductiveClosure(
        owlrl.OWLRL_Semantics, rdfs_closure=False, axiomatic_triples=False, datatype_axioms=False
    ).expand(closure)
    canonical: dict[Node, Node] = {}

    def c(term: Node) -> Node:
        return canonical.setdefault(term, term)

    unsupported: list[str] = []
    sup: dict[Node, set[Node]] = defaultdict(set)
    supers: dict[Node, set[Node]] = defaultdict(set)
    inverses: dict[Node, set[Node]] = defaultdict(set)
    domains: dict[Node, set[Node]] = defaultdict(set)
    ranges: dict[Node, set[Node]] = defaultdict(set)
    kinds: dict[Node, set[Node]] = defaultdict(set)
    for s, p, o in closure:
        s, p, o = c(s), c(p), c(o)
        if p == RDFS.subClassOf:
            sup[s].add(o)
        elif p == OWL.equivalentClass:
            sup[s].add(o)
            sup[o].add(s)
        elif p == RDFS.subPropertyOf:
            supers[s].add(o)
        elif p == OWL.equivalentProperty:
            supers[s].add(o)
            supers[o].add(s)
        elif p == OWL.inverseOf:
            inverses[s].add(o)
            inverses[o].add(s)
        elif p == RDFS.domain:
            domains[s].add(o)
        elif p == RDFS.range:
            ranges[s].add(o)
        elif p == RDF.type and o in (
            OWL.SymmetricProperty,
            OWL.TransitiveProperty,
            OWL.FunctionalProperty,
            OWL.InverseFunctionalProperty,
        ):
            kinds[o].add(s)
        elif p == OWL.sameAs and s != o:
            unsupported.append(f"owl:sameAs between {s.n3()} and {o.n3()}")
        elif p in _UNSUPPORTED_AXIOMS:
            unsupported.append(f"{_UNSUPPORTED_AXIOMS[p]} on {s.n3()}")
    for p in kinds[OWL.SymmetricProperty]:
        inverses[p].add(p)
    transitive = kinds[OWL.TransitiveProperty]

    # What the tables derive must not be schema: they were read without it.
    def check(table: dict[Node, set[Node]], plain: frozenset[Node], what: str) -> None:
        for key, values in table.items():
            for v in values - {key}:
                if _is_meta(v) and v not in plain and not str(v).startswith(str(XSD)):
                    unsupported.append(f"{what} of {key.n3()} is {v.n3()}")

    check(sup, _PLAIN_META_TYPES, "a superclass")
    check(domains, _PLAIN_META_TYPES, "a domain")
    check(ranges, _PLAIN_META_RANGES, "a range")
    check(supers, _PLAIN_META_PREDICATES, "a superproperty")
    check(inverses, _PLAIN_META_PREDICATES, "an inverse")
    if (
        supers.get(RDF.type, {RDF.type}) - {RDF.type}
        or any(RDF.type in table for table in (inverses, domains, ranges))
        or RDF.type in transitive | kinds[OWL.FunctionalProperty]
        or RDF.type in kinds[OWL.InverseFunctionalProperty]
    ):
        unsupported.append("axioms on rdf:type")

    # Superclasses, transitively; less what ``infer`` drops anyway (blank nodes,
    # owl:Thing and the like), since types lead to nothing but types.
    def implied(classes: set[Node]) -> frozenset[Node]:
        seen: set[Node] = set()
        todo = list(classes)
        while todo:
            k = todo.pop()
            if k not in seen:
                seen.add(k)
                todo.extend(sup.get(k, ()))
        return frozenset(
            k for k in seen if k not in _TRIVIAL_TYPES and _kind(k) in (_IRI, _LITERAL)
        )

    property_rules: dict[Node, PropertyRule] = {}
    for p in supers.keys() | inverses.keys() | transitive:
        rule: PropertyRule = (tuple(supers[p] - {p}), tuple(inverses[p]), p in transitive)
        if rule != ((), (), False):
            property_rules[p] = rule
    derivable = {q for r in property_rules.values() for q in (*r[0], *r[1])} | transitive
    functional = frozenset(kinds[OWL.FunctionalProperty])
    inverse_functional = frozenset(kinds[OWL.InverseFunctionalProperty])
    watched = transitive | functional | inverse_functional
    facts = tuple((c(s), c(p), c(o)) for s, p, o in closure if p in watched and p != RDF.type)
    for t in facts:  # the fast path looks their kinds up
        _kind(t[0])
        _kind(t[2])
    terms: set[Node] = {s for s in closure.subjects() if _kind(s) == _IRI}
    terms |= {*OWL_RL_Datatypes, *OWLRL_Annotation_properties, OWL.Thing, OWL.Nothing}
    return CompiledRules(
        canonical=canonical,
        rdf_type=c(RDF.type),
        property_rules=property_rules,
        derivable=frozenset(derivable),
        domain_types={p: implied(ds) for p, ds in domains.items() if implied(ds)},
        range_types={p: implied(rs) for p, rs in ranges.items() if implied(rs)},
        implied_types={k: implied({k}) for k in sup if implied({k}) - {k}},
        functional=functional,
        inverse_functional=inverse_functional,
        closure_facts=facts,
        vocabulary_terms=frozenset(terms),
        unsupported=tuple(sorted(set(unsupported))),
    )


_rules: list[CompiledRules] = []


def compiled_rules() -> CompiledRules:
    """The rule tables of the bundled vocabulary (one owlrl run, once per process, or
    none where ``use_rules`` gave them)."""
    if not _rules:
        _rules.append(compile_rules(vocabulary()))
    return _rules[0]


def rules_in_use() -> CompiledRules | None:
    """The rules this process uses (compiled or set by ``use_rules``), if any yet."""
    return _rules[0] if _rules else None


def use_rules(rules: CompiledRules) -> None:
    """Use ``rules`` (compiled from the bundled vocabulary, e.g. by an earlier process)
    as ``compiled_rules()``."""
    _rules[:] = [rules]


def _graph_triples(g: Graph | set[Triple] | list[Triple]) -> Iterable[Triple]:
    """The triples of ``g``. For a plain graph in rdflib's Memory store, read (never
    written) from the store's own set of the graph's triples, the one ``g.triples``
    yields from: iterating through ``g.triples`` costs ~1 µs a triple, in generators."""
    if isinstance(g, (set, frozenset, list)):
        return g
    store = g.store
    if type(g) is Graph and type(store) is Memory:
        by_context = getattr(store, "_Memory__contextTriples", None)
        ident = g.identifier
        key = f"{type(ident).__name__}:{ident}"  # as Memory.__ctx_to_str makes it
        if isinstance(by_context, dict) and isinstance(by_context.get(key), set):
            triples: set[Triple] = by_context[key]
            return triples
    return g


def _infer_with(rules: CompiledRules, data: Iterable[Triple], base: str) -> list[Triple] | str:
    """What ``infer`` keeps, from the compiled rules, or (a string) why the rules would
    not give the same result. ``rules`` must have no ``unsupported`` axiom."""
    if problem := rules.base_problem(base):
        return problem
    rdf_type = rules.rdf_type
    predicates = rules.predicates
    classes = rules.classes
    derivable = rules.derivable
    kinds = _KINDS
    # Read the data: types by subject, other triples in a list, and a set of those a
    # rule may derive again.
    stated: dict[Node, set[Node]] = {}
    facts: list[Triple] = []
    known: set[Triple] = set()
    for s, p, o in data:
        cp = predicates.get(p)
        if cp is None:
            cp = rules.predicate(p)
            if cp is None:
                return f"predicate {p.n3()} in the data"
        kind = kinds.get(type(s))
        if kind is None:
            kind = _kind(s)
        if kind > _BLANK:
            return f"subject {s.n3()} in the data"
        if cp is rdf_type:
            co = classes.get(o)
            if co is None:
                co = rules.type_class(o)
                if co is None:
                    return f"rdf:type {o.n3()} in the data"
            cs = stated.get(s)
            if cs is None:
                stated[s] = {co}
            else:
                cs.add(co)
            continue
        kind = kinds.get(type(o))
        if kind is None:
            kind = _kind(o)
        if kind > _LITERAL:
            return f"object {o.n3()} in the data"
        t = (s, cp, o)
        facts.append(t)
        if cp in derivable:
            known.add(t)
    # prp-spo1, prp-eqp1/2, prp-inv1/2, prp-symp, prp-trp to a fixpoint (no rule derives
    # a triple other than a type from a type)
    if rules.closure_facts:
        more = [t for t in rules.closure_facts if t not in known]
        facts += more
        known.update(more)
    asserted = len(facts)
    if rules.property_rules:
        property_rules = rules.property_rules
        forward: dict[tuple[Node, Node], set[Node]] = defaultdict(set)
        backward: dict[tuple[Node, Node], set[Node]] = defaultdict(set)
        for s, p, o in facts:  # grows as it goes
            rule = property_rules.get(p)
            if rule is None:
                continue
            supers, inverses, transitive = rule
            derived = [(s, q, o) for q in supers]
            derived += [(o, q, s) for q in inverses]
            if transitive:
                forward[p, s].add(o)
                backward[p, o].add(s)
                derived += [(s, p, z) for z in forward.get((p, o), ())]
                derived += [(w, p, o) for w in backward.get((p, s), ())]
            for t in derived:
                if t not in known:
                    known.add(t)
                    facts.append(t)
    if (rules.functional or rules.inverse_functional) and (
        problem := _same_as_problem(rules, facts)
    ):
        return problem
    # cax-sco, cax-eqc1/2, prp-dom, prp-rng: the types of each IRI (the types of blank
    # nodes and literals lead nowhere, and infer drops them)
    types: dict[Node, set[Node]] = {}
    implied_types = rules.implied_types
    for s, cs in stated.items():
        if kinds[type(s)] == _IRI:
            ts = types[s] = set()
            for c in cs:
                implied = implied_types.get(c)
                if implied is not None:
                    ts |= implied
    domain_types = rules.domain_types
    range_types = rules.range_types
    found: set[Node] | None
    for s, p, o in facts:
        implied = domain_types.get(p)
        if implied is not None and kinds[type(s)] == _IRI:
            found = types.get(s)
            if found is None:
                types[s] = set(implied)
            else:
                found |= implied
        implied = range_types.get(p)
        if implied is not None and kinds[type(o)] == _IRI:
            found = types.get(o)
            if found is None:
                types[o] = set(implied)
            else:
                found |= implied
    # The filter of ``infer``: new triples (not in the data, nor in the vocabulary, whose
    # subjects ``base`` does not cover) about instances, less trivial ones (the tables
    # leave out trivial types; no owl:sameAs is derived).
    startswith: Callable[[Node, str], bool] = str.startswith  # type: ignore[assignment]
    kept = [
        (s, p, o)
        for s, p, o in facts[asserted:]
        if kinds[type(s)] == _IRI and startswith(s, base) and kinds[type(o)] != _BLANK
    ]
    for s, ts in types.items():
        if startswith(s, base):
            cs = stated.get(s)
            kept += [(s, rdf_type, c) for c in (ts - cs if cs else ts)]
    return kept


def _same_as_problem(rules: CompiledRules, facts: list[Triple]) -> str | None:
    """Why owlrl would derive owl:sameAs from ``facts`` (prp-fp, prp-ifp), or None."""
    values: dict[tuple[Node, Node], set[Node]] = defaultdict(set)
    holders: dict[tuple[Node, Node], set[Node]] = defaultdict(set)
    for s, p, o in facts:
        if p in rules.functional:
            values[p, s].add(o)
            if len(values[p, s]) > 1:
                return f"functional {p.n3()} has two values for {s.n3()}"
        if p in rules.inverse_functional:
            holders[p, o].add(s)
            if len(holders[p, o]) > 1:
                return f"inverse-functional {p.n3()} has two subjects for {o.n3()}"
    return None


def _fast(data: Graph | set[Triple] | list[Triple], base: str) -> list[Triple] | str:
    rules = compiled_rules()
    if rules.unsupported:
        return "the vocabulary has " + "; ".join(rules.unsupported)
    return _infer_with(rules, _graph_triples(data), base)


def fast_path_problem(data: Graph, base: str = DEFAULT_BASE) -> str | None:
    """Why ``fast_infer(data, base)`` would fall back to ``infer`` (None: it would not)."""
    result = _fast(data, base)
    return result if isinstance(result, str) else None


# How often ``fast_infer`` (``fast_infer_triples``) fell back to ``infer`` in this
# process, by reason.
fallbacks: Counter[str] = Counter()


def fast_infer_triples(
    data: Graph | set[Triple] | list[Triple], base: str = DEFAULT_BASE
) -> list[Triple]:
    """The triples of ``fast_infer(data, base)`` in a list, without building a graph
    (rdflib's store takes ~4 µs a triple: over half of ``fast_infer``'s time).
    ``data`` may also be a set or list of triples."""
    result = _fast(data, base)
    if isinstance(result, str):
        fallbacks[result] += 1
        if not isinstance(data, Graph):
            graph = Graph()
            for t in data:
                graph.add(t)
            data = graph
        return list(infer(data, base))
    return result


def fast_infer(data: Graph, base: str = DEFAULT_BASE) -> Graph:
    """The same triples as ``infer(data, base)``, from rule tables compiled once per
    process (``compiled_rules``) instead of an owlrl run. Falls back to ``infer`` where
    the tables do not cover the vocabulary or the data (see the notes above;
    ``fast_path_problem`` tells why, ``fallbacks`` counts them). The result has the
    prefixes of ``data``."""
    result = _fast(data, base)
    if isinstance(result, str):
        fallbacks[result] += 1
        return infer(data, base)
    out = Graph(bind_namespaces="none")
    store = out.store
    for prefix, ns in data.namespaces():
        store.bind(prefix, ns)
    for t in result:
        store.add(t, out)
    return out
