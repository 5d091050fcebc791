"""Extraction rules, one behaviour per test, on short made-up releases (so that the
rules are checked as rules, not as memories of the corpus)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aglod.extraction import extract
from aglod.extraction.segments import segment
from aglod.records import Release
from aglod.sources.reading import read_releases
from helpers import ROOT, examples


def facts(text: str):
    r = Release("t.txt", text, "sha256:0")
    return extract(r, segment(r))


LETTER = """FOR IMMEDIATE RELEASE

March 3, 2021

Contact: Pat Doe (555) 555-0100

AG Balderas Leads 4 Attorneys General Urging Congress to Act

Santa Fe, NM – Today, New Mexico Attorney General Hector Balderas led a coalition of four state
attorneys general in sending a letter to U.S. Secretary of Education Jo Park urging action.

Attorney General Balderas is joined by the attorneys general of Oregon, the District of
Columbia, and North
Carolina in the letter.

###
"""


def test_coalition_letter_led_by_the_office() -> None:
    f = facts(LETTER)
    assert f.title == "AG Balderas Leads 4 Attorneys General Urging Congress to Act"
    assert f.date == date(2021, 3, 3)
    assert f.office == "NM"
    assert f.issuer is not None and f.issuer.name == "Hector Balderas"
    assert f.dateline == "Santa Fe"
    assert [(c.name, c.phone) for c in f.contacts] == [("Pat Doe", "(555) 555-0100")]
    [action] = f.actions
    assert action.type == "Letter"
    assert action.role == "led"
    assert action.date == date(2021, 3, 3)
    assert action.stated_count == 4
    assert sorted(action.participants) == ["DC", "NC", "NM", "OR"]
    assert sorted(action.leads) == ["NM"]
    # the letter's addressee, and the body the headline urges
    assert [t.name for t in action.targets] == ["Jo Park", "Congress"]
    assert action.targets[0].relation == "addressee"


def test_people_with_posts() -> None:
    f = facts(LETTER)
    people = {(p.name, p.post_title, p.jurisdiction) for p in f.people}
    assert ("Hector Balderas", "Attorney General", "NM") in people
    assert ("Jo Park", "Secretary of Education", "US") in people


def test_an_attorney_general_the_roster_does_not_know_is_no_attorney_general() -> None:
    """The roster knows who was New Mexico's Attorney General in March 2021: a name
    it does not know for the post (here invented) is not made one; another state's AG
    named without the state gets their own office."""
    text = LETTER.replace("Hector Balderas", "Ana Rivera").replace("AG Balderas", "AG Rivera")
    text = text.replace("Attorney General Balderas is joined", "Attorney General Tong is joined")
    f = facts(text)
    people = {(p.name, p.post_title, p.jurisdiction) for p in f.people}
    assert not any(p.family_name == "Rivera" for p in f.people)
    assert f.issuer is None
    assert ("Tong", "Attorney General", "CT") in people


def test_joined_counts_in_words_and_other() -> None:
    f = facts(
        "Headline About A Suit\n\nPHOENIX – Attorney General Kim Lee joined forty-nine "
        "other attorneys general in a lawsuit against Acme Corp. filed today in court.\n"
    )
    [a] = f.actions
    assert a.type == "Lawsuit"
    assert a.role == "joined"
    assert a.stated_count == 50
    assert f.office == "AZ"  # the capital in the dateline
    assert any("Acme" in t.name for t in a.targets)


def test_one_of_n_states_and_led_by() -> None:
    f = facts(
        "Minnesota Joins Suit\n\nMay 2, 2019 (SAINT PAUL) — Attorney General Jo Smith "
        "announced today that Minnesota is joining a multistate lawsuit, led by the State "
        "of California, to stop the rule. Minnesota is one of 16 states to join.\n"
    )
    [a] = f.actions
    assert f.office == "MN"
    assert a.stated_count == 16
    assert sorted(a.leads) == ["CA"]
    assert sorted(a.participants) == ["CA", "MN"]
    assert a.role == "joined"


def test_background_sentences_add_nothing() -> None:
    f = facts(
        "AG Balderas Meets With Sheriffs\n\nSANTA FE, NM – Attorney General Hector Balderas "
        "met with county sheriffs on Monday to discuss safety in rural towns today.\n\n"
        "Last week, a coalition of nine attorneys general of Oregon, Iowa and Maine filed "
        "a lawsuit against the agency.\n"
    )
    assert [a.type for a in f.actions] == ["Meeting"]
    [a] = f.actions
    assert a.role == "sole"
    assert sorted(a.participants) == ["NM"]
    assert a.stated_count is None


def test_undated_release_gives_no_dates() -> None:
    f = facts(
        "AG Cruz Visits Border\n\nEl Paso, TX – Yesterday, Attorney General Ana Cruz "
        "visited the border with local police chiefs and deputies of the county.\n"
    )
    assert f.date is None
    assert all(a.date is None for a in f.actions)


def test_yesterday_in_a_dated_release() -> None:
    f = facts(
        "AG Cruz Visits Border\n\nJune 5, 2020\n\nEl Paso, TX – Yesterday, Attorney General "
        "Ana Cruz visited the border with local police chiefs and deputies of the county.\n"
    )
    [a] = f.actions
    assert a.type == "Meeting"
    assert a.date == date(2020, 6, 4)


def test_plural_settlements_give_one_action_with_every_party() -> None:
    # the gold of the development corpus reads a release announcing settlements with a
    # list of companies as one action aimed at all of them
    f = facts(
        "AG Announces Settlements With Fiat Chrysler and Bosch\n\nDENVER — Attorney "
        "General Phil Weiser announced settlements with Fiat Chrysler and Bosch today, "
        "resolving claims about emissions software.\n"
    )
    assert [a.type for a in f.actions] == ["Settlement"]
    assert [t.name for t in f.actions[0].targets] == ["Fiat Chrysler", "Bosch"]


def test_signature_block_of_an_attached_letter() -> None:
    f = facts(
        "AG Sends Letter\n\nBoise, ID – Today Attorney General Raul Labrador sent a "
        "letter to the agency about the new rule and its costs.\n\n###\n\nSincerely,\n\n"
        "Raul Labrador\nAttorney General of Idaho\n\nSean Reyes\nAttorney General of Utah\n"
        "\ncc: Honorable Mike Johnson\nSpeaker of the United States House of Representatives\n"
    )
    [a] = f.actions
    assert sorted(a.participants) == ["ID", "UT"]
    people = {(p.name, p.post_title, p.jurisdiction) for p in f.people}
    assert ("Sean Reyes", "Attorney General", "UT") in people
    assert ("Mike Johnson", "Speaker of the House", "US") in people


def test_no_action_words_is_a_statement() -> None:
    f = facts(
        "AG Balderas’ Response on the Decision\n\nAlbuquerque, NM – “We will keep "
        "working for the people of this state every single day,” said Attorney General "
        "Hector Balderas.\n"
    )
    [a] = f.actions
    assert a.type == "Statement"
    assert a.role == "sole"
    assert f.issuer is not None and f.issuer.family_name == "Balderas"


def test_every_span_quotes_the_text() -> None:
    f = facts(LETTER)
    text = f.release.text
    spans = [f.title_span, f.date_span, f.office_span, f.dateline_span]
    for a in f.actions:
        spans += [
            a.span,
            a.date_span,
            a.count_span,
            *a.participants.values(),
            *a.leads.values(),
            *(t.span for t in a.targets),
        ]
    spans += [p.span for p in f.people] + [c.span for c in f.contacts]
    for s in spans:
        if s is not None:
            assert text[s.start : s.end] == s.quote


def test_office_from_the_press_contacts_telephone() -> None:
    f = facts(
        "Attorney General Stein Takes Legal Action\n\nFor Immediate Release:\n"
        "Thursday, December 12, 2024\n\nContact:\nPat Doe (919) 555-0100\n\n"
        "Today, Attorney General Josh Stein announced legal action challenging the new law "
        "passed by the legislature last week.\n"
    )
    assert f.office == "NC"
    assert [(c.name, c.phone) for c in f.contacts] == [("Pat Doe", "(919) 555-0100")]
    assert f.issuer is not None and f.issuer.name == "Josh Stein"
    assert [a.type for a in f.actions] == ["Lawsuit"]


@pytest.mark.parametrize(
    ("lead", "office", "issuer"),
    [
        # a real lead: the issuer named first, without a state; a coalition's co-leader
        # with one
        (
            "Attorney General Mike Hilgers filed suit to defend Americans who drive gas and "
            "diesel-powered trucks. Attorney General Mike Hilgers joined Kentucky Attorney "
            "General Russell Coleman and a 25-state coalition to block a new rule.",
            "NE",
            "Mike Hilgers",
        ),
        (
            "Attorney General Peter F. Neronha, California Attorney General Rob Bonta and "
            "Illinois Attorney General Kwame Raoul, co-leading a coalition of 20 attorneys "
            "general, today filed two separate lawsuits against the administration.",
            "RI",
            "Peter F. Neronha",
        ),
        # a state before the title, the first named: the issuer
        (
            "Kentucky Attorney General Russell Coleman today joined Attorney General Mike "
            "Hilgers in a letter to the agency.",
            "KY",
            "Russell Coleman",
        ),
        # a real lead: the title abbreviated
        (
            "South Carolina Attorney Gen. Alan Wilson announced the arrest of Vincent "
            "Richardson Jr., 23, of Columbia on two charges connected to the exploitation of "
            "a minor.",
            "SC",
            "Alan Wilson",
        ),
    ],
)
def test_the_issuer_is_the_first_attorney_general_named(
    lead: str, office: str, issuer: str
) -> None:
    f = facts(f"Attorney General Joins Coalition\n\nMay 13, 2025\n\n{lead}\n")
    assert f.office == office
    assert f.issuer is not None and f.issuer.name == issuer


def test_date_line_with_the_city_after_it_and_a_state_coalition() -> None:
    f = facts(
        "AG Paxton Joins 26-State Coalition Urging Senate Action\n\n"
        "Thursday, July 12, 2018 – Austin\n\n"
        "Texas Attorney General Ken Paxton today joined a 26-state coalition in urging Senate "
        "leaders to act. The letter was sent to Senate Majority Leader Mitch McConnell.\n"
    )
    assert (f.date, f.dateline, f.office) == (date(2018, 7, 12), "Austin", "TX")
    [a] = f.actions
    assert (a.type, a.role, a.stated_count, a.date) == ("Letter", "joined", 26, date(2018, 7, 12))


def test_an_earlier_lawsuit_is_context_not_a_new_action() -> None:
    f = facts(
        "AG Tong Secures Decision Blocking Unlawful Order\n\n06/13/2025\n\n(Hartford, CT) – "
        "Attorney General William Tong today issued a statement on a decision granting a "
        "preliminary injunction. Attorney General Tong joined a coalition of 19 attorneys "
        "general in filing a lawsuit challenging the order in April 2025.\n"
    )
    [a] = f.actions
    assert (a.type, a.role, a.stated_count) == ("Judgment", "joined", 19)
    assert f.office == "CT" and f.date == date(2025, 6, 13)


def test_a_body_named_with_and_is_one_target() -> None:
    f = facts(
        "AG Sues HHS\n\nBOSTON — Attorney General Andrea Campbell today filed a lawsuit against "
        "the U.S. Department of Health and Human Services and Acme Corp over the new rule.\n"
    )
    [a] = f.actions
    assert [t.name for t in a.targets] == [
        "U.S. Department of Health and Human Services",
        "Acme Corp",
    ]
    assert a.targets[0].body_key == "us-department-of-health-and-human-services"


_WORDS = st.lists(st.text(alphabet="ab- ", min_size=1, max_size=4), min_size=1, max_size=8)


@given(words=_WORDS, text=st.text(alphabet="ab- xA", max_size=30), flags=st.sampled_from([0, 2]))
@settings(max_examples=examples(400), deadline=None)
def test_a_trie_of_words_matches_as_their_longest_first_alternation(
    words: list[str], text: str, flags: int
) -> None:
    """``literal_alternation`` (the number words' regex) finds what the plain
    alternation of the words, longest first, finds: the same matches and groups,
    also inside a larger pattern that backtracks into it."""
    import re

    from aglod.extraction.text import literal_alternation

    plain = "(?:" + "|".join(sorted(map(re.escape, set(words)), key=len, reverse=True)) + ")"
    trie = literal_alternation(words)
    for wrap in ("{}", r"\b({})\s+b", "({})(?:a|-b)"):
        a = re.compile(wrap.format(plain), flags)
        b = re.compile(wrap.format(trie), flags)
        assert [(m.span(), m.groups()) for m in a.finditer(text)] == [
            (m.span(), m.groups()) for m in b.finditer(text)
        ]


def test_number_words_are_found_in_running_text() -> None:
    import re

    from aglod.extraction.text import NUMBER, number_value

    rx = re.compile(r"\b(" + NUMBER + r")\s+states", re.I)
    found = [
        number_value(m.group(1))
        for m in rx.finditer(
            "Twenty-one states, forty two states, 7 states, eleven states and fifty states."
        )
    ]
    assert found == [21, 42, 7, 11, 50]


_NAME_WORDS = st.sampled_from(
    [
        "cc:",
        "cc:The",
        "The",
        "Honorable",
        "Hon.",
        "Jane",
        "McDonald",
        "O'Neil",
        "J.",
        "DeWine",
        "Jr.",
        "Sr",
        "III",
        ",",
        "Smith,",
        "and",
        "of",
        "x",
        "Attorney",
        "Ana-Maria",
        "é",
        "Él",
    ]
)


@given(words=st.lists(_NAME_WORDS, max_size=11), sep=st.sampled_from([" ", "  ", "\t", " \t"]))
@settings(max_examples=examples(600), deadline=None)
def test_the_name_line_prefilter_never_drops_a_name_line(words: list[str], sep: str) -> None:
    from aglod.extraction.people import NAME_LINE, _may_be_name_line

    line = sep.join(words)
    if NAME_LINE.fullmatch(line):
        assert _may_be_name_line(line)


def test_the_name_line_prefilter_drops_prose() -> None:
    from aglod.extraction.people import _may_be_name_line

    assert _may_be_name_line("The Honorable Kirstjen Nielsen")
    assert _may_be_name_line("cc: Jane Q. Public, Jr.")
    assert not _may_be_name_line("Attorney General Ellison joined the coalition today")


def test_a_misspelt_attorney_general_is_the_holder() -> None:
    """ "Elison" in a 2019 Minnesota release is Keith Ellison: printed as the release
    prints it, one official with the correctly spelt one; a given name alone gets the
    full name."""
    f = facts(
        "AG Ellison Sues Acme\n\nFebruary 18, 2019\n\n"
        "SAINT PAUL — Attorney General Keith Ellison today sued Acme Corp. for deceptive "
        "practices that harmed many Minnesota families across the state.\n\n"
        '"We will not stand for it," Attorney General Elison said. Attorney General Keith '
        "added that the office will seek restitution.\n"
    )
    officials = [(p.name, p.family_name, p.jurisdiction) for p in f.people]
    assert officials == [("Keith Ellison", "Ellison", "MN")]


def test_the_graph_says_co_led_where_the_co_leader_is_not_named(tmp_path) -> None:  # type: ignore[no-untyped-def]
    # a real shape: the headline says "leads", the lead "co-led a coalition of 19 state
    # attorneys general", a quote "proud to be leading"; no other leader is named
    from aglod.pipeline.build import assemble
    from aglod.rdf.readback import release_facts
    from aglod.sources.reading import read_releases
    from aglod.validation.shacl import with_context

    (tmp_path / "r.txt").write_text(
        "JUN 11, 2025\n\nAttorney General Alan Wilson leads defense of deployment\n\n"
        "(COLUMBIA, S.C.) - South Carolina Attorney General Alan Wilson co-led a coalition "
        "of 19 state attorneys general in filing a legal brief backing the deployment.\n\n"
        "“I am proud to be leading attorneys general in standing up,” said Attorney "
        "General Wilson.\n",
        encoding="utf-8",
    )
    b = assemble(read_releases([tmp_path / "r.txt"]))
    [built] = b.releases
    [a] = built.facts.actions
    assert a.role == "co-led" and list(a.leads) == ["SC"]
    [record] = release_facts(with_context(built.graph, b.reference))
    assert [x["role"] for x in record["actions"]] == ["co-led"]


@pytest.mark.parametrize(
    ("text", "office", "post"),
    [
        # an undated release: the name held Florida's post (2011-2019) and the federal one
        # (2025-); the release's own office is Florida's
        (
            "Attorney General Bondi's Weekly Briefing\n\nThis week, I joined Attorneys "
            "General from across the country for a meeting in Washington.\n\nPam Bondi\n",
            "FL",
            ("Attorney General", "FL"),
        ),
        # dated while she held the federal post, in another state's release
        (
            "AG Doe Joins Letter\n\nMarch 3, 2025\n\nDENVER, Colo. – Colorado Attorney General "
            "Jane Doe today sent a letter to Attorney General Pam Bondi.\n",
            "CO",
            ("Attorney General", "US"),
        ),
    ],
)
def test_a_name_that_held_a_state_and_a_federal_post(
    text: str, office: str, post: tuple[str, str]
) -> None:
    f = facts(text)
    assert f.office == office
    [bondi] = [p for p in f.people if p.family_name == "Bondi"]
    assert (bondi.post_title, bondi.jurisdiction) == post


def test_states_on_the_other_side_are_no_participants() -> None:
    # a real sentence: "... adds Alaska to the list of amici states supporting Texas in
    # its lawsuit against Pennsylvania, Georgia, Michigan, and Wisconsin"
    f = facts(
        "Alaska Joins Amicus Brief\n\nDecember 10, 2020\n\nANCHORAGE – Attorney General "
        "Clyde Sniffen today filed an amicus brief that adds Alaska to the list of amici "
        "states supporting Texas in its lawsuit against Pennsylvania, Georgia, Michigan, and "
        "Wisconsin.\n"
    )
    [a] = f.actions  # its type is the model's near tie of AmicusBrief and Other here
    assert not {"PA", "GA", "MI", "WI"} & set(a.participants)
    assert "AK" in a.participants


def test_the_issuer_named_in_the_headline_before_a_qualified_co_leader() -> None:
    # the real headline and lead: the issuer named in both, without a state
    f = facts(
        "Attorney General Neronha co-leads coalition suing Trump Administration\n\n"
        "Published on Tuesday, May 13, 2025\n\nAttorney General Peter F. Neronha, California "
        "Attorney General Rob Bonta, and Illinois Attorney General Kwame Raoul, co-leading a "
        "coalition of 20 attorneys general, today filed two separate lawsuits.\n"
    )
    assert f.office == "RI"
    assert f.issuer is not None and f.issuer.name == "Peter F. Neronha"


def test_a_headline_on_the_line_of_its_date() -> None:
    # a real release: "01/25/2017 DOJ Takes Steps To Establish Forensic Facility"; the
    # dateline abbreviates the territory "V.I."; the Attorney General is named later
    f = facts(
        "01/25/2017 DOJ Takes Steps To Establish Forensic Facility\n\n"
        "ST. THOMAS, V.I. – “This is the first time in the history of the Virgin Islands "
        "that the Department of Justice has a facility of this kind.”\n\n"
        "So said Attorney General Claude Earl Walker during brief remarks Wednesday "
        "morning at a ceremony to unveil plans for the Department of Justice’s forensic "
        "facility on St. Thomas.\n"
    )
    assert f.title == "DOJ Takes Steps To Establish Forensic Facility"
    assert f.date == date(2017, 1, 25)
    assert f.office == "VI"


def test_district_attorneys_are_not_the_district_of_columbia() -> None:
    # a real release whose body names "District Attorneys" again and again, never the
    # District of Columbia ("11 District Attorneys Join Justice Efforts")
    path = (
        ROOT
        / "corpus"
        / "dev"
        / "releases"
        / "wi_undated_election-integrity-task-force-expansion.txt"
    )
    [r] = read_releases([path])
    f = extract(r, segment(r))
    assert f.office == "WI"
    assert all("DC" not in a.participants for a in f.actions)


@pytest.mark.parametrize(
    ("lead", "people"),
    [
        # real sentences: a family name with a curly apostrophe; initials with no blank
        # between them; district attorneys named with their post
        (
            "BALTIMORE, MD – Working with Governor Martin O’Malley and the legislature, "
            "Attorney General Douglas F. Gansler fought hard to push forward legislation.",
            {
                ("Martin O’Malley", "Governor", "MD"),
                ("Douglas F. Gansler", "Attorney General", "MD"),
            },
        ),
        (
            "GREEN BAY - Efforts to continue to better assure election integrity expanded "
            "across Wisconsin today with Attorney General J.B. Van Hollen's announcement. "
            "They include Brown County District Attorney John Zakowski.",
            {
                ("J.B. Van Hollen", "Attorney General", "WI"),
                ("John Zakowski", "District Attorney", "WI"),
            },
        ),
    ],
)
def test_names_and_posts_of_officials(lead: str, people: set[tuple[str, str, str]]) -> None:
    f = facts(f"AG Acts\n\nApril 11, 2007\n\n{lead}\n")
    assert {(p.name, p.post_title, p.jurisdiction) for p in f.people} == people


def test_assistant_attorneys_general_are_no_attorneys_general() -> None:
    # a real release's sentence: "Litigation for the State of New Mexico was led by
    # Assistant Attorneys General Brian Moore and Cholla Khoury." (Mike Moore was
    # Mississippi's Attorney General)
    f = facts(
        "AG Balderas Announces Settlement\n\nALBUQUERQUE — New Mexico Attorney General "
        "Hector Balderas announced Monday that he has reached a $32.5 million settlement "
        "with seven financial institutions.\n\nLitigation for the State of New Mexico was "
        "led by Assistant Attorneys General Brian Moore and Cholla Khoury.\n"
    )
    assert {(p.name, p.jurisdiction) for p in f.people} == {("Hector Balderas", "NM")}
    assert [(a.role, a.leads) for a in f.actions] == [("sole", {})]
