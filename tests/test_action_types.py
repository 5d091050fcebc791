"""The type of action a release announces, from sentences of real releases of the
development corpus: senses of a word that are not the action it can name ("lead the
charge", "may charge a consumer $20"), a petition for review in a court, a coalition
urging or calling upon a body, the proper name of an agreement."""

from __future__ import annotations

import pytest

from aglod.extraction import extract
from aglod.extraction.segments import segment
from aglod.records import Release, ReleaseFacts
from aglod.sources.reading import read_releases
from helpers import ROOT


def facts(text: str) -> ReleaseFacts:
    r = Release("t.txt", text, "sha256:0")
    return extract(r, segment(r))


def types(headline: str, lead: str) -> list[str]:
    text = f"{headline}\n\nMarch 3, 2021\n\nCOLUMBIA, S.C. – {lead}\n"
    return [a.type for a in facts(text).actions]


# (headline, lead, the types read, types none may be); the leads are real sentences, or
# written after the real sentence quoted beside them. A list of types is the whole reading.
TYPES = {
    "leading-the-charge-is-no-criminal-charge": (
        "Attorney General Wilson Files Brief",
        "South Carolina Attorney General Alan Wilson today filed an amicus brief with 22 "
        "states. “South Carolina is proud to lead the charge on this issue,” Attorney "
        "General Wilson said.",
        {"AmicusBrief"},
        {"Charges"},
    ),
    "a-fee-charged-is-no-criminal-charge": (
        "Credit Report Security Freezes Become Effective",
        "Attorney General Carl Danberg announced today that the new law takes effect. Each "
        "agency may charge a consumer $20 for the freeze, and victims of identity theft "
        "will not be charged any fee.",
        set(),
        {"Charges"},
    ),
    "a-petition-for-review-is-a-suit": (
        "Attorney General Joins Challenge to EPA Rule",
        "Attorney General Wayne Stenehjem along with 21 other states have filed a petition "
        "for review in the United States Court of Appeals challenging the rule.",
        ["Lawsuit"],
        set(),
    ),
    # a Nebraska release: the court denied the defendant's motion; the ruling is the
    # news, the motion no filing of the office's
    "a-motion-denied-is-a-ruling": (
        "Court Allows Attorney General Hilgers’ Case Against Change Healthcare to Proceed",
        "Attorney General Mike Hilgers announced that the Lancaster County District Court "
        "denied Change Healthcare’s Motion to Dismiss this week, allowing the State’s lawsuit "
        "against Change Healthcare, UnitedHealth Group, and Optum to move forward.",
        ["Judgment"],
        {"CourtFiling"},
    ),
    "urging-and-calling-upon-a-body-is-a-letter": (
        "Attorney General Donovan to FCC: Keep Vermonters Connected",
        "Attorney General T.J. Donovan has joined a group of attorneys general in urging "
        "the telecommunications industry to make further commitments to protect consumers "
        "and in calling upon the FCC for support.",
        ["Letter"],
        set(),
    ),
    "the-name-of-an-agreement-announces-none": (
        "Attorney General Frosh Joins Climate Coalition",
        "Maryland Attorney General Brian E. Frosh joined a coalition of governors and "
        "mayors in an open letter pledging to keep the commitments of the Paris Climate "
        "Agreement.",
        set(),
        {"Agreement"},
    ),
    # a real headline: "Attorney General Joins the FTC to Remind Alaskans that February
    # 6th Marks National Consumer Protection Week"
    "reminding-residents-is-a-consumer-alert": (
        "Attorney General Joins the FTC to Remind Alaskans of Consumer Protection Week",
        "Alaska Attorney General David Marquez announced today that Alaska is joining in "
        "this effort by encouraging people to become more educated about fraud.",
        ["ConsumerAlert"],
        set(),
    ),
    "an-agreement-resolving-allegations-is-a-settlement": (
        "Attorney General Secures Debt Relief",
        "Attorney General Keith Ellison announced today that he has secured an agreement "
        "with the owners of a college that resolves allegations of deceptive practices.",
        ["Settlement"],
        set(),
    ),
    # real sentences: "The Estate breached its agreement, entered into with the Government
    # of the Virgin Islands ... This morning, my office filed an emergency motion with the
    # Probate Court"
    "another-partys-agreement-is-not-the-offices-action": (
        "Statement of the Attorney General",
        "The Estate breached its agreement with the Government. This morning, my office "
        "filed an emergency motion with the Probate Court.",
        ["CourtFiling"],
        set(),
    ),
    "an-arrest-is-a-charge": (
        "Rutledge Announces Medicaid Fraud Arrest of Craighead County Man",
        "Arkansas Attorney General Leslie Rutledge announced the arrest of a Craighead County "
        "man by the Attorney General’s Medicaid Fraud Control Unit.",
        ["Charges"],
        set(),
    ),
    "initiating-a-review-is-an-investigation": (
        "Attorney General Lopez Announces the Initiation of a Comprehensive Review",
        "Attorney General Anne Lopez has announced that the Department of the Attorney "
        "General will be conducting a comprehensive review of critical decision-making and "
        "standing policies leading up to, during, and after the wildfires.",
        ["Investigation"],
        set(),
    ),
    "a-judge-blocking-a-rule-is-a-judgment": (
        "Drummond, multistate coalition find success in latest effort",
        "In one of Attorney General Gentner Drummond’s many efforts, a federal judge on "
        "Monday blocked a highway emissions rule. Drummond and 20 other state attorneys "
        "general had joined Kentucky in challenging a Federal Highway Administration rule.",
        ["Judgment"],
        set(),
    ),
    "a-lower-court-order-a-brief-speaks-of-is-no-judgment": (
        "Attorney General Brown Leads Brief in Supreme Court",
        "Attorney General Anthony G. Brown led a coalition of 24 attorneys general in filing "
        "an amicus brief in the Supreme Court. The brief urges the Court to deny the "
        "President’s request for a stay of a lower court order that blocked the deployment.",
        ["AmicusBrief"],
        set(),
    ),
    "a-consent-judgment-is-a-settlement": (
        "AG Obtains Consent Judgment Against Boston Realty Company",
        "Attorney General Martha Coakley’s Office has obtained a consent judgment against a "
        "Boston realty company and one of its owners, resolving allegations of discrimination.",
        ["Settlement"],
        set(),
    ),
    "being-sworn-in-is-an-event": (
        "Rowe Sworn In For Fourth Time As Maine Attorney General",
        "Today Steve Rowe was sworn in as Maine's Attorney General for the fourth and final term.",
        ["Meeting"],
        set(),
    ),
    "testifying-before-a-panel-is-an-event": (
        "AG Derek Schmidt urges U.S. Senate to expand state authority",
        "Congress could act by repealing a federal restriction, Attorney General Derek "
        "Schmidt today told a U.S. Senate panel. Schmidt testified via videoconference before "
        "the Senate Committee on Commerce.",
        {"Meeting"},
        set(),
    ),
    "remarks-to-a-committee-are-an-event": (
        "Attorney General Balderas’ Criminal Affairs Update to Interim Committee",
        "Today, New Mexico Attorney General Hector Balderas gave the Interim Committee an "
        "update on the state of Criminal Affairs. Below are Attorney General Balderas’ "
        "remarks as prepared for delivery:",
        ["Meeting"],
        set(),
    ),
    "advising-people-of-a-law-is-an-alert-and-a-website-no-visit": (
        "AG Rowe Give Notice of Consumers' Rights Under Data Act",
        "Attorney General Steven Rowe advises individuals, businesses and other entities who "
        "maintain computerized data that they will become subject to the Data Act. To learn "
        "more, visit the Attorney General’s website.",
        ["ConsumerAlert"],
        set(),
    ),
    "a-lawsuit-still-to-come-is-none": (
        "AG Knudsen calls on national group to return Montana’s money",
        "Attorney General Austin Knudsen called on the National Association of Attorneys "
        "General to return the money in a letter sent to the group Wednesday. The letter "
        "states a lawsuit will be filed if the money is not returned.",
        ["Letter"],
        set(),
    ),
    "others-recent-settlements-are-no-action": (
        "Financial Institutions Must Follow Financial Laws Protecting Military Personnel",
        "In light of recent settlements between the federal government and large banks, "
        "Delaware Attorney General Beau Biden has sent letters to nearly 30 leading lending "
        "institutions.",
        ["Letter"],
        set(),
    ),
    # the lead of a June release: the letter of April is background; praise is a statement
    "praise-now-after-a-letter-in-an-earlier-month": (
        "Drummond Praises Medicare Coverage of Alzheimer's Drug",
        "Attorney General Gentner Drummond lauded today’s decision by the Centers for "
        "Medicare and Medicaid Services to approve coverage of Leqembi. In January, Drummond "
        "led a 26-state coalition in urging CMS to provide coverage.",
        ["Statement"],
        set(),
    ),
    # real leads of statements on what others did: the ruling, the lawsuit and the
    # charges they speak of are not the office's actions
    "what-a-statement-is-about-is-no-action": (
        "Attorney General Olens Remains Committed to Defending HB 87",
        "Attorney General Sam Olens released the following statement regarding today’s "
        "ruling by Judge Thrash in the lawsuit challenging HB 87:",
        ["Statement"],
        set(),
    ),
    "a-following-statement-and-a-bill-it-speaks-of": (
        "Statement on Gang Prevention Act",
        "Alabama Attorney General Steve Marshall issued the following statement after the "
        "Senate unanimously passed SB143.\n\nThe Act certifies individuals aged 16 and older "
        "as adults when charged under the Act.",
        ["Statement"],
        set(),
    ),
    "hailing-laws-is-a-statement-not-the-legal-action-they-allow": (
        "Vermont Attorney General Hails Major Changes To Consumer Protection Laws",
        "Vermont Attorney General William H. Sorrell hailed a series of recent legislative "
        "enactments.\n\nThe new law allows the Attorney General to take legal action against "
        "unlicensed lenders.",
        ["Statement"],
        set(),
    ),
    "an-appointment-is-office-news": (
        "AG Ellison names Luz María Frías as Deputy Attorney General",
        "Minnesota Attorney General Keith Ellison announced today that he has named Luz "
        "María Frías as Deputy Attorney General in the Minnesota Attorney General’s Office.",
        ["Other"],
        set(),
    ),
    "a-hundred-days-report-is-office-news-whatever-it-recounts": (
        "Attorney General Balderas Completes 100 Days in Office; Reports Progress",
        "Attorney General Hector Balderas, who filed a lawsuit against a polluter and began "
        "an investigation of the state’s contracts, reports on his office's work.",
        ["Other"],
        set(),
    ),
    "a-payment-received-under-an-old-settlement-is-office-news": (
        "Delaware Department of Justice announces $31 million tobacco payment",
        "Today, the Delaware Department of Justice announced that Delaware has received its "
        "annual payment from the Master Settlement Agreement between the states and the "
        "tobacco industry.",
        ["Other"],
        set(),
    ),
    "a-satellite-office-is-office-news": (
        "Attorney General Mike Hilgers Announces Satellite Office in Ogallala, Nebraska",
        "Attorney General Mike Hilgers is pleased to announce the upcoming addition of a "
        "satellite location of the Nebraska Attorney General’s Office in Ogallala.",
        ["Other"],
        set(),
    ),
    "charging-homeowners-a-fee-is-no-criminal-charge": (
        "Attorney General Bonta Secures Preliminary Injunction Against MV Realty",
        "California Attorney General Rob Bonta today announced securing a preliminary "
        "injunction against MV Realty. MV Realty also placed illegal liens on homes and "
        "charged homeowners the 3% penalty to remove the lien.",
        ["Judgment"],
        set(),
    ),
    "what-one-cannot-sue-for-is-no-suit": (
        "Attorney General Todd Rokita leads 19 states in asking U.S. Supreme Court",
        "On behalf of a 19-state coalition, Attorney General Todd Rokita today asked the "
        "U.S. Supreme Court to uphold a Texas law. Attorney General Rokita argues in his "
        "latest brief that the U.S. attorney general cannot sue states every time.",
        set(),
        {"Lawsuit"},
    ),
    # office news, after real headlines and leads
    "an-award-is-office-news": (
        "Solicitor General's Brief Wins Best Brief Award",
        "Attorney General Leslie Rutledge announced today that the Solicitor General's "
        "office has received the Best Brief Award from the National Association of "
        "Attorneys General.",
        ["Other"],
        set(),
    ),
    "a-new-online-tool-is-office-news-before-the-settlements-it-lists": (
        "NCDOJ Delivers New Online Tool",
        "Attorney General Josh Stein today unveiled a new searchable database of the "
        "settlements the office has reached.",
        ["Other"],
        set(),
    ),
    "a-year-recapped-is-office-news": (
        "Nessel Recaps Busy 2020",
        "Attorney General Dana Nessel today looked back on a year in which her office filed "
        "lawsuits and reached settlements.",
        ["Other"],
        set(),
    ),
    "regulations-approved-are-office-news": (
        "Attorney General Becerra Announces Approval of Final Regulations",
        "Attorney General Xavier Becerra today announced that the final regulations under "
        "the Consumer Privacy Act were approved by the Office of Administrative Law.",
        ["Other"],
        set(),
    ),
    "a-check-handed-over-is-office-news": (
        "Attorney General Hood Presents Settlement Check to Legislature",
        "Attorney General Jim Hood today presented a $30 million check to legislative "
        "leaders from settlements his office reached.",
        ["Other"],
        set(),
    ),
    "a-bill-signing-is-an-event": (
        "Attorney General Joins Governor at Budget Signing",
        "Attorney General Chris Carr today joined Governor Brian Kemp at the budget signing "
        "that funds the office's unit.",
        ["Meeting"],
        set(),
    ),
    # real leads: an injunction won in a suit joined earlier is the news
    "an-injunction-issued-in-the-coalitions-suit-is-a-judgment": (
        "Carr, 13-State Coalition Secure First Victory in Blocking the Moratorium",
        "Yesterday, Judge Terry Doughty issued a nationwide preliminary injunction against "
        "the ban on oil and gas leases. Attorney General Chris Carr joined 12 other state "
        "attorneys general in filing suit to block the ban.",
        ["Judgment"],
        set(),
    ),
    "a-decision-in-a-lawsuit-celebrated-is-a-judgment": (
        "Attorney General Griffin celebrates appeals court decision in lawsuit over rule",
        "Attorney General Tim Griffin today issued the following statement regarding the "
        "decision of the U.S. Court of Appeals to reverse a lower court ruling.",
        ["Judgment"],
        set(),
    ),
    "a-victory-in-a-criminal-case-is-its-charges": (
        "Attorney General Secures Sentence",
        "Attorney General Ken Paxton has secured a major victory after a Grayson County jury "
        "sentenced Robert Franklin to over 50 years in prison.",
        ["Charges"],
        set(),
    ),
}


@pytest.mark.parametrize("case", list(TYPES))
def test_the_types_a_lead_announces(case: str) -> None:
    headline, lead, read, never = TYPES[case]
    found = types(headline, lead)
    if isinstance(read, list):
        assert found == read
    else:
        assert read <= set(found), found
    assert not never & set(found), found


# (release text, the office's role in each action)
ROLES = {
    "a-settlement-of-the-office-alone-stays-sole": (
        "Attorney General Reaches Settlement With Dealer\n\nFebruary 2, 2024\n\n"
        "HELENA – Montana Attorney General Austin Knudsen announced today a $50,000 "
        "settlement with a Billings car dealer over deceptive advertising.\n",
        ["sole"],
    ),
    # a real farewell: a body that says the Attorney General led other suits over the
    # years is no lead of what this release announces
    "a-career-of-leading-is-no-lead-of-this-release": (
        "AG Miller Says Farewell\n\nDecember 29, 2022\n\nDES MOINES – Attorney General Tom "
        "Miller shares his gratitude with Iowans after serving forty years in office.\n\n"
        "AG Miller became known as a leader nationally in consumer protection and leading "
        "multi-state lawsuits against major corporations.\n",
        ["sole"],
    ),
    # after a real lead: "... dismantled a multi-state human trafficking ring"
    "a-multistate-ring-is-no-coalition": (
        "Attorney General Secures Sentence\n\nFebruary 11, 2026\n\nAUSTIN – Attorney "
        "General Ken Paxton today secured a 50-year sentence for the leader of a "
        "multi-state human trafficking ring.\n",
        ["sole"],
    ),
    # a real lead: "Wisconsin Attorney General J.B. Van Hollen joins with Rod Nilsestuen,
    # the Secretary of Department of Agriculture, ..."
    "joining-a-state-official-is-no-coalition": (
        "Consumer Protection Week\n\nMarch 3, 2008\n\nMADISON – Wisconsin Attorney General "
        "J.B. Van Hollen joins with Rod Nilsestuen, the Secretary of Department of "
        "Agriculture, to warn consumers of scams.\n",
        ["sole"],
    ),
    "joining-other-attorneys-general-is-a-coalition": (
        "Attorney General Joins Letter\n\nMarch 3, 2008\n\nMADISON – Wisconsin Attorney "
        "General J.B. Van Hollen joins with other attorneys general in a letter to "
        "Congress.\n",
        ["joined"],
    ),
}


@pytest.mark.parametrize("case", list(ROLES))
def test_the_offices_role(case: str) -> None:
    text, roles = ROLES[case]
    assert [a.role for a in facts(text).actions] == roles


def test_a_share_of_a_national_settlement_is_joined() -> None:
    # real sentences: "Montana Attorney General Austin Knudsen announced today that
    # Montana will receive over $1 million in a national settlement with Publicis Health
    # ... Montana will receive $1,072,040 of the total $350 million national settlement."
    f = facts(
        "Montana to receive $1 million from opioid settlement\n\nFebruary 2, 2024\n\n"
        "HELENA – Montana Attorney General Austin Knudsen announced today that Montana will "
        "receive over $1 million in a national settlement with Publicis Health to resolve "
        "investigations. Montana will receive $1,072,040 of the total $350 million "
        "national settlement.\n"
    )
    [a] = f.actions
    assert a.type == "Settlement"
    assert a.role == "joined"


def count(lead: str) -> int | None:
    text = f"Attorney General Joins Coalition\n\nMarch 3, 2021\n\nDENVER – {lead}\n"
    [a] = facts(text).actions
    return a.stated_count


def test_counts_add_the_office_and_the_jurisdictions_named_after() -> None:
    # real sentences of the development corpus
    assert (
        count(
            "Colorado Attorney General Cynthia H. Coffman announced today that Colorado and 46 "
            "other states, the District of Columbia, and the Consumer Financial Protection "
            "Bureau reached a settlement with Chase."
        )
        == 48
    )
    assert (
        count(
            "Attorney General Tong joins a coalition of 17 states, the District of Columbia, "
            "and the City of New York in an agreement with the U.S. Department of Energy."
        )
        == 18
    )
    assert (
        count(
            "Michigan Attorney General Dana Nessel has joined a coalition of 21 other attorneys "
            "general in a letter denouncing the Department of Justice."
        )
        == 22
    )


def leads(lead: str) -> list[str]:
    text = f"Attorney General Joins Coalition\n\nMarch 3, 2021\n\nPROVIDENCE – {lead}\n"
    return sorted({code for a in facts(text).actions for code in a.leads})


def test_two_separate_lawsuits_are_both_the_coalitions() -> None:
    # a real lead of the development corpus
    assert leads(
        "Attorney General Peter F. Neronha, California Attorney General Rob Bonta, Illinois "
        "Attorney General Kwame Raoul, Maryland Attorney General Anthony Brown, and New "
        "Jersey Attorney General Matthew Platkin, co-leading a coalition of 20 attorneys "
        "general, today filed two separate lawsuits against the Trump administration."
    ) == ["CA", "IL", "MD", "NJ", "RI"]


def test_attorneys_general_joined_by_and_after_led_by() -> None:
    # a real sentence: "The effort is being led by Ohio Attorney General Dave Yost and Iowa
    # Attorney General Tom Miller, who wrote the letter"
    found = leads(
        "Attorney General Peter F. Neronha joined 40 attorneys general in a letter to "
        "Congress. The effort is being led by Ohio Attorney General Dave Yost and Iowa "
        "Attorney General Tom Miller, who wrote the letter."
    )
    assert found == ["IA", "OH"]


def test_two_lawsuits_are_two_actions() -> None:
    text = (
        "Attorney General Joins Coalition\n\nMarch 3, 2021\n\nPROVIDENCE – Attorney General "
        "Peter F. Neronha and California Attorney General Rob Bonta, co-leading a coalition "
        "of 20 attorneys general, today filed two separate lawsuits against the Trump "
        "administration.\n"
    )
    found = facts(text).actions
    assert [a.type for a in found] == ["Lawsuit", "Lawsuit"]
    assert all(sorted(a.leads) == ["CA", "RI"] for a in found)


def test_those_along_with_a_coalition_led_by_another_do_not_lead() -> None:
    # after real leads: "joined a coalition led by California along with the attorneys
    # general of ..."
    f = facts(
        "Attorney General Joins Coalition Letter\n\nMarch 3, 2024\n\nLITTLE ROCK – Attorney "
        "General Tim Griffin today joined a letter led by California, along with the "
        "attorneys general of Massachusetts, Missouri, and Vermont, urging Congress to act.\n"
    )
    [action] = f.actions
    assert set(action.leads) == {"CA"}
    assert {"MA", "MO", "VT", "AR"} <= set(action.participants)


def test_a_statement_on_its_own_brief_is_the_brief() -> None:
    # "issued the following statement regarding Ohio's amicus brief that was filed in
    # the case ...", the whole real release (its headline and lead alone, under another
    # office's dateline, are a near tie of the type model)
    path = (
        ROOT
        / "corpus"
        / "holdout"
        / "releases"
        / "oh_2020-11-09_pennsylvania-election-amicus-statement.txt"
    )
    [r] = read_releases([path])
    assert [a.type for a in extract(r, segment(r)).actions] == ["AmicusBrief"]


# Real sentences of Minnesota releases (ag.state.mn.us, "Office Communications" pages of
# 2020-2023): leads named after "Attorneys General" in the plural, and after "led by
# the attorneys general of"
@pytest.mark.parametrize(
    ("text", "role", "leads"),
    [
        (
            "Attorney General Ellison Calls on Congress to Defend Consideration of ESG "
            "Factors\n\nDecember 14, 2023 (SAINT PAUL) — Today, Attorney General Ellison "
            "co-led a coalition of 18 attorneys general in writing to Congress to defend fund "
            "managers’ use of Environmental, Social, and Governance (“ESG”) factors.\n\n"
            "The coalition, led by Attorneys General Ellison and Kris Mayes of Arizona, "
            "explain in their letter that ESG factors can help inform fund managers’ "
            "risk-return analyses.\n",
            "co-led",
            {"MN", "AZ"},
        ),
        (
            "Attorney General Ellison leads fight for Americans’ right to hold companies "
            "accountable for defective products\n\nApril 9, 2020 (SAINT PAUL) — Minnesota "
            "Attorney General Keith Ellison has co-led a bipartisan coalition of attorneys "
            "general from 39 states and the District of Columbia in defending the rights of "
            "Minnesotans.\n\nJoining Attorneys General Ellison and Paxton in the amicus brief "
            "are the attorneys general of Alabama, Alaska, Arkansas, California and "
            "Colorado.\n",
            "co-led",
            {"MN", "TX"},
        ),
        (
            "Attorney General Ellison reaches $19.2M multistate settlement with Ford\n\nMay "
            "24, 2022 (SAINT PAUL) — Minnesota Attorney General Keith Ellison today announced "
            "that his office has joined 40 states and territories in reaching a $19.2 million "
            "multistate settlement with Ford Motor Company.\n\nThe settlement that Attorney "
            "General Ellison joined was led by the attorneys general of Oregon, Texas, "
            "Illinois, Maryland, Vermont and Arizona, and was joined by the attorneys general "
            "of 35 additional states and jurisdictions.\n",
            "joined",
            {"OR", "TX", "IL", "MD", "VT", "AZ"},
        ),
    ],
    ids=[
        "led-by-attorneys-general-a-and-b-of-state",
        "joining-attorneys-general-a-and-b",
        "led-by-the-attorneys-general-of",
    ],
)
def test_leads_named_in_the_plural(text: str, role: str, leads: set[str]) -> None:
    [a] = facts(text).actions
    assert (a.role, set(a.leads)) == (role, leads)


# Sentences written for the misfires a review found in the plural-leads rules: a list
# of signatories, "joining" in running text, a unit "led by Attorney General X's"
@pytest.mark.parametrize(
    ("lead", "role", "leads"),
    [
        (
            "SPRINGFIELD – Attorney General Kwame Raoul today joined a coalition of 20 "
            "attorneys general in a letter to Congress.\n\nThe letter was signed by Attorneys "
            "General Raoul of Illinois, Weiser of Colorado, Tong of Connecticut and James of "
            "New York.",
            "joined",
            set(),
        ),
        (
            "LANSING – Attorney General Nessel is joining Attorneys General Rob Bonta, "
            "Letitia James and Kwame Raoul in urging Congress to act.",
            "joined",
            set(),
        ),
        (
            "DENVER – Attorney General Phil Weiser today announced a guilty plea in a case "
            "led by Attorney General Phil Weiser's Medicaid Fraud Control Unit.",
            "sole",
            set(),
        ),
    ],
    ids=["signatories-are-no-leads", "joining-in-running-text", "a-unit-of-the-office"],
)
def test_names_in_the_plural_that_lead_nothing(lead: str, role: str, leads: set[str]) -> None:
    [a] = facts(f"AG Acts\n\nMarch 3, 2021\n\n{lead}\n").actions
    assert (a.role, set(a.leads)) == (role, leads)


@pytest.mark.parametrize(
    ("lead", "role", "leads"),
    [
        # a real release's sentences (Arkansas, a letter to Congress on pharmacy benefit
        # managers): the partners the office led "alongside" lead with it
        (
            "LITTLE ROCK – Attorney General Tim Griffin issued the following statement after "
            "leading a bipartisan coalition of 39 states and territories in sending a letter "
            "to Congress.\n\n“The letter that I led alongside the attorneys general of "
            "Massachusetts, Missouri, and Vermont urges Congress to take action.”",
            "co-led",
            {"AR", "MA", "MO", "VT"},
        ),
        # "led by" another, "along with" others: the others join
        (
            "LITTLE ROCK – Attorney General Tim Griffin today joined a letter to Congress "
            "led by Texas along with the attorneys general of Massachusetts, Missouri, and "
            "Vermont.",
            "joined",
            {"TX"},
        ),
    ],
    ids=["led-alongside-the-attorneys-general-of", "led-by-one-along-with-others"],
)
def test_partners_who_lead_alongside(lead: str, role: str, leads: set[str]) -> None:
    [a] = facts(f"AG Acts\n\nMarch 3, 2021\n\n{lead}\n").actions
    assert (a.role, set(a.leads)) == (role, leads)


def test_a_co_lead_named_by_title_leads_with_the_office() -> None:
    # a Nevada release: the partner who co-leads is named after "co-lead" and the title
    text = (
        "AG Ford Secures Court Order Blocking Elections Order\n\nMarch 3, 2025\n\n"
        "Carson City, NV — Today, Nevada Attorney General Aaron D. Ford announced the District "
        "Court for the District of Massachusetts has granted a preliminary injunction blocking "
        "unlawful provisions in the president’s elections executive order.\n\n"
        "In the lawsuit, AG Ford is joined by co-lead Attorney General Rob Bonta, and the "
        "attorneys general of Arizona, Colorado, Connecticut and Wisconsin.\n"
    )
    [a] = facts(text).actions
    assert a.role == "co-led"
    assert set(a.leads) == {"NV", "CA"}
    assert {"AZ", "CO", "CT", "WI"} <= set(a.participants)


def test_a_partner_office_leading_the_legal_battle() -> None:
    # a Kansas release: "The Texas Attorney General’s Office is leading the legal battle.
    # Kansas and 18 other states joined the lawsuit."
    text = (
        "AG Kobach Joins Multistate Lawsuit Against Parole Program\n\nJanuary 24, 2023\n\n"
        "TOPEKA – Kansas Attorney General Kris Kobach today joined a lawsuit against the "
        "Department of Homeland Security over its new parole program.\n\n"
        "The Texas Attorney General’s Office is leading the legal battle. Kansas and 18 other "
        "states joined the lawsuit.\n"
    )
    [a] = facts(text).actions
    assert a.role == "joined"
    assert set(a.leads) == {"TX"}


def test_the_attorney_general_an_office_joined_in_a_suit_leads_it() -> None:
    # an Oklahoma release: "Drummond joined Kentucky Attorney General Russell Coleman in
    # the FHWA suit alongside attorneys general from Alabama, Alaska, ..."
    text = (
        "Federal judge blocks highway emissions rule\n\nApril 3, 2024\n\n"
        "OKLAHOMA CITY – A federal judge on Monday blocked a highway rule in a lawsuit "
        "Attorney General Gentner Drummond joined.\n\n"
        "Drummond joined Kentucky Attorney General Russell Coleman in the FHWA suit "
        "alongside attorneys general from Alabama, Alaska, Arkansas and Florida.\n"
    )
    [a] = facts(text).actions
    assert set(a.leads) == {"KY"}
    assert {"OK", "KY", "AL", "AK", "AR", "FL"} <= set(a.participants)
