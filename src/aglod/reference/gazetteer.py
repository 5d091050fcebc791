"""The curated reference data: the 57 jurisdictions and the federal bodies and posts.

The data lives in ``aglod/data/jurisdictions.json`` and ``aglod/data/federal.json``
(their sources are in ``aglod/data/SOURCES.md``). This module reads them once,
checks them, and hands them out as frozen dataclasses.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any, Literal, Protocol, TypeVar, cast

from ..resources import data_file

JurisdictionKind = Literal["state", "district", "territory", "nation"]

_KINDS: frozenset[str] = frozenset({"state", "district", "territory", "nation"})
_USPS = re.compile(r"^[A-Z]{2}$")
_FIPS = re.compile(r"^[0-9]{2}$")
_QID = re.compile(r"^Q[1-9][0-9]*$")
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_OCD_PREFIX = "ocd-division/country:us"


class GazetteerError(ValueError):
    """The reference data breaks one of its own rules."""


class _Keyed(Protocol):
    @property
    def key(self) -> str: ...


_K = TypeVar("_K", bound=_Keyed)
_T = TypeVar("_T")


@dataclass(frozen=True)
class Jurisdiction:
    """A state, the District of Columbia, a territory, or the United States."""

    usps: str
    fips: str | None
    name: str
    kind: JurisdictionKind
    capital: str  # the seat of government, as datelines write it ("Saint Paul")
    ocd_id: str
    wikidata: str
    aliases: tuple[str, ...]
    ap_abbreviation: str | None
    demonym: str | None
    ag_title: str
    ag_title_local: str | None

    @property
    def names(self) -> tuple[str, ...]:
        """The name first, then every alias (AP abbreviations excluded)."""
        return (self.name, *self.aliases)

    @property
    def wikidata_iri(self) -> str:
        return f"http://www.wikidata.org/entity/{self.wikidata}"


@dataclass(frozen=True)
class GovernmentBody:
    """A federal body that releases name: a department, agency, chamber or court."""

    key: str
    name: str
    aliases: tuple[str, ...]
    wikidata: str | None
    parent: str | None


@dataclass(frozen=True)
class FederalPost:
    """A federal post; ``aliases`` are the forms texts put before or after a name."""

    key: str
    title: str
    label: str
    body: str
    aliases: tuple[str, ...]


@dataclass(frozen=True)
class StatePost:
    """A generic state-level post; ``label_pattern`` takes the jurisdiction's ``name``."""

    key: str
    title: str
    label_pattern: str
    aliases: tuple[str, ...]

    def label(self, jurisdiction: Jurisdiction) -> str:
        return self.label_pattern.format(name=jurisdiction.name)


def _load(name: str) -> Any:
    with data_file(name).open(encoding="utf-8") as handle:
        return json.load(handle)


def _build(cls: type[_T], raw: Mapping[str, Any], where: str) -> _T:
    """``cls`` from one JSON object, its ``aliases`` as a tuple of non-empty strings."""
    aliases = raw.get("aliases")
    if not isinstance(aliases, list) or not all(isinstance(a, str) and a for a in aliases):
        raise GazetteerError(f"{where}: aliases must be a list of non-empty strings")
    try:
        return cls(**{**raw, "aliases": tuple(aliases)})
    except TypeError as error:
        raise GazetteerError(f"{where}: {error}") from None


def _check_unique(values: Iterable[str], what: str) -> None:
    seen: set[str] = set()
    for value in values:
        if value in seen:
            raise GazetteerError(f"duplicate {what}: {value!r}")
        seen.add(value)


def _jurisdiction(raw: Mapping[str, Any]) -> Jurisdiction:
    where = f"jurisdictions.json[{raw.get('usps')!r}]"
    j = _build(Jurisdiction, raw, where)
    if not _USPS.match(j.usps) or j.kind not in _KINDS:
        raise GazetteerError(f"{where}: bad USPS code or kind {j.kind!r}")
    if (j.fips is None) != (j.kind == "nation") or not _FIPS.match(j.fips or "00"):
        raise GazetteerError(f"{where}: bad FIPS code {j.fips!r}")
    ocd = _OCD_PREFIX if j.kind == "nation" else f"{_OCD_PREFIX}/{j.kind}:{j.usps.lower()}"
    if j.ocd_id != ocd:
        raise GazetteerError(f"{where}: OCD id {j.ocd_id!r}, expected {ocd!r}")
    if not _QID.match(j.wikidata):
        raise GazetteerError(f"{where}: bad Wikidata QID {j.wikidata!r}")
    return j


@cache
def jurisdictions() -> tuple[Jurisdiction, ...]:
    """All 57 jurisdictions, sorted by USPS code."""
    loaded = tuple(
        sorted((_jurisdiction(raw) for raw in _load("jurisdictions.json")), key=lambda j: j.usps)
    )
    _check_unique((j.usps for j in loaded), "USPS code")
    _check_unique((j.fips for j in loaded if j.fips is not None), "FIPS code")
    _check_unique((j.wikidata for j in loaded), "Wikidata QID")
    return loaded


@cache
def _by_code() -> dict[str, Jurisdiction]:
    return {j.usps: j for j in jurisdictions()}


def jurisdiction(code: str) -> Jurisdiction:
    """The jurisdiction of a USPS code (any case); KeyError for an unknown code."""
    try:
        return _by_code()[code.strip().upper()]
    except KeyError:
        known = ", ".join(_by_code())
        raise KeyError(f"unknown jurisdiction code {code!r}; known codes: {known}") from None


def name_index() -> dict[str, str]:
    """Every lower-cased name and alias of a jurisdiction, mapped to its USPS code.

    AP abbreviations are left out: they are ambiguous mid-sentence. The result is a
    fresh copy; a name used by two jurisdictions is a GazetteerError.
    """
    return dict(_name_index())


@cache
def _name_index() -> dict[str, str]:
    index: dict[str, str] = {}
    for j in jurisdictions():
        for name in j.names:
            key = name.lower()
            if index.get(key, j.usps) != j.usps:
                raise GazetteerError(f"name {name!r} is used by both {index[key]} and {j.usps}")
            index[key] = j.usps
    return index


@cache
def _federal() -> Mapping[str, Any]:
    return cast(Mapping[str, Any], _load("federal.json"))


def _keyed(items: tuple[_K, ...], what: str) -> tuple[_K, ...]:
    for item in items:
        if not _SLUG.match(item.key):
            raise GazetteerError(f"{what} key {item.key!r} is not a slug")
    _check_unique((item.key for item in items), f"{what} key")
    return items


def _find(items: tuple[_K, ...], key: str, what: str) -> _K:
    for item in items:
        if item.key == key:
            return item
    known = ", ".join(item.key for item in items)
    raise KeyError(f"unknown {what} {key!r}; known keys: {known}")


def _section(name: str) -> list[Mapping[str, Any]]:
    return cast(list[Mapping[str, Any]], _federal()[name])


@cache
def government_bodies() -> tuple[GovernmentBody, ...]:
    """The federal bodies, in file order."""
    bodies = tuple(
        _build(GovernmentBody, raw, f"federal.json bodies[{raw.get('key')!r}]")
        for raw in _section("bodies")
    )
    keys = {b.key for b in _keyed(bodies, "body")}
    for body in bodies:
        if body.wikidata is not None and not _QID.match(body.wikidata):
            raise GazetteerError(f"body {body.key}: bad Wikidata QID {body.wikidata!r}")
        if body.parent is not None and body.parent not in keys:
            raise GazetteerError(f"body {body.key}: unknown parent {body.parent!r}")
    return bodies


def government_body(key: str) -> GovernmentBody:
    """The federal body of a key; KeyError for an unknown key."""
    return _find(government_bodies(), key, "government body")


@cache
def federal_posts() -> tuple[FederalPost, ...]:
    """The federal posts, in file order; each names the body it heads or belongs to."""
    posts = tuple(
        _build(FederalPost, raw, f"federal.json posts[{raw.get('key')!r}]")
        for raw in _section("posts")
    )
    bodies = {b.key for b in government_bodies()}
    for post in _keyed(posts, "federal post"):
        if post.body not in bodies:
            raise GazetteerError(f"federal post {post.key}: unknown body {post.body!r}")
    return posts


def federal_post(key: str) -> FederalPost:
    """The federal post of a key; KeyError for an unknown key."""
    return _find(federal_posts(), key, "federal post")


@cache
def state_posts() -> tuple[StatePost, ...]:
    """The generic state-level posts, in file order."""
    posts = tuple(
        _build(StatePost, raw, f"federal.json state_posts[{raw.get('key')!r}]")
        for raw in _section("state_posts")
    )
    return _keyed(posts, "state post")


def state_post(key: str) -> StatePost:
    """The state-level post of a key; KeyError for an unknown key."""
    return _find(state_posts(), key, "state post")
