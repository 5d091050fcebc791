"""`aglod publish`: per-resource documents that say what the build says, pages that
escape release text, the dataset description, another base, atomic and stable output.

The bundled build is the committed ``output/``, published once per session; smaller
builds (two bundled releases, one release carrying markup) are made in tmp folders."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from pyld import jsonld
from rdflib import Graph, Namespace, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCAT, RDF

from aglod.cli import main
from aglod.site.documents import NESTED, context_url, document_loader, site_context
from aglod.site.publishing import publish
from helpers import CORPUS, ROOT, assert_isomorphic

pytestmark = pytest.mark.slow  # publishes whole sites

BASE = "https://w3id.org/aglod/id/"
SITE_BASE = "https://w3id.org/aglod/"
OTHER_BASE = "https://example.org/kg/"
VOID = Namespace("http://rdfs.org/ns/void#")
HOSTILE_HEADLINE = "<script>document.title='PWNED'</script>"
HOSTILE_BODY = (
    "<script>document.body.insertAdjacentHTML('beforeend', '<p id=\"pwned\">pwned</p>')"
    "</script> <img src=x onerror=\"document.title='PWNED'\">"
)


def run(args: list[str]) -> tuple[int, str]:
    result = CliRunner().invoke(main, args)
    return result.exit_code, result.output


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled build (committed output/) published with a contact and an endpoint."""
    out = tmp_path_factory.mktemp("publish") / "site"
    publish(
        ROOT / "output",
        out,
        sparql_endpoint="https://example.org/sparql",
        contact_email="data@example.org",
        hosted_at="https://aglod.example.org/",
    )
    return out


@pytest.fixture(scope="session")
def published() -> ox.Store:
    """The published graph (output/aglod.ttl), read independently of publish."""
    store = ox.Store()
    store.bulk_load(path=str(ROOT / "output" / "aglod.ttl"), format=ox.RdfFormat.TURTLE)
    return store


def hostile_release(folder: Path) -> Path:
    """A bundled release with markup in its headline and body."""
    text = (CORPUS / "nm_2018-08-10_3d-printed-gun-plans-letter.txt").read_text(encoding="utf-8")
    text = text.replace("22 AG's in", f"22 AG's {HOSTILE_HEADLINE} in", 1)
    text = text.replace("Take Immediate Action\n", f"Take Immediate Action\n\n{HOSTILE_BODY}\n", 1)
    assert HOSTILE_HEADLINE in text and HOSTILE_BODY in text
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "nm_2018-08-10_hostile.txt"
    path.write_text(text, encoding="utf-8")
    return path


def small_build(tmp: Path, *, base: str | None = None, hostile: bool = False) -> Path:
    """Two bundled releases (and the hostile one) built into ``tmp/out``."""
    folder = tmp / "in"
    folder.mkdir(parents=True)
    for name in (
        "nm_2017-08-16_cda-sex-trafficking-letter.txt",
        "mn_2019-03-01_transgender-student-amicus.txt",
    ):
        shutil.copy(CORPUS / name, folder / name)
    if hostile:
        hostile_release(folder)
    out = tmp / "out"
    args = ["-q", "build", str(folder), "--out", str(out)] + (["--base", base] if base else [])
    code, output = run(args)
    assert code == 0, output
    return out


@pytest.fixture(scope="session")
def small(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two bundled releases and the hostile one, built."""
    return small_build(tmp_path_factory.mktemp("small"), hostile=True)


def subjects_under(store: ox.Store, base: str) -> list[str]:
    return sorted(
        {
            q.subject.value
            for q in store.quads_for_pattern(None, None, None, None)
            if isinstance(q.subject, ox.NamedNode) and q.subject.value.startswith(base)
        }
    )


def doc_path(site: Path, iri: str, site_base: str = SITE_BASE) -> Path:
    return site / iri[len(site_base) :]


def expected_description(store: ox.Store, iri: str) -> set[ox.Triple]:
    """The resource's own triples plus those of the nodes it nests (NESTED), computed
    here from output/aglod.ttl."""

    def own(node: str) -> set[ox.Triple]:
        return {q.triple for q in store.quads_for_pattern(ox.NamedNode(node), None, None, None)}

    out = own(iri)
    for t in list(out):
        deeper = NESTED.get(t.predicate.value)
        if deeper is None or not isinstance(t.object, ox.NamedNode) or t.object.value == iri:
            continue
        for t2 in own(t.object.value):
            out.add(t2)
            if t2.predicate.value in deeper and isinstance(t2.object, ox.NamedNode):
                out |= own(t2.object.value)
    return out


def jsonld_triples(path: Path, site_base: str = SITE_BASE, base: str = BASE) -> set[ox.Triple]:
    """A published JSON-LD document read back with pyld, the bundled context served
    locally (nothing fetched)."""
    ctx = site_context(base)
    loader = document_loader({context_url(site_base): ctx})
    doc = json.loads(path.read_text(encoding="utf-8"))
    nquads = jsonld.to_rdf(doc, {"format": "application/n-quads", "documentLoader": loader})
    return {q.triple for q in ox.parse(nquads.encode(), format=ox.RdfFormat.N_QUADS)}


def turtle_triples(path: Path) -> set[ox.Triple]:
    return {q.triple for q in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE)}


def to_rdflib(triples: set[ox.Triple]) -> Graph:
    g = Graph()
    g.parse(data="".join(f"{t} .\n" for t in triples), format="nt")
    return g


# -- documents ---------------------------------------------------------------------


def test_every_resource_under_the_base_has_its_three_documents(
    site: Path, published: ox.Store
) -> None:
    resources = subjects_under(published, BASE)
    assert len(resources) > 2000
    missing = [
        f"{iri}{ext}"
        for iri in resources
        for ext in (".html", ".ttl", ".jsonld")
        if not doc_path(site, iri + ext).is_file()
    ]
    assert not missing, missing[:10]


def test_each_jsonld_and_turtle_document_is_the_resources_description(
    site: Path, published: ox.Store
) -> None:
    """Read back, every resource's JSON-LD and Turtle give exactly its description:
    its own triples plus the own triples of the nodes it nests."""
    wrong = []
    for iri in subjects_under(published, BASE):
        expected = expected_description(published, iri)
        for path, got in (
            (doc_path(site, iri + ".jsonld"), jsonld_triples(doc_path(site, iri + ".jsonld"))),
            (doc_path(site, iri + ".ttl"), turtle_triples(doc_path(site, iri + ".ttl"))),
        ):
            if got != expected:
                wrong.append(f"{path}: {len(expected - got)} missing, {len(got - expected)} extra")
    assert not wrong, wrong[:10]


def test_release_documents_are_isomorphic_to_their_description(
    site: Path, published: ox.Store
) -> None:
    releases = [
        q.subject.value
        for q in published.quads_for_pattern(
            None,
            ox.NamedNode(str(RDF.type)),
            ox.NamedNode("https://w3id.org/aglod/ontology#PressRelease"),
            None,
        )
    ]
    assert len(releases) == 23
    for iri in releases:
        expected = to_rdflib(expected_description(published, iri))
        assert_isomorphic(expected, to_rdflib(jsonld_triples(doc_path(site, iri + ".jsonld"))))
        assert isomorphic(expected, to_rdflib(turtle_triples(doc_path(site, iri + ".ttl"))))


def test_a_release_nests_its_actions_participants_and_targets(site: Path) -> None:
    path = next((site / "id" / "release" / "mn" / "2023-10-24").glob("*.jsonld"))
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert doc["@context"] == SITE_BASE + "context.jsonld"
    assert doc["@id"].startswith("aglodid:release/")
    actions = doc["reports"] if isinstance(doc["reports"], list) else [doc["reports"]]
    assert all(isinstance(a, dict) and "participant" in a for a in actions)
    participants = [p for a in actions for p in a["participant"]]
    # each node is embedded once, where first met: the office may be embedded elsewhere
    assert sum(isinstance(p, dict) and "name" in p for p in participants) > 10
    targets = [a.get("defendant") or a.get("target") for a in actions]
    assert any(isinstance(t, dict) and "name" in t for t in targets)


def test_the_context_is_served_locally_and_nothing_else_is_loaded(site: Path) -> None:
    assert json.loads((site / "context.jsonld").read_text())["@context"]["aglodid"] == BASE
    loader = document_loader({context_url(SITE_BASE): site_context(BASE)})
    assert loader(SITE_BASE + "context.jsonld")["document"]["@context"]["name"] == "schema:name"
    with pytest.raises(jsonld.JsonLdError, match="loads only its bundled"):
        loader("https://schema.org/")


# -- pages ---------------------------------------------------------------------------

SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script>", re.S)


def test_pages_embed_schema_org_and_link_their_alternates(site: Path) -> None:
    release = next((site / "id" / "release" / "mn" / "2019-03-01").glob("*.html"))
    html = release.read_text(encoding="utf-8")
    scripts = SCRIPT.findall(html)
    assert [attrs for attrs, _ in scripts] == [' type="application/ld+json"']
    block = json.loads(scripts[0][1])
    assert block["@type"] == "NewsArticle"
    assert block["datePublished"] == "2019-03-01T00:00:00-06:00"
    assert block["publisher"]["name"] == "Minnesota Attorney General's Office"
    stem = release.stem
    assert (
        f'<link rel="alternate" type="text/turtle" href="../../../../id/release/mn/2019-03-01/{stem}.ttl">'
        in html
    )
    assert (
        f'type="application/ld+json" href="../../../../id/release/mn/2019-03-01/{stem}.jsonld"'
        in html
    )
    g = Graph().parse(data=scripts[0][1], format="json-ld")
    assert (URIRef(BASE + f"release/mn/2019-03-01/{stem}"), None, None) in g


def test_release_page_highlights_the_evidence_of_each_fact(site: Path) -> None:
    html = next((site / "id" / "release" / "mn" / "2019-03-01").glob("*.html")).read_text()
    assert 'id="evidence-1"' in html
    assert re.search(r'<mark title="participant: Iowa" data-evidence="\d+">Iowa</mark>', html)
    assert "Facts and their evidence" in html


def test_jurisdiction_page_lists_actions_leads_partners_and_a_chart(site: Path) -> None:
    html = (site / "id" / "jurisdiction" / "mn.html").read_text(encoding="utf-8")
    for text in ("Most frequent partners", "What it led", "Every action it took part in"):
        assert text in html
    assert "<svg" in html and "Actions Minnesota took part in, per year" in html


def test_official_page_gives_the_open_states_id(site: Path) -> None:
    html = (site / "id" / "person" / "mn" / "ellison.html").read_text(encoding="utf-8")
    assert "<code>ocd-person/46deef0f-6af0-4cb8-b4ac-385aa505df50</code>" in html
    assert '"identifier": "ocd-person/46deef0f-6af0-4cb8-b4ac-385aa505df50"' in html


def test_index_pages_and_home(site: Path) -> None:
    for page in ("states", "types", "topics", "years"):
        assert (site / "browse" / f"{page}.html").is_file()
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "The dataset in numbers" in home and '"@type": "Dataset"' in home
    assert (site / "ontology.html").read_text().count('class="term"') > 40
    assert "aglodsh:" in (site / "shapes.html").read_text()
    assert (site / "shapes.ttl").read_bytes() == (ROOT / "shapes" / "aglod-shapes.ttl").read_bytes()


def test_release_text_is_escaped(small: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    publish(small, out)
    page = next((out / "id" / "release" / "nm" / "2018-08-10").glob("*hostile*.html"), None)
    page = page or next(
        p
        for p in (out / "id" / "release" / "nm" / "2018-08-10").glob("*.html")
        if "22-ags" in p.name
    )
    html = page.read_text(encoding="utf-8")
    assert "&lt;script&gt;document.title=&#39;PWNED&#39;&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=" in html
    assert "<img" not in html and "PWNED'</script>" not in html
    assert [a for a, _ in SCRIPT.findall(html)] == [' type="application/ld+json"']
    assert "\\u003cscript\\u003e" in SCRIPT.findall(html)[0][1]


# -- dataset description --------------------------------------------------------------


def test_void_dcat_and_dumps(site: Path) -> None:
    void = Graph().parse(site / "void.ttl", format="turtle")
    assert (site / ".well-known" / "void").read_bytes() == (site / "void.ttl").read_bytes()
    dataset = URIRef(BASE + "dataset")
    assert (dataset, VOID.sparqlEndpoint, URIRef("https://example.org/sparql")) in void
    dumps = sorted(str(o) for o in void.objects(dataset, VOID.dataDump))
    assert len(dumps) == 8
    for dump in dumps:
        assert doc_path(site, dump).is_file(), dump
    dcat = Graph().parse(site / "catalog.ttl", format="turtle")
    assert (None, RDF.type, DCAT.Catalog) in dcat
    urls = sorted(str(o) for o in dcat.objects(None, DCAT.downloadURL))
    assert urls == dumps
    assert (None, DCAT.endpointURL, URIRef("https://example.org/sparql")) in dcat
    assert (site / "id" / "dump" / "aglod.ttl").read_bytes() == (
        ROOT / "output" / "aglod.ttl"
    ).read_bytes()


ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def test_data_json_has_the_dcat_us_shape(site: Path) -> None:
    """The fields and patterns the Project Open Data v1.1 (non-federal) schema requires."""
    doc = json.loads((site / "data.json").read_text(encoding="utf-8"))
    assert doc["conformsTo"] == "https://project-open-data.cio.gov/v1.1/schema"
    assert doc["@type"] == "dcat:Catalog"
    assert doc["describedBy"] == "https://project-open-data.cio.gov/v1.1/schema/catalog.json"
    (ds,) = doc["dataset"]
    for key in (
        "title",
        "description",
        "keyword",
        "modified",
        "publisher",
        "contactPoint",
        "identifier",
        "accessLevel",
    ):
        assert ds[key], key
    assert ds["@type"] == "dcat:Dataset" and ds["accessLevel"] == "public"
    assert ISO_DATE.match(ds["modified"])
    assert re.match(r"^\d{4}-\d{2}-\d{2}/\d{4}-\d{2}-\d{2}$", ds["temporal"])
    assert all(isinstance(k, str) and k for k in ds["keyword"])
    assert ds["publisher"]["@type"] == "org:Organization" and ds["publisher"]["name"]
    assert re.match(r"^mailto:[\w.-]+@[\w.-]+\.[\w.-]+$", ds["contactPoint"]["hasEmail"])
    assert ds["contactPoint"]["@type"] == "vcard:Contact" and ds["contactPoint"]["fn"]
    assert ds["license"].startswith("https://creativecommons.org/")
    media = re.compile(r"^[-\w]+/[-\w]+(\.[-\w]+)*([+][-\w]+)?$")
    for dist in ds["distribution"]:
        assert dist["@type"] == "dcat:Distribution"
        if "downloadURL" in dist:
            assert media.match(dist["mediaType"]) and dist["downloadURL"].startswith("https://")
        else:
            assert dist["accessURL"] == "https://example.org/sparql"
    assert "bureauCode" not in ds


def test_crawler_files_and_server_configuration(site: Path) -> None:
    assert "Sitemap: https://w3id.org/aglod/sitemap.xml" in (site / "robots.txt").read_text()
    assert (
        "<loc>https://w3id.org/aglod/id/jurisdiction/mn.html</loc>"
        in (site / "sitemap.xml").read_text()
    )
    assert (
        "map $http_accept $aglod_ext" in (site / "server" / "nginx" / "aglod-map.conf").read_text()
    )
    htaccess = (site / ".htaccess").read_text()
    assert "RewriteCond %{HTTP_ACCEPT} text/turtle [NC]" in htaccess
    w3id = (site / "server" / "w3id" / ".htaccess").read_text()
    assert "https://aglod.example.org/$1.ttl [R=303,L]" in w3id


# -- bases, errors, atomicity, stability ----------------------------------------------


def test_another_base_publishes_under_it(tmp_path: Path) -> None:
    build = small_build(tmp_path, base=OTHER_BASE)
    out = tmp_path / "site"
    code, output = run(["-q", "publish", str(build), "--out", str(out), "--base", OTHER_BASE])
    assert code == 0, output
    release = next((out / "release" / "mn" / "2019-03-01").glob("*.jsonld"))
    iri = OTHER_BASE + str(release.relative_to(out))[: -len(".jsonld")]
    store = ox.Store()
    store.bulk_load(path=str(build / "aglod.ttl"), format=ox.RdfFormat.TURTLE)
    assert jsonld_triples(release, OTHER_BASE, OTHER_BASE) == expected_description(store, iri)
    assert json.loads(release.read_text())["@context"] == OTHER_BASE + "context.jsonld"
    assert "w3id.org/aglod/id/" not in (out / "void.ttl").read_text()
    assert (out / "dump" / "aglod.nq").is_file()
    # without --base: the parent of the instance base, so IRIs are under kg/
    code, output = run(["-q", "publish", str(build), "--out", str(tmp_path / "site2")])
    assert code == 0, output
    assert (tmp_path / "site2" / "kg" / release.relative_to(out)).is_file()


def test_base_must_contain_the_builds_iris(tmp_path: Path) -> None:
    code, output = run(
        ["publish", str(ROOT / "output"), "--out", str(tmp_path / "s"), "--base", OTHER_BASE]
    )
    assert code == 2
    assert "not under --base https://example.org/kg/" in output
    assert not (tmp_path / "s").exists()


def test_missing_build_is_bad_input_naming_the_file(tmp_path: Path) -> None:
    code, output = run(["publish", str(tmp_path / "nothing"), "--out", str(tmp_path / "s")])
    assert code == 2 and "nothing: no such build folder" in output
    (tmp_path / "half").mkdir()
    code, output = run(["publish", str(tmp_path / "half"), "--out", str(tmp_path / "s")])
    assert code == 2 and "aglod.ttl: missing from the build" in output


def test_a_folder_that_is_not_a_site_is_never_replaced(tmp_path: Path) -> None:
    keep = tmp_path / "mine"
    keep.mkdir()
    (keep / "notes.txt").write_text("mine")
    code, output = run(["publish", str(ROOT / "output"), "--out", str(keep)])
    assert code == 2 and "is not a site" in output
    assert (keep / "notes.txt").read_text() == "mine"


def test_a_failed_publish_leaves_the_previous_site(
    small: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    build = small
    out = tmp_path / "site"
    publish(build, out)
    before = digest(out)

    def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr("aglod.site.publishing._write_servers", boom)
    with pytest.raises(RuntimeError, match="disk on fire"):
        publish(build, out)
    assert digest(out) == before
    assert [p.name for p in tmp_path.iterdir()] == ["site"]  # no temporary folder left


def digest(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_the_same_build_gives_the_same_bytes(small: Path, tmp_path: Path) -> None:
    build = small
    publish(build, tmp_path / "a")
    publish(build, tmp_path / "b")
    publish(build, tmp_path / "a")  # over the previous site
    assert digest(tmp_path / "a") == digest(tmp_path / "b")
