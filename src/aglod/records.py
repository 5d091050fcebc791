"""Typed records that the stages hand each other.

A ``Release`` is what sources read; ``Segments`` what parsing finds in it;
``ReleaseFacts`` what extraction reads from it. Every extracted fact keeps the
``Span`` of release text it was read from.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True, order=True)
class Span:
    """Characters ``text[start:end]`` of a release's text (``quote`` is that slice)."""

    start: int
    end: int
    quote: str

    @classmethod
    def of(cls, text: str, start: int, end: int) -> Span:
        return cls(start, end, text[start:end])


@dataclass(frozen=True)
class Release:
    """One release as read from its source, before any interpretation."""

    source: str  # the path as given, or a feed line's URL or "feed.jsonl:12"
    text: str  # decoded, repaired text; every offset points into it
    content_hash: str  # "sha256:<hex>" of the source bytes
    url: str | None = None
    # what the container already stated (HTML meta, feed fields), before text patterns
    stated_title: str | None = None
    stated_date: date | None = None
    stated_office: str | None = None


@dataclass(frozen=True)
class Segments:
    """Where the parts of a release are. Offsets into ``Release.text``."""

    headline: Span | None
    date: Span | None  # the text of the release date in the header or dateline
    dateline: Span | None  # the city of the dateline
    dateline_state: Span | None  # the state abbreviation after the city, where given
    contacts: tuple[tuple[Span | None, Span | None, Span | None], ...]  # (name, phone, email)
    lead: Span | None  # the first paragraph of the body (after the dateline)
    body: Span  # from the lead to the end marker (or the end of the text)
    attachments: Span | None  # what follows the end marker: letters, signature blocks
    paragraphs: tuple[Span, ...]  # paragraphs of the body, in order


@dataclass(frozen=True)
class Person:
    """A public official named in a release, with the post the text gives."""

    name: str  # the fullest form the release gives ("Hector Balderas", "Trump")
    family_name: str
    post_title: str  # generic post name: "Attorney General", "President"
    jurisdiction: str  # USPS code of what the post governs ("US" for federal posts)
    span: Span
    post_label: str | None = None  # "Attorney General of New Mexico"; None: derive


@dataclass(frozen=True)
class Target:
    """Who an action is aimed at: an official (``person``) or an organization."""

    name: str
    relation: str  # "addressee", "defendant" or "target"
    span: Span
    person: Person | None = None
    body_key: str | None = None  # key of a federal body of the reference data
    # what kind of party: "federal-body", "federal-official", "official" (of a state),
    # "federal-government" (an administration), "company", "court", "person", "group"
    # (parties described, not named: "tobacco companies"); None:
    # not told by the name's form
    kind: str | None = None
    # the USPS code of a state (or other jurisdiction) that is the party ("its lawsuit
    # against Pennsylvania, Georgia, Michigan and Wisconsin"); kind "state"
    jurisdiction: str | None = None


@dataclass
class Action:
    type: str  # a gold type code: "Letter", "Lawsuit", ... "Other"
    role: str  # "led", "co-led", "joined", "sole"
    span: Span  # the words that announce it
    date: date | None = None
    date_span: Span | None = None
    stated_count: int | None = None
    count_span: Span | None = None
    participants: dict[str, Span] = field(default_factory=dict)
    leads: dict[str, Span] = field(default_factory=dict)
    targets: list[Target] = field(default_factory=list)

    @property
    def multistate(self) -> bool:
        return self.role != "sole" or len(self.participants) > 1


@dataclass(frozen=True)
class Contact:
    name: str | None
    phone: str | None
    email: str | None
    span: Span


@dataclass
class ReleaseFacts:
    """Everything extraction read from one release."""

    release: Release
    segments: Segments
    title: str | None
    title_span: Span | None
    date: date | None
    date_span: Span | None
    office: str | None
    office_span: Span | None
    issuer: Person | None
    dateline: str | None
    dateline_span: Span | None
    contacts: list[Contact]
    actions: list[Action]
    people: list[Person]
    topics: list[tuple[str, str, Span]] = field(default_factory=list)  # (key, concept IRI, span)
