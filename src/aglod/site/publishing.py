"""``aglod publish``: a build folder made into a linked-data site for any static host.

Every resource under the site's base gets ``NAME.html`` (a page for people),
``NAME.ttl`` and ``NAME.jsonld`` at the path its IRI names (``id/release/…`` for
``https://w3id.org/aglod/id/release/…``); index pages list releases by state, action
type, topic and year; the dataset is described in VoID, DCAT and DCAT-US; server
configuration makes the IRIs answer by content negotiation. The same build gives the
same bytes. The folder is written beside the target and swapped in when complete.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path
from urllib.parse import urlsplit

import pyoxigraph as ox
from jinja2 import Environment
from pyld import jsonld
from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS

from ..errors import UsageError
from ..pipeline.locks import reading_build
from ..rdf.namespaces import OA, VOID
from ..resources import ontology_dir, ontology_file, shapes_file
from ..serialization.chunks import Terms
from ..serialization.formats import to_turtle
from ..version import __version__
from . import catalog, indexes, servers
from .catalog import Dump, Settings
from .documents import (
    CONTEXT_FILE,
    Loader,
    context_url,
    description,
    document_loader,
    expanded,
    framed,
    jsonld_bytes,
    site_context,
    turtle,
)
from .model import Index, build_index, page_path
from .output import SiteWriter
from .pages import Page, environment, render
from .source import DUMPS, BuildFolder, open_build
from .views import Views
from .vocab import OntologyPage, ontology_page, shapes_page

# Site paths the resource documents may not take.
RESERVED = frozenset(
    {"index", "ontology", "shapes", "downloads", "context", "void", "catalog", "data"}
)
DUMP_FORMATS = {
    "aglod.ttl": ("Turtle", "text/turtle"),
    "aglod.jsonld": ("JSON-LD", "application/ld+json"),
    "aglod.nq": ("N-Quads", "application/n-quads"),
    "aglod.trig": ("TriG", "application/trig"),
    "aglod-inferred.ttl": ("Turtle, inferred triples (OWL RL)", "text/turtle"),
}
SITEMAP_LIMIT = 50_000


@dataclass
class PublishResult:
    """What was published, for the CLI to report."""

    out: Path
    site_base: str
    base: str
    resources: int = 0
    pages: int = 0
    files: int = 0
    seconds: float = 0.0
    notes: list[str] = field(default_factory=list)

    def summary(self) -> dict[str, object]:
        return {
            "out": str(self.out),
            "site_base": self.site_base,
            "base": self.base,
            "resources": self.resources,
            "pages": self.pages,
            "files": self.files,
            "seconds": round(self.seconds, 3),
            "notes": self.notes,
        }


def site_base_for(instance_base: str, base: str | None) -> str:
    """The site's public base: ``base`` if given (the build's IRIs must lie under it),
    else the parent of the build's instance base (``https://w3id.org/aglod/`` for
    ``https://w3id.org/aglod/id/``)."""
    if not instance_base.endswith("/"):
        raise UsageError(
            f"the build's IRIs are hash IRIs ({instance_base}…): a site needs one document "
            "per resource; rebuild with `aglod build --base` ending in /"
        )
    if base is None:
        parts = urlsplit(instance_base)
        path = parts.path.rstrip("/")
        parent = path.rsplit("/", 1)[0] + "/" if path else "/"
        return f"{parts.scheme}://{parts.netloc}{parent}"
    if not (base.startswith(("http://", "https://")) and base.endswith("/")):
        raise UsageError(f"--base must be an http(s) IRI ending in /: {base!r}")
    if not instance_base.startswith(base):
        raise UsageError(
            f"the build's IRIs are under {instance_base}, which is not under --base {base}: "
            "their documents would not be at their IRIs (omit --base, or rebuild with "
            f"`aglod build --base {base}id/`)"
        )
    return base


def publish(
    build_dir: Path,
    out: Path,
    *,
    base: str | None = None,
    sparql_endpoint: str | None = None,
    hosted_at: str | None = None,
    publisher: str = "aglod",
    contact_email: str | None = None,
) -> PublishResult:
    """Publish the build in ``build_dir`` as a site in ``out``, holding the build folder
    meanwhile (no build rewrites it under the publication: ``Locked`` if one is
    running) after finishing the commit of a build killed half-way there
    (``locking.reading_build``)."""
    with reading_build(build_dir):
        return _publish(
            build_dir,
            out,
            base=base,
            sparql_endpoint=sparql_endpoint,
            hosted_at=hosted_at,
            publisher=publisher,
            contact_email=contact_email,
        )


def _publish(
    build_dir: Path,
    out: Path,
    *,
    base: str | None,
    sparql_endpoint: str | None,
    hosted_at: str | None,
    publisher: str,
    contact_email: str | None,
) -> PublishResult:
    started = time.perf_counter()
    build = open_build(build_dir)
    site_base = site_base_for(build.base, base)
    if out.resolve() == build_dir.resolve():
        raise UsageError(f"--out {out} is the build folder: publish into another folder")
    result = PublishResult(out, site_base, build.base)
    onto = ontology_page()
    index = build_index(build, site_base)
    _add_vocabulary_labels(index, onto)
    views = Views(build, index)
    env = environment()
    with SiteWriter(out) as writer:
        dumps = _write_dumps(writer, build, site_base)
        index.files.update(build.base + "dump/" + d.name for d, _ in dumps)
        settings = _settings(build, index, site_base, sparql_endpoint, publisher, contact_email)
        void = catalog.site_void(build.void, settings, [d for d, _ in dumps])
        dcat = catalog.dcat_catalog(void, settings, [d for d, _ in dumps])
        terms = Terms()
        build.add_description(terms.triples(void) + terms.triples(dcat))
        void_bytes = to_turtle(void)
        writer.write("void.ttl", void_bytes)
        writer.write(".well-known/void", void_bytes)
        writer.write("catalog.ttl", to_turtle(dcat))
        writer.write(
            "data.json",
            catalog.json_bytes(catalog.data_json(void, settings, [d for d, _ in dumps])),
        )
        if not contact_email:
            result.notes.append(
                "data.json names no contact email (give --contact-email): DCAT-US requires one"
            )
        site = _site_values(settings, void)
        ctx = site_context(build.base)
        writer.write(CONTEXT_FILE, jsonld_bytes(ctx))
        loader = document_loader({context_url(site_base): ctx})
        sitemap: list[str] = []
        for page in _resource_pages(writer, build, index, views, loader, result):
            writer.write(page.path, render(env, page, site))
            result.pages += 1
            if page.template != "resource.html":
                sitemap.append(page.path)
        counts = indexes.numbers(index, _void_int(void, "triples"), _count(build, OA.hasSource))
        vocab_files = _write_vocabulary(writer, site_base, loader)
        fixed = [
            indexes.home(
                views,
                settings,
                counts,
                catalog.schema_dataset(void, settings, [d for d, _ in dumps]),
            ),
            indexes.states(views, site_base),
            indexes.types(views, site_base),
            indexes.topics(views, site_base),
            indexes.years(views, site_base),
            indexes.downloads(dumps, vocab_files, site_base),
            indexes.ontology(onto, vocab_files),
            indexes.shapes(shapes_page()),
        ]
        for page in fixed:
            writer.write(page.path, render(env, page, site))
            result.pages += 1
            sitemap.append(page.path)
        writer.write("static/site.css", _static("site.css"))
        _write_crawler_files(writer, env, site_base, sitemap)
        _write_servers(writer, site_base, hosted_at, result)
        result.files = writer.files + 1
        writer.commit()
    result.seconds = time.perf_counter() - started
    return result


def _add_vocabulary_labels(index: Index, onto: OntologyPage) -> None:
    """Labels of the vocabulary's terms (types, roles, properties) for the pages, and
    a label for each action: its types, date and number."""
    for term in [*onto.classes, *onto.properties, *(c for _, cs in onto.schemes for c in cs)]:
        if term.label:
            index.labels.setdefault(term.iri, term.label)
    for action in index.actions:
        types = ", ".join(
            index.labels.get(t, t.rsplit("#", 1)[-1]) for t in index.action_types(action)
        )
        date = index.action_date(action) or "undated"
        index.labels[action] = (
            f"{types[:1].upper()}{types[1:]}, {date} (#{action.rsplit('/', 1)[-1]})"
        )


def _resource_pages(
    writer: SiteWriter,
    build: BuildFolder,
    index: Index,
    views: Views,
    loader: Loader,
    result: PublishResult,
) -> list[Page]:
    """Write each resource's Turtle and JSON-LD; its page, to render."""
    pages = []
    ctx_url = context_url(result.site_base)
    published = _published(build, result.site_base)
    index.pages.update(published)
    for iri, doc in published.items():
        triples = description(build, iri)
        writer.write(doc + ".ttl", turtle(triples, build.base))
        writer.write(doc + ".jsonld", jsonld_bytes(framed(iri, triples, ctx_url, loader)))
        pages.append(_page_of(views, index, iri, doc, triples))
        result.resources += 1
    return pages


def _published(build: BuildFolder, site_base: str) -> dict[str, str]:
    """The subject IRIs the site publishes, with their document paths."""
    out = {}
    for iri in build.subjects():
        where = page_path(iri, site_base)
        if where is not None and not where[1] and where[0] not in RESERVED and "#" not in iri:
            out[iri] = where[0]
    return out


def _page_of(views: Views, index: Index, iri: str, doc: str, triples: list[ox.Triple]) -> Page:
    kind = index.kinds.get(iri)
    if kind == "release":
        return views.release(iri, doc)
    if kind == "action":
        return views.action(iri, doc)
    if kind == "jurisdiction":
        return views.jurisdiction(iri, doc)
    if kind == "official":
        return views.official(iri, doc)
    if kind == "topic":
        return views.topic(iri, doc)
    return views.resource(iri, doc, triples)


def _write_dumps(writer: SiteWriter, build: BuildFolder, site_base: str) -> list[tuple[Dump, str]]:
    """Copy the dataset files and their gzipped forms to where the VoID dump IRIs
    (``{base}dump/NAME``) point."""
    where = page_path(build.base + "dump/x", site_base)
    assert where is not None
    folder = where[0][: -len("x")]
    out = []
    for name, (title, mime) in DUMP_FORMATS.items():
        plain, gzipped = build.file(name), build.file(name + ".gz")
        if plain.is_file():
            size = writer.copy(folder + name, plain)
            gz = writer.gzip(folder + name + ".gz", plain)
        elif gzipped.is_file():  # the build's N-Quads
            size = writer.gunzip(folder + name, gzipped)
            gz = writer.copy(folder + name + ".gz", gzipped)
        else:
            continue
        described = name in DUMPS
        out.append((Dump(name, title, mime, size, False, described), folder + name))
        out.append(
            (
                Dump(name + ".gz", f"{title}, gzipped", mime, gz, True, described),
                folder + name + ".gz",
            )
        )
    return out


def _settings(
    build: BuildFolder,
    index: Index,
    site_base: str,
    sparql_endpoint: str | None,
    publisher: str,
    contact_email: str | None,
) -> Settings:
    dates = sorted(d for r in index.releases if (d := index.release_date(r)))
    topics = tuple(sorted((t, index.labels.get(t, t)) for t in index.topics if index.about.get(t)))
    return Settings(
        build.base,
        site_base,
        sparql_endpoint,
        publisher,
        contact_email,
        str(build.summary.get("aglod_version", __version__)),
        dates[0] if dates else None,
        dates[-1] if dates else None,
        topics,
        next(iter(index.releases), None),
    )


def _first_text(void: Graph, subject: URIRef, prop: URIRef, default: str) -> str:
    values = sorted(str(o) for o in void.objects(subject, prop))
    return values[0] if values else default


def _site_values(settings: Settings, void: Graph) -> dict[str, str]:
    """What every page shows of the dataset: title, description, license, endpoint."""
    ds = settings.dataset()
    license_ = _first_text(void, ds, DCTERMS.license, "")
    return {
        "title": _first_text(void, ds, DCTERMS.title, "aglod"),
        "description": _first_text(void, ds, DCTERMS.description, ""),
        "license": license_,
        "license_name": "CC BY 4.0" if "by/4.0" in license_ else license_,
        "sparql": settings.sparql_endpoint or "",
    }


def _void_int(void: Graph, name: str) -> int:
    values = [int(str(o)) for o in void.objects(None, VOID[name])]
    return max(values, default=0)


def _count(build: BuildFolder, prop: object) -> int:
    for row in build.select(f"SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ ?s <{prop}> ?o }}"):
        return int(row["n"].value)
    return 0


def _write_vocabulary(writer: SiteWriter, site_base: str, loader: Loader) -> list[str]:
    """The ontology (Turtle as shipped, JSON-LD, the companion files) and the shapes."""
    writer.copy("ontology.ttl", ontology_file())
    triples = [q.triple for q in ox.parse(path=str(ontology_file()), format=ox.RdfFormat.TURTLE)]
    triples.sort(key=str)
    doc = jsonld.compact(expanded(triples), context_url(site_base), {"documentLoader": loader})
    writer.write("ontology.jsonld", jsonld_bytes(doc))
    files = []
    for name in ("alignment.ttl", "schemes.ttl", "topics.ttl"):
        writer.copy(f"ontology/{name}", ontology_dir() / name)
        files.append(f"ontology/{name}")
    writer.copy("shapes.ttl", shapes_file())
    return files


def _static(name: str) -> bytes:
    return (files("aglod") / "templates" / "static" / name).read_bytes()


def _write_crawler_files(
    writer: SiteWriter, env: Environment, site_base: str, paths: list[str]
) -> None:
    """``sitemap.xml`` (an index of several when there are many pages) and ``robots.txt``."""
    urls = [site_base + p for p in sorted(paths)]
    chunks = [urls[i : i + SITEMAP_LIMIT] for i in range(0, len(urls), SITEMAP_LIMIT)] or [[]]
    if len(chunks) == 1:
        writer.write("sitemap.xml", env.get_template("sitemap.xml").render(urls=chunks[0]).encode())
    else:
        names = [f"sitemap-{n}.xml" for n in range(1, len(chunks) + 1)]
        for name, chunk in zip(names, chunks, strict=True):
            writer.write(name, env.get_template("sitemap.xml").render(urls=chunk).encode())
        index = env.get_template("sitemap-index.xml").render(urls=[site_base + n for n in names])
        writer.write("sitemap.xml", index.encode())
    writer.write(
        "robots.txt", f"User-agent: *\nAllow: /\nSitemap: {site_base}sitemap.xml\n".encode()
    )


def _write_servers(
    writer: SiteWriter, site_base: str, hosted_at: str | None, result: PublishResult
) -> None:
    writer.write("server/nginx/aglod-map.conf", servers.nginx_map().encode())
    writer.write("server/nginx/aglod-locations.conf", servers.nginx_locations().encode())
    writer.write("server/nginx/aglod-server.conf", servers.nginx_server().encode())
    writer.write(".htaccess", servers.apache_htaccess().encode())
    if hosted_at:
        writer.write("server/w3id/.htaccess", servers.w3id_htaccess(site_base, hosted_at).encode())
    elif site_base.startswith("https://w3id.org/"):
        result.notes.append(
            "no w3id.org redirect file written: give --hosted-at URL (where the folder is served)"
        )
