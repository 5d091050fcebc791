"""Who an action is aimed at, read from real releases of the development corpus (and
sentences of them): the parties of a list, companies by their designator, federal
bodies and officials, administrations, and defendants by what follows their names."""

from __future__ import annotations

from aglod.extraction import extract
from aglod.parsing import segment
from aglod.records import ReleaseFacts
from aglod.sources import read_releases
from helpers import ROOT

DEV = ROOT / "corpus" / "dev" / "releases"


def dev_facts(name: str) -> ReleaseFacts:
    [r] = read_releases([DEV / name])
    return extract(r, segment(r))


def targets(f: ReleaseFacts) -> dict[str, str | None]:
    return {t.name: t.kind for a in f.actions for t in a.targets}


def test_the_parties_a_list_line_opens() -> None:
    # "The defendants named in the lawsuit are:" and one company to a line
    f = dev_facts("oh_2026-02-06_cannabis-operators-antitrust-lawsuit.txt")
    [suit] = [a for a in f.actions if a.type == "Lawsuit"]
    names = [t.name for t in suit.targets]
    for company in ("Ascend Wellness", "Curaleaf", "Green Thumb Industries", "Verano"):
        assert company in names
    assert all(t.relation == "defendant" for t in suit.targets)


def test_bulleted_parties_with_what_they_pay() -> None:
    # "• Mylan (now part of Viatris): $284,447,916 paid over nine years"
    found = targets(dev_facts("nh_2025-07-10_eight-opioid-makers-settlements.txt"))
    for company in ("Mylan", "Hikma", "Zydus"):
        assert company in found


def test_a_list_of_companies_after_the_cue() -> None:
    # "has joined national settlements with CVS, Walgreens, Teva and Allergan"
    found = targets(dev_facts("ga_2023-01-05_cvs-walgreens-teva-allergan-opioid-settlements.txt"))
    assert {"CVS", "Walgreens", "Teva", "Allergan"} <= set(found)


def test_a_defendant_by_age_and_home_town() -> None:
    # "Jason Muxlow, 42, of Westminster, Vermont was arraigned"
    found = targets(dev_facts("vt_2021-10-07_westminster-csam-arraignment.txt"))
    assert found.get("Jason Muxlow") == "person"


def facts(text: str) -> ReleaseFacts:
    from aglod.records import Release

    r = Release("t.txt", text, "sha256:0")
    return extract(r, segment(r))


HEAD = "FOR IMMEDIATE RELEASE\n\nMarch 3, 2021\n\nAttorney General Smith {head}\n\nAUSTIN, TX – "


def test_defendant_after_a_sentencing_verb() -> None:
    # a real lead: "... after a Grayson County jury sentenced Robert Franklin to over 50
    # years in prison"; the county is no person, the AG is no defendant
    f = facts(
        HEAD.format(head="Secures Sentence")
        + "Attorney General Ken Paxton has secured a major victory in the fight against "
        "human trafficking after a Grayson County jury sentenced Robert Franklin to over 50 "
        "years in prison for trafficking and sexually exploiting a child.\n"
    )
    found = targets(f)
    assert found.get("Robert Franklin") == "person"
    assert not any("Grayson" in n or "Paxton" in n for n in found)


def test_company_by_designator_and_federal_body_not_a_partner() -> None:
    f = facts(
        HEAD.format(head="Sues Company")
        + "Attorney General Ken Paxton today sued Snap, Inc. together with the Federal "
        "Trade Commission for deceiving Texas parents.\n"
    )
    found = targets(f)
    assert found.get("Snap, Inc.") == "company"
    assert "Federal Trade Commission" not in found


def test_federal_officials_and_an_administration_a_letter_is_sent_to() -> None:
    # after a real sentence: "In a letter to U.S. Attorney General Pam Bondi and Secretary
    # of Homeland Security Kristi Noem, the coalition condemned the Trump administration's
    # effort"
    f = facts(
        HEAD.format(head="Joins Letter")
        + "In a letter to U.S. Attorney General Pam Bondi and Secretary of Homeland Security "
        "Kristi Noem, the coalition of 20 attorneys general condemned the Trump "
        "administration's effort.\n"
    )
    found = targets(f)
    assert found.get("Pam Bondi") == "federal-official"
    assert found.get("Kristi Noem") == "federal-official"
    assert found.get("Trump administration") == "federal-government"


def test_a_court_is_no_target_of_a_brief_filed_in_it() -> None:
    f = facts(
        HEAD.format(head="Files Brief")
        + "Attorney General Ken Paxton today filed an amicus brief in the Supreme Court of "
        "the United States supporting the State of Texas.\n"
    )
    assert not any("Court" in n for n in targets(f))


def test_targets_are_typed_in_the_graph_and_conform(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from rdflib.namespace import RDF

    from aglod.namespaces import AGLOD, SCHEMA
    from aglod.pipeline import assemble
    from aglod.validation import validate_graph

    (tmp_path / "r.txt").write_text(
        HEAD.format(head="Sues Company")
        + "Attorney General Ken Paxton today sued Snap, Inc. for deceiving Texas parents. "
        "Separately, Jason Muxlow, 42, of Tyler was charged with fraud.\n",
        encoding="utf-8",
    )
    b = assemble(read_releases([tmp_path / "r.txt"]))
    [r] = b.releases
    g = r.graph
    by_name = {str(n): s for s, n in g.subject_objects(SCHEMA.name)}
    assert (by_name["Snap, Inc."], RDF.type, AGLOD.Company) in g
    assert (by_name["Jason Muxlow"], RDF.type, AGLOD.Individual) in g
    assert (None, AGLOD.defendant, by_name["Jason Muxlow"]) in g
    report = validate_graph(b.union())
    assert report.violations == 0, [r for r in report.results if r.severity == "Violation"]


def test_the_party_that_agrees_in_a_settlement() -> None:
    # a real sentence: "As part of a settlement with Mississippi and other states, Western
    # Union has agreed to develop and put into action a plan ..."
    f = facts(
        HEAD.format(head="Announces Settlement")
        + "Attorney General Ken Paxton announced today a settlement. As part of a settlement "
        "with Texas and other states, Western Union has agreed to develop a plan to detect "
        "fraud.\n"
    )
    assert "Western Union" in targets(f)


def test_defendants_joined_by_and_and_a_few_words_after_against() -> None:
    # real sentences: "The ringleaders of the scheme, Tamara Dadyan and Richard Ayvazyan,
    # were sentenced to 12 and 10 years"; "filed a lawsuit against Paron residents
    # Stephen Rast"
    f = facts(
        HEAD.format(head="Secures Sentences")
        + "Attorney General Ken Paxton announced today that the ringleaders of the scheme, "
        "Tamara Dadyan and Richard Ayvazyan, were sentenced to 12 and 10 years in prison.\n"
    )
    found = targets(f)
    assert found.get("Tamara Dadyan") == "person"
    assert found.get("Richard Ayvazyan") == "person"
    g = facts(
        HEAD.format(head="Files Lawsuit")
        + "Attorney General Ken Paxton filed a lawsuit against Paron residents Stephen Rast "
        "for deceptive contracting.\n"
    )
    assert targets(g).get("Stephen Rast") == "person"


def test_a_designator_joined_by_and_and_an_earlier_dated_lead() -> None:
    # a real lead: "... announced the payment of an additional $25 million by E. I. du Pont
    # de Nemours and Company, The Chemours Company, DuPont de Nemours, Inc. and Corteva,
    # Inc, (the "Companies") in connection with the State's July 2021 settlement"
    f = facts(
        HEAD.format(head="Announces Additional Settlement Payment")
        + "Attorney General Ken Paxton today announced the payment of an additional $25 "
        "million by E. I. du Pont de Nemours and Company, The Chemours Company, DuPont de "
        'Nemours, Inc. and Corteva, Inc, (the "Companies") in connection with the State\'s '
        "July 2019 settlement with the Companies.\n"
    )
    found = targets(f)
    for company in (
        "E. I. du Pont de Nemours and Company",
        "Chemours Company",
        "DuPont de Nemours, Inc.",
    ):
        assert found.get(company) == "company"


def test_one_name_to_each_target_and_no_company_of_a_public_body() -> None:
    # after a real sentence: "... also represents the Minnesota Department of Health in its
    # Dec. 11, 2020, lawsuit against Haven’s Garden in Lynd, Minn."
    f = facts(
        HEAD.format(head="Sues Restaurant")
        + "Attorney General Ken Paxton represents the Texas Department of Health in its "
        "lawsuit against Haven’s Garden in Lynd for operating. The lawsuit against Havens "
        "Garden continues.\n"
    )
    found = targets(f)
    assert not any("Department" in n for n in found)
    assert all(kind != "person" for kind in found.values())


def test_an_abbreviation_names_a_body_only_in_capitals() -> None:
    # "DOE" is the Department of Energy; "Pat Doe" is a person
    f = facts(
        HEAD.format(head="Joins Letter")
        + "Today, Texas Attorney General Pat Doe joined a coalition of 5 attorneys general "
        "in sending a letter to the Federal Trade Commission urging action.\n"
    )
    assert "us-department-of-energy" not in {t.body_key for a in f.actions for t in a.targets}
