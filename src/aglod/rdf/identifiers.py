"""The only place that builds IRIs. Every IRI is the instance base plus slugified
tokens (lower-case ASCII letters, digits, ``-``), so it is deterministic, valid, and
never carries text from a release unescaped."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from rdflib import URIRef

from . import iris
from .namespaces import DEFAULT_BASE

_NON_SLUG = re.compile(r"[^a-z0-9]+")


def slugify(text: str, max_length: int = 60) -> str:
    """ASCII, lower case, words joined by ``-``, cut at a word boundary."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = _NON_SLUG.sub("-", ascii_text.lower().replace("'", "").replace("’", "")).strip("-")
    if len(slug) > max_length:
        cut = slug[: max_length + 1]
        slug = cut[: cut.rfind("-")] if "-" in cut else slug[:max_length]
    return slug.strip("-")


def short_hash(text: str, length: int = 6) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:length]


def release_key(
    office: str | None, released: date | None, headline: str | None, source: str
) -> str:
    """``{office}/{date or "undated"}/{headline slug}``: the path shared by a release,
    its actions and its named graph. Without a headline the source name is slugged."""
    slug = slugify(headline or "") or slugify(source.rsplit("/", 1)[-1]) or short_hash(source)
    return (
        f"{(office or 'unknown').lower()}/{released.isoformat() if released else 'undated'}/{slug}"
    )


_BASE_IRI = re.compile(r"^https?://[^\s<>\"{}|\\^`]+[/#]$")
_SLUG_PATH = re.compile(r"[a-z0-9][a-z0-9-]*(?:/[a-z0-9][a-z0-9-]*)*|[0-9]{4}-[0-9]{2}-[0-9]{2}")


@dataclass(frozen=True)
class Minter:
    """Mints IRIs under one instance base."""

    base: str = DEFAULT_BASE

    def __post_init__(self) -> None:
        if not _BASE_IRI.match(self.base):
            raise ValueError(
                f"instance base must be an http(s) IRI ending in / or #: {self.base!r}"
            )

    def _iri(self, *parts: str) -> URIRef:
        for p in parts:
            if not _SLUG_PATH.fullmatch(p):
                raise ValueError(f"not a slug: {p!r}")
        return URIRef(self.base + "/".join(parts))

    def _slug(self, key: str) -> str:
        if not _SLUG_PATH.fullmatch(key):
            raise ValueError(f"not a slug: {key!r}")
        return key

    def release(self, key: str) -> URIRef:
        return URIRef(iris.release(self.base, self._slug(key)))

    def action(self, key: str, n: int) -> URIRef:
        return URIRef(iris.action(self.base, self._slug(key), n))

    def graph(self, key: str) -> URIRef:
        return URIRef(iris.graph(self.base, self._slug(key)))

    def evidence(self, release: URIRef, n: int) -> URIRef:
        return URIRef(f"{release}/evidence/{n}")

    def jurisdiction(self, code: str) -> URIRef:
        return self._iri("jurisdiction", slugify(code))

    def person(self, jurisdiction: str, family_name: str) -> URIRef:
        return self._iri("person", slugify(jurisdiction), slugify(family_name) or "unnamed")

    def post(self, jurisdiction: str, title: str) -> URIRef:
        return self._iri("post", slugify(jurisdiction), slugify(title))

    def organization(self, name_or_key: str) -> URIRef:
        return self._iri("org", slugify(name_or_key, 80) or short_hash(name_or_key))

    def individual(self, key: str, name: str) -> URIRef:
        """A private person, or parties described, in one release (never merged across
        releases)."""
        return self._iri("party", key, slugify(name, 80) or short_hash(name))

    def contact(self, name: str | None, phone: str | None, email: str | None) -> URIRef:
        label = " ".join(x for x in (name, phone, email) if x)
        return self._iri("contact", slugify(label, 80) or short_hash(label))

    def links_graph(self) -> URIRef:
        return self.graph("links")

    def statistics_graph(self) -> URIRef:
        return self.graph("statistics")

    def statistics(self, *parts: str) -> URIRef:
        """A data set of ``rdf/statistics.py`` (``statistics/actions``) or one of its
        observations (``statistics/actions/mn/letter``)."""
        return self._iri("statistics", *parts)

    def reference_graph(self) -> URIRef:
        return self.graph("reference")

    def activity(self, version: str) -> URIRef:
        return self._iri("activity", "build", slugify(version))

    def software(self) -> URIRef:
        return self._iri("software", "aglod")
