"""Who an action is aimed at, read from real releases of the development corpus (and
sentences of them): the parties of a list, companies by their designator, federal
bodies and officials, administrations, and defendants by what follows their names."""

from __future__ import annotations

import pytest

from aglod.extraction import extract
from aglod.extraction.segments import segment
from aglod.records import ReleaseFacts
from aglod.sources.reading import read_releases
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


ANY = object()  # a target whose kind the case does not fix


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        # "• Mylan (now part of Viatris): $284,447,916 paid over nine years"
        (
            "nh_2025-07-10_eight-opioid-makers-settlements.txt",
            {"Mylan": ANY, "Hikma": ANY, "Zydus": ANY},
        ),
        # "has joined national settlements with CVS, Walgreens, Teva and Allergan"
        (
            "ga_2023-01-05_cvs-walgreens-teva-allergan-opioid-settlements.txt",
            {"CVS": ANY, "Walgreens": ANY, "Teva": ANY, "Allergan": ANY},
        ),
        # "Jason Muxlow, 42, of Westminster, Vermont was arraigned"
        ("vt_2021-10-07_westminster-csam-arraignment.txt", {"Jason Muxlow": "person"}),
        # "announced securing a preliminary injunction against MV Realty": the lead names
        # the party in words the rules do not read as the judgment's
        ("ca_2024-09-17_mv-realty-preliminary-injunction.txt", {"MV Realty": ANY}),
        # "payments totaling $350,000 to be paid by Soundview Transportation"
        ("ct_2025-03-19_soundview-oil-spill-settlement.txt", {"Soundview Transportation": ANY}),
        # "a letter addressed to the U.S. Department of Health & Human Services Secretary
        # Tom Price": the body and its head named after its title
        (
            "in_undated_medicaid-fraud-authority-letter.txt",
            {"Tom Price": "federal-official", "U.S. Department of Health & Human Services": ANY},
        ),
    ],
    ids=[
        "bulleted-parties",
        "list-after-cue",
        "defendant-by-age-and-town",
        "a-lead-sentence-not-naming-the-action",
        "paid-by",
        "a-body-and-its-head",
    ],
)
def test_targets_of_real_releases(name: str, expected: dict[str, object]) -> None:
    found = targets(dev_facts(name))
    for target, kind in expected.items():
        assert target in found
        assert kind is ANY or found[target] == kind


def facts(text: str) -> ReleaseFacts:
    from aglod.records import Release

    r = Release("t.txt", text, "sha256:0")
    return extract(r, segment(r))


HEAD = "FOR IMMEDIATE RELEASE\n\nMarch 3, 2021\n\nAttorney General Smith {head}\n\nAUSTIN, TX – "


# (headline words, lead, targets found and their kinds, words no target may hold); the
# leads are real sentences, or written after the real sentence quoted beside them
SENTENCES = {
    # "... after a Grayson County jury sentenced Robert Franklin to over 50 years in
    # prison": the county is no person, the AG is no defendant
    "defendant-after-sentencing-verb": (
        "Secures Sentence",
        "Attorney General Ken Paxton has secured a major victory in the fight against "
        "human trafficking after a Grayson County jury sentenced Robert Franklin to over 50 "
        "years in prison for trafficking and sexually exploiting a child.",
        {"Robert Franklin": "person"},
        ("Grayson", "Paxton"),
    ),
    "company-by-designator-federal-partner-no-target": (
        "Sues Company",
        "Attorney General Ken Paxton today sued Snap, Inc. together with the Federal "
        "Trade Commission for deceiving Texas parents.",
        {"Snap, Inc.": "company"},
        ("Federal Trade Commission",),
    ),
    # "In a letter to U.S. Attorney General Pam Bondi and Secretary of Homeland Security
    # Kristi Noem, the coalition condemned the Trump administration's effort"
    "federal-officials-and-administration": (
        "Joins Letter",
        "In a letter to U.S. Attorney General Pam Bondi and Secretary of Homeland Security "
        "Kristi Noem, the coalition of 20 attorneys general condemned the Trump "
        "administration's effort.",
        {
            "Pam Bondi": "federal-official",
            "Kristi Noem": "federal-official",
            "Trump administration": "federal-government",
        },
        (),
    ),
    "no-court-a-brief-is-filed-in": (
        "Files Brief",
        "Attorney General Ken Paxton today filed an amicus brief in the Supreme Court of "
        "the United States supporting the State of Texas.",
        {},
        ("Court",),
    ),
    # "As part of a settlement with Mississippi and other states, Western Union has agreed
    # to develop and put into action a plan ..."
    "party-that-agrees-in-a-settlement": (
        "Announces Settlement",
        "Attorney General Ken Paxton announced today a settlement. As part of a settlement "
        "with Texas and other states, Western Union has agreed to develop a plan to detect "
        "fraud.",
        {"Western Union": ANY},
        (),
    ),
    # "The ringleaders of the scheme, Tamara Dadyan and Richard Ayvazyan, were sentenced
    # to 12 and 10 years"
    "defendants-joined-by-and": (
        "Secures Sentences",
        "Attorney General Ken Paxton announced today that the ringleaders of the scheme, "
        "Tamara Dadyan and Richard Ayvazyan, were sentenced to 12 and 10 years in prison.",
        {"Tamara Dadyan": "person", "Richard Ayvazyan": "person"},
        (),
    ),
    # "filed a lawsuit against Paron residents Stephen Rast"
    "defendant-a-few-words-after-against": (
        "Files Lawsuit",
        "Attorney General Ken Paxton filed a lawsuit against Paron residents Stephen Rast "
        "for deceptive contracting.",
        {"Stephen Rast": "person"},
        (),
    ),
    # "... the payment of an additional $25 million by E. I. du Pont de Nemours and
    # Company, The Chemours Company, DuPont de Nemours, Inc. and Corteva, Inc, (the
    # "Companies") in connection with the State's July 2021 settlement"
    "designator-joined-by-and-and-earlier-dated-lead": (
        "Announces Additional Settlement Payment",
        "Attorney General Ken Paxton today announced the payment of an additional $25 "
        "million by E. I. du Pont de Nemours and Company, The Chemours Company, DuPont de "
        'Nemours, Inc. and Corteva, Inc, (the "Companies") in connection with the State\'s '
        "July 2019 settlement with the Companies.",
        {
            "E. I. du Pont de Nemours and Company": "company",
            "Chemours Company": "company",
            "DuPont de Nemours, Inc.": "company",
        },
        (),
    ),
    # "Attorney General William Tong sent a letter to five of the top food distributors
    # with footprints in Connecticut"
    "parties-described-not-named": (
        "Sends Letters",
        "Attorney General Ken Paxton sent a letter to five of the top food distributors "
        "with footprints in Texas.",
        {"five of the top food distributors": "group"},
        (),
    ),
    # "... in urging the telecommunications industry to make further commitments"
    "an-industry-urged": (
        "Joins Letter",
        "Attorney General Ken Paxton has joined a group of attorneys general in urging the "
        "telecommunications industry to make further commitments to protect consumers.",
        {"telecommunications industry": "group"},
        ("members",),
    ),
    # "announced a settlement with the owners of R&B Medical Group, Universal Diagnostic
    # Laboratories, and Southern California Medical Center ... The settlement resolves
    # allegations that Dr. Mohammad Rasekhi and his wife ..."
    "the-owners-of-named-parties-and-a-no-break-space": (
        "Announces Settlement",
        "Attorney General Ken Paxton today announced a settlement with the owners of R&B "
        "Medical Group, Universal Diagnostic Laboratories, and Southern\u00a0Texas Medical "
        "Center for submitting false claims. The settlement resolves allegations that Dr. "
        "Jane Roe engaged in a kickback scheme.",
        {
            "R&B Medical Group": ANY,
            "Universal Diagnostic Laboratories": ANY,
            "Southern Texas Medical Center": ANY,
            "Jane Roe": "person",
        },
        ("owners",),
    ),
    # named companies: the words that describe them add no party
    "named-parties-no-description": (
        "Sues Insulin Makers",
        "Attorney General Ken Paxton today sued the nation's three major manufacturers of "
        "insulin, Acme Pharma, Inc. and Beta Labs LLC, for inflating prices.",
        {"Acme Pharma, Inc.": "company"},
        ("manufacturers",),
    ),
    # a real lead: "Schmidt testified via videoconference before the Senate Committee on
    # Commerce, Science and Transportation Subcommittee on Manufacturing ..."
    "the-body-an-event-is-held-before": (
        "Testifies Before Senate Panel",
        "Attorney General Ken Paxton testified via videoconference before the Senate "
        "Committee on Commerce, Science and Transportation.",
        {"Senate Committee on Commerce, Science and Transportation": ANY},
        (),
    ),
    # "Georgia Attorney General Chris Carr today announced that Desmontrez Mathis, (aka
    # "Ten"), 24, of Athens, has been sentenced to life"
    "defendant-with-a-bracketed-alias": (
        "Secures Life Sentence",
        "Attorney General Ken Paxton today announced that Desmontrez Mathis, (aka "
        '"Ten"), 24, of Athens, has been sentenced to life with the possibility of parole.',
        {"Desmontrez Mathis": "person"},
        (),
    ),
    # charges named in the lead, the defendants in the next paragraph: "Abdirashid Ismail
    # Said, the principal actor, is charged with ... Said's co-conspirators, Ali
    # Abdirizak Ahmed and Said Awil Ibrahim, are also charged in Hennepin County ..."
    "defendants-after-the-lead-and-a-family-name-said": (
        "Charges Three in Medicaid Fraud",
        "Attorney General Ken Paxton today announced charges against three people for "
        "defrauding the Medicaid program out of nearly $11 million.\n\n"
        "Abdirashid Ismail Said, the principal actor, is charged with one count of "
        "racketeering. Said’s co-conspirators, Ali Abdirizak Ahmed and Said Awil Ibrahim, "
        "are also charged in Travis County district court with racketeering.",
        {
            "Abdirashid Ismail Said": "person",
            "Ali Abdirizak Ahmed": "person",
            "Said Awil Ibrahim": "person",
        },
        ("Travis",),
    ),
    # "Attorney General Josh Stein released the following statement announcing legal
    # action challenging Senate Bill 382, the legislature's blatant power grab:": a bill
    # is what the suit is about, its number no defendant's age
    "a-bill-by-number-is-no-party": (
        "Sues Over Power Grab",
        "Today, Attorney General Ken Paxton released the following statement announcing "
        "legal action challenging Senate Bill 382, the legislature's blatant power grab:",
        {},
        ("Senate Bill",),
    ),
    # "... a settlement with Juxta Labs ... for violating the Children's Online Privacy
    # Protection Act": the law broken is no party
    "a-law-is-no-party": (
        "Announces Settlement With App Maker",
        "Attorney General Ken Paxton today announced a settlement with Acme Labs, Inc. for "
        "violations of the Children’s Online Privacy Protection Act.",
        {"Acme Labs, Inc.": "company"},
        ("Protection Act",),
    ),
    # a settlement in the lead, who pays it in a later paragraph: "The credit reporting
    # agencies, Experian, TransUnion, and Equifax will pay the state a total of $7.175
    # million."
    "settling-parties-that-pay-after-the-lead": (
        "Announces Settlement",
        "Attorney General Ken Paxton today announced a settlement resolving the state's "
        "investigation into mistakes on credit reports.\n\n"
        "The credit reporting agencies, Experian, TransUnion, and Equifax will pay the "
        "state a total of $7.175 million.",
        {"Experian": ANY, "TransUnion": ANY, "Equifax": ANY},
        (),
    ),
    # a California release: "Volkswagen will also agree to significant injunctive terms"
    "a-settling-party-that-will-agree": (
        "Announces Additional Settlement",
        "Attorney General Kamala D. Harris today announced that the company will also pay "
        "California an additional $86 million in civil penalties as part of a second partial "
        "settlement over the company’s use of “defeat devices”.\n\n"
        "The agreement, which is subject to court approval, resolves certain aspects of the "
        "claims. Volkswagen will also agree to significant injunctive terms to deter future "
        "misconduct.",
        {"Volkswagen": ANY},
        (),
    ),
}


@pytest.mark.parametrize("case", list(SENTENCES))
def test_targets_of_a_lead(case: str) -> None:
    head, lead, expected, never = SENTENCES[case]
    found = targets(facts(HEAD.format(head=head) + lead + "\n"))
    for target, kind in expected.items():
        assert target in found, (target, found)
        assert kind is ANY or found[target] == kind, (target, found)
    assert not any(word in name for name in found for word in never), found


def test_targets_are_typed_in_the_graph_and_conform(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from rdflib.namespace import RDF

    from aglod.pipeline.build import assemble
    from aglod.rdf.namespaces import AGLOD, SCHEMA
    from aglod.validation.shacl import validate_graph

    (tmp_path / "r.txt").write_text(
        HEAD.format(head="Sues Company")
        + "Attorney General Ken Paxton today sued Snap, Inc. for deceiving Texas parents. "
        "Separately, Jason Muxlow, 42, of Tyler was charged with fraud.\n",
        encoding="utf-8",
    )
    (tmp_path / "s.txt").write_text(
        HEAD.format(head="Sends Letter")
        + "Attorney General Ken Paxton sent a letter to twelve national telephone companies "
        "urging them to block robocalls.\n",
        encoding="utf-8",
    )
    # a real release: "... amici states supporting Texas in its lawsuit against
    # Pennsylvania, Georgia, Michigan, and Wisconsin"
    t = DEV / "ak_2020-12-10_texas-election-lawsuit-amicus.txt"
    b = assemble(read_releases([tmp_path / "r.txt", tmp_path / "s.txt", t]))
    g = b.union()
    by_name = {str(n): s for s, n in g.subject_objects(SCHEMA.name)}
    assert (by_name["Snap, Inc."], RDF.type, AGLOD.Company) in g
    assert (by_name["Jason Muxlow"], RDF.type, AGLOD.Individual) in g
    assert (None, AGLOD.defendant, by_name["Jason Muxlow"]) in g
    assert (by_name["twelve national telephone companies"], RDF.type, AGLOD.PartyGroup) in g
    # a state on the other side of a case is the state's own node, not a new party
    states = {
        str(n)
        for a, t in g.subject_objects(AGLOD.defendant)
        for n in g.objects(t, SCHEMA.name)
        if (t, RDF.type, AGLOD.Jurisdiction) in g
    }
    assert states == {"Pennsylvania", "Georgia", "Michigan", "Wisconsin"}
    report = validate_graph(b.union())
    assert report.violations == 0, [r for r in report.results if r.severity == "Violation"]


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


def test_the_named_members_of_described_parties_from_a_list() -> None:
    # "a $32.5 million settlement with seven financial institutions" and, below, "The
    # seven financial institutions that reached the settlement:" with one to a line
    f = dev_facts("nm_undated_rmbs-qui-tam-settlement.txt")
    [deal] = [a for a in f.actions if a.type == "Settlement"]
    names = {t.name for t in deal.targets}
    assert {
        "Barclays Capital Inc.",
        "Goldman Sachs & Co. LLC",
        "Merrill Lynch, Pierce, Fenner & Smith Incorporated",
        "NatWest Markets Securities Inc.",
        "Washington Mutual Mortgage Securities Corp.",
    } <= names
    assert "seven financial institutions" not in names
    assert len(names) == 7


def test_the_named_members_of_described_parties_in_apposition() -> None:
    # "settlement with credit card companies" and "the state sued credit card providers
    # Chase, Citi, Bank of America, Discover, HSBC, Capital One, and Barclays to stop"
    f = dev_facts("hi_2015-04-27_credit-card-protection-plans-settlement.txt")
    [deal] = [a for a in f.actions if a.type == "Settlement"]
    names = {t.name for t in deal.targets}
    assert names == {
        "Chase",
        "Citi",
        "Bank of America",
        "Discover",
        "HSBC",
        "Capital One",
        "Barclays",
    }


@pytest.mark.parametrize(
    ("name", "present", "absent"),
    [
        # "In a comment letter to Secretary of Homeland Security Alejandro Mayorkas and
        # U.S. Citizenship and Immigration Services Director Ur Jaddou, Attorney General
        # Ellison ...": the office's own Attorney General is no addressee
        ("mn_2021-11-19_daca-rule-comment-letter.txt", {"Alejandro Mayorkas"}, {"Keith Ellison"}),
        # "the arrest of Vincent Richardson Jr., 23, of Columbia"; "Internet Crimes
        # Against Children Task Force investigators": a name's "Against" is no cue
        (
            "sc_undated_richland-county-man-arrest.txt",
            {"Vincent Richardson Jr."},
            {"Children Task Force", "Children"},
        ),
        # "the work of the North Carolina Department of Justice (NCDOJ)", then "DOJ
        # Delivers": the state's department, not the federal one
        (
            "nc_undated_doj-delivers-online-tool.txt",
            set(),
            {"U.S. Department of Justice", "Department of Justice"},
        ),
        # "Attorney General Kamala D. Harris, along with the Attorneys General of the
        # other 49 States ..., today announced a settlement with AT&T Mobility LLC"
        ("ca_2014-10-08_att-mobility-cramming-settlement.txt", set(), {"Attorneys General"}),
        # "Oklahoma Attorney General Scott Pruitt on Friday released the following
        # statement regarding the EPA’s proposed emissions regulations"
        ("ok_undated_epa-power-plant-rules-statement.txt", {"EPA"}, {"Friday"}),
    ],
    ids=[
        "own-attorney-general",
        "suffix-and-a-name-with-against",
        "a-state-department-of-justice",
        "partners-along-with",
        "a-weekday",
    ],
)
def test_who_is_no_party(name: str, present: set[str], absent: set[str]) -> None:
    found = targets(dev_facts(name))
    assert present <= set(found)
    assert not absent & set(found)


@pytest.mark.parametrize(
    ("lead", "names"),
    [
        # written for misfires a review found: a list line of a person and the company
        # he heads keeps the person; a list of lenders further on names no members of
        # the companies the settlement is with
        (
            "TULSA – Attorney General Drummond today announced charges.\n\nThe defendants "
            "named in the indictment are:\nRobert Brown, president of Brown Holdings Inc.\n"
            "Jane Roe",
            {"Robert Brown", "Jane Roe"},
        ),
        (
            "BOSTON – Attorney General Healey today announced a settlement with three debt "
            "collection companies.\n\nThe companies agreed to pay.\n\nIn other news, "
            "consumers borrowed from lenders Chase, Wells Fargo and Citibank.",
            {"three debt collection companies"},
        ),
    ],
    ids=["a-person-and-his-company", "a-list-further-on"],
)
def test_listed_parties_and_their_limits(lead: str, names: set[str]) -> None:
    f = facts(f"AG Acts\n\nMarch 3, 2021\n\n{lead}\n")
    assert {t.name for a in f.actions for t in a.targets} == names


def test_a_federal_bodys_administration_is_no_administration() -> None:
    # a Maryland release: "Occupational Safety and Health Administration" is a federal
    # body's name, not a "Health" administration as in "the Trump administration"
    found = targets(
        facts(
            HEAD.format(head="AG Frosh Calls on Amazon and Whole Foods to Protect Workers")
            + "Attorney General Brian E. Frosh this week joined a coalition of 13 attorneys "
            "general calling on Amazon and Whole Foods to strengthen protections for workers, "
            "asking for a response showing how the companies are complying with guidance and "
            "recommendations from the Centers for Disease Control and the Occupational Safety "
            "and Health Administration to prevent exposure.\n"
        )
    )
    assert {"Amazon", "Whole Foods"} <= set(found)
    assert "Health Administration" not in found


def test_the_court_a_settlement_is_filed_with_is_no_party() -> None:
    # a Vermont release (no date line; paragraphs a line apart): "... were filed with
    # the Washington Superior Court"
    found = targets(
        facts(
            "Mount Snow, Ltd. agrees to pay $95,000 for hazardous waste management violations"
            "\n\nMount Snow Ltd., the owner and operator of Mount Snow Resort in West Dover, "
            "Vermont, has agreed to pay ninety-five thousand dollars ($95,000) in civil "
            "penalties to the State of Vermont to settle claims brought by the Vermont Attorney "
            "General's Office that it violated a number of Vermont s Hazardous Waste Management "
            "Rules at its facilities.\nThe violations were discovered during inspections by the "
            "Vermont Agency of Natural Resources at Mount Snow in 2008. Pleadings by Agreement, "
            "a Settlement Stipulation,and a proposed Consent Order were filed with the "
            "Washington Superior Court and the settlement was approved by Judge Geoffrey W. "
            "Crawford on March 5, 2010.\n"
        )
    )
    assert "Mount Snow Ltd." in found
    assert not any("Court" in name for name in found), found


def test_the_party_whose_motion_a_court_denied() -> None:
    # an Arkansas release: "... after the Union County Circuit Court denied a motion by
    # TikTok and its parent company, ByteDance, to dismiss Griffin’s lawsuit"
    found = targets(
        facts(
            HEAD.format(head="Circuit court denies motion to dismiss")
            + "Attorney General Tim Griffin today issued the following statement after the "
            "Union County Circuit Court denied a motion by TikTok and its parent company, "
            "ByteDance, to dismiss Griffin’s lawsuit against the social media platform:\n"
        )
    )
    assert "TikTok" in found
