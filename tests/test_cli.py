"""The command line through click's runner: one test per exit code, and --help."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from aglod.cli import main
from helpers import CORPUS

BROKEN_ACTION = """
@prefix aglod: <https://w3id.org/aglod/ontology#> .
@prefix schema: <http://schema.org/> .
@prefix dcterms: <http://purl.org/dc/terms/> .
<https://example.org/id/release/x> a aglod:PressRelease, schema:NewsArticle ;
    schema:headline "A headline" ; schema:articleBody "Text." ; dcterms:source "x.txt" ;
    aglod:contentHash "sha256:00" ; aglod:reports <https://example.org/id/action/x/1> ;
    aglod:issuingJurisdiction <https://example.org/id/jurisdiction/nm> .
<https://example.org/id/jurisdiction/nm> a aglod:Jurisdiction, aglod:State ;
    schema:name "New Mexico" ; aglod:uspsCode "NM" ; aglod:fipsCode "35" ;
    aglod:ocdDivisionId "ocd-division/country:us/state:nm" ;
    schema:sameAs <http://www.wikidata.org/entity/Q1522> .
<https://example.org/id/action/x/1> a aglod:Action, aglod:Lawsuit ;
    aglod:reportedIn <https://example.org/id/release/x> ;
    aglod:multistate false ; aglod:issuerRole aglod:RoleSole .
"""


@pytest.fixture()
def runner() -> CliRunner:
    return CliRunner()


@pytest.mark.parametrize("command", ["build", "validate", "extract", "eval"])
def test_every_command_has_help(runner: CliRunner, command: str) -> None:
    result = runner.invoke(main, [command, "--help"])
    assert result.exit_code == 0
    assert "Usage:" in result.output and len(result.output) > 200


def test_exit_0_extract_json(runner: CliRunner) -> None:
    path = CORPUS / "nm_2018-08-10_3d-printed-gun-plans-letter.txt"
    result = runner.invoke(main, ["extract", str(path), "--json"])
    assert result.exit_code == 0, result.output
    [facts] = json.loads(result.stdout)
    assert facts["release"]["office"] == "NM"
    assert facts["actions"][0]["type"] == "Letter"
    assert facts["actions"][0]["stated_count"] == 22


def test_exit_0_validate_with_warnings(runner: CliRunner, tmp_path: Path) -> None:
    release = CORPUS / "nm_undated_border-visit-family-separation-motion.txt"
    out = tmp_path / "out"
    built = runner.invoke(main, ["--quiet", "build", str(release), "--out", str(out)])
    assert built.exit_code == 0, built.output
    result = runner.invoke(main, ["validate", str(out / "aglod.ttl")])
    assert result.exit_code == 0, result.output
    assert "[WARNING]" in result.stdout
    assert "release has no date" in result.stdout
    assert "conforms: 0 violations" in result.stdout
    strict = runner.invoke(main, ["validate", str(out / "aglod.ttl"), "--fail-on-warning"])
    assert strict.exit_code == 1
    as_json = runner.invoke(main, ["validate", str(out / "aglod.ttl"), "--format", "json"])
    doc = json.loads(as_json.stdout)
    assert doc["conforms"] is True and doc["warnings"] >= 1
    assert {"severity", "focus", "path", "message", "shape"} <= set(doc["results"][0])


def test_validate_reads_gzipped_files(runner: CliRunner, tmp_path: Path) -> None:
    """The build's N-Quads dump is gzipped; validate reads it, and any gzipped file of
    a known type, as it reads the plain file."""
    bad = tmp_path / "bad.ttl"
    bad.write_text(BROKEN_ACTION, encoding="utf-8")
    (tmp_path / "bad.ttl.gz").write_bytes(gzip.compress(bad.read_bytes()))
    plain = runner.invoke(main, ["validate", str(bad), "--format", "json"])
    packed = runner.invoke(main, ["validate", str(tmp_path / "bad.ttl.gz"), "--format", "json"])
    assert plain.exit_code == packed.exit_code == 1
    assert json.loads(plain.stdout)["results"] == json.loads(packed.stdout)["results"]
    release = CORPUS / "nm_2018-08-10_3d-printed-gun-plans-letter.txt"
    out = tmp_path / "out"
    assert runner.invoke(main, ["-q", "build", str(release), "--out", str(out)]).exit_code == 0
    dump = runner.invoke(main, ["validate", str(out / "aglod.nq.gz")])
    assert dump.exit_code == 0, dump.output
    assert "conforms: 0 violations" in dump.stdout
    other = tmp_path / "notes.txt.gz"
    other.write_bytes(gzip.compress(b"text"))
    wrong = runner.invoke(main, ["validate", str(other)])
    assert wrong.exit_code == 2 and "notes.txt.gz: unknown RDF file type" in wrong.output


def test_exit_1_on_violations(runner: CliRunner, tmp_path: Path) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text(BROKEN_ACTION, encoding="utf-8")
    result = runner.invoke(main, ["validate", str(bad)])
    assert result.exit_code == 1, result.output
    assert (
        "[VIOLATION] <https://example.org/id/action/x/1>: action has no participant"
        in result.stdout
    )


def test_exit_2_on_bad_input(runner: CliRunner, tmp_path: Path) -> None:
    missing = runner.invoke(main, ["build", str(tmp_path / "nope.txt"), "--out", str(tmp_path)])
    assert missing.exit_code == 2
    assert "nope.txt: no such file or folder" in missing.stderr
    garbage = tmp_path / "garbage.ttl"
    garbage.write_text("this is not turtle <<<", encoding="utf-8")
    unparsable = runner.invoke(main, ["validate", str(garbage)])
    assert unparsable.exit_code == 2
    assert "garbage.ttl: cannot be parsed as turtle" in unparsable.stderr
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    only_bad = runner.invoke(main, ["build", str(empty), "--out", str(tmp_path / "o")])
    assert only_bad.exit_code == 2
    assert "rejected" in only_bad.stderr and "empty.txt" in only_bad.stderr
    usage = runner.invoke(main, ["build", "--base", "not-an-iri", str(empty)])
    assert usage.exit_code == 2


def test_exit_2_partial_build_still_writes_the_rest(runner: CliRunner, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(
        (CORPUS / "nm_2018-08-10_3d-printed-gun-plans-letter.txt").read_text("utf-8"), "utf-8"
    )
    (folder / "bad.txt").write_bytes(b"\x00" * 100)
    out = tmp_path / "out"
    result = runner.invoke(main, ["build", str(folder), "--out", str(out), "--json"])
    assert result.exit_code == 2
    summary = json.loads(result.stdout)
    assert (summary["read"], summary["built"], summary["rejected"]) == (2, 1, 1)
    assert summary["rejects"][0]["reason"] == "the file is binary, not text"
    assert (out / "aglod.ttl").exists()


def test_exit_3_on_internal_error(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import aglod.validation.shacl

    def broken(_graph: object) -> None:
        raise RuntimeError("a bug")

    monkeypatch.setattr(aglod.validation.shacl, "validate_graph", broken)
    good = tmp_path / "g.ttl"
    good.write_text(BROKEN_ACTION, encoding="utf-8")
    result = runner.invoke(main, ["validate", str(good)])
    assert result.exit_code == 3
    assert "internal error: RuntimeError: a bug" in result.stderr
    assert "Traceback" not in result.stderr


def test_eval_prints_a_table(runner: CliRunner) -> None:
    paths = [str(CORPUS / "nm_2017-08-16_cda-sex-trafficking-letter.txt")]
    result = runner.invoke(main, ["eval", *paths, "--json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["releases"] == 1
    assert doc["fields"]["participants"]["value"] == 1.0


def test_exit_3_when_a_release_breaks_aglod_and_the_rest_are_built(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import aglod.pipeline.steps

    real = aglod.pipeline.steps.extract

    def flaky(release, seg):  # type: ignore[no-untyped-def]
        if "bad" in release.source:
            raise RuntimeError("a bug")
        return real(release, seg)

    monkeypatch.setattr(aglod.pipeline.steps, "extract", flaky)
    folder = tmp_path / "in"
    folder.mkdir()
    text = (CORPUS / "nm_2018-08-10_3d-printed-gun-plans-letter.txt").read_text("utf-8")
    (folder / "good.txt").write_text(text, "utf-8")
    (folder / "bad.txt").write_text(text, "utf-8")
    result = runner.invoke(main, ["build", str(folder), "--out", str(tmp_path / "o"), "--json"])
    assert result.exit_code == 3
    summary = json.loads(result.stdout)
    assert (summary["built"], summary["rejected"]) == (1, 1)
    assert "internal error while extracting: RuntimeError: a bug" in summary["rejects"][0]["reason"]


def test_eval_json_keeps_release_and_action_dates_apart(runner: CliRunner) -> None:
    result = runner.invoke(main, ["eval", "--json"])
    fields = json.loads(result.stdout)["fields"]
    assert {"date", "action_date", "action_type", "action_role", "stated_count"} <= set(fields)
