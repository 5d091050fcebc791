from __future__ import annotations

from pathlib import Path

import pytest

from aglod.extraction.segments import segment
from aglod.records import Release
from aglod.sources.inputs import read_text_release
from helpers import CORPUS


def _seg(text: str):
    return segment(Release("t.txt", text, "sha256:0"))


def test_header_headline_date_contact_dateline() -> None:
    text = (
        "\n\nFOR IMMEDIATE RELEASE:\n\nContact: Pat Doe\n\nAugust 10, 2018\n\n(505) 555-0100\n\n"
        "AG Smith Joins 22 AG's in Demanding Action\n\nA dek line under the headline\n\n"
        "Albuquerque, NM – Today, Attorney General Jane Smith joined a coalition of 22 "
        "state attorneys general in sending a letter to the agency.\n\nMore text.\n\n###\n"
    )
    s = _seg(text)
    assert s.headline and s.headline.quote == "AG Smith Joins 22 AG's in Demanding Action"
    assert s.date and s.date.quote == "August 10, 2018"
    assert s.dateline and s.dateline.quote == "Albuquerque"
    assert s.dateline_state and s.dateline_state.quote == "NM"
    name, phone, email = s.contacts[0]
    assert name and name.quote == "Pat Doe"
    assert phone and phone.quote == "(505) 555-0100"
    assert email is None
    assert s.lead and s.lead.quote.startswith("Albuquerque, NM – Today")
    assert s.attachments is None
    assert s.body.quote.endswith("More text.")


@pytest.mark.parametrize(
    "opening, city",
    [
        ("February 18, 2019 (SAINT PAUL) — Attorney General", "SAINT PAUL"),
        ("OAKLAND — California Attorney General", "OAKLAND"),
        ("HARRISBURG – Attorney General", "HARRISBURG"),
        ("Las Cruces, NM – Today, New Mexico Attorney General", "Las Cruces"),
        ("AUSTIN, Texas — Attorney General", "AUSTIN"),
    ],
)
def test_dateline_styles(opening: str, city: str) -> None:
    text = f"Press Release\n\nSome Headline Here\n\n{opening} announced a lawsuit against a company today."
    s = _seg(text)
    assert s.dateline is not None and s.dateline.quote == city
    assert s.headline and s.headline.quote == "Some Headline Here"


def test_offsets_point_into_the_text() -> None:
    for path in sorted(Path(CORPUS).glob("*.txt")):
        r = read_text_release(path)
        s = segment(r)
        for span in [s.headline, s.date, s.dateline, s.lead, s.body, s.attachments, *s.paragraphs]:
            if span is not None:
                assert r.text[span.start : span.end] == span.quote, path.name


def test_end_marker_separates_attachment() -> None:
    s = _seg(
        "Headline of it\n\nSANTA FE – The Attorney General sent a letter to the agency "
        "today about the rule.\n\n#\n\nSTATE OF NEW MEXICO\nHonorable Someone\n"
    )
    assert s.attachments is not None and s.attachments.quote.startswith("STATE OF NEW MEXICO")
    assert "STATE OF" not in s.body.quote


def test_undated_release_has_no_date() -> None:
    r = read_text_release(CORPUS / "nm_undated_border-visit-family-separation-motion.txt")
    s = segment(r)
    assert s.date is None
    assert s.dateline is not None and s.dateline.quote == "Sunland Park"


def test_kicker_over_the_headline_is_skipped() -> None:
    s = _seg(
        "CONSUMER PROTECTION\nAttorney General Sues Robocall Company Over Illegal Calls\n\n"
        "(PORTLAND, Ore.) — Attorney General Jane Doe today sued a robocall company for "
        "millions of illegal calls to Oregon residents.\n"
    )
    assert (
        s.headline
        and s.headline.quote == "Attorney General Sues Robocall Company Over Illegal Calls"
    )
    assert s.dateline and s.dateline.quote == "PORTLAND"
    assert s.dateline_state and s.dateline_state.quote == "Ore."


def test_short_all_caps_headline_alone_is_kept() -> None:
    s = _seg(
        "AG SUES GOOGLE\n\nAUSTIN — Attorney General Ken Paxton sued Google today in state court over ads.\n"
    )
    assert s.headline and s.headline.quote == "AG SUES GOOGLE"


# Header lines that name the office or its press contact, not the news; the shapes are
# those of real releases of the development corpus (names and numbers changed).
@pytest.mark.parametrize(
    ("header", "headline"),
    [
        (
            "New Hampshire Department of Justice\n\nAttorney General Announces Settlements",
            "Attorney General Announces Settlements",
        ),
        (
            "OFFICE OF THE ATTORNEY GENERAL\nPATRICK DOE\nPhone: 304-555-0100\n\n"
            "Attorney General Doe Announces Settlements",
            "Attorney General Doe Announces Settlements",
        ),
        (
            "Michael S. Roe, Director of Communications\n\nStatement on Senate Bill 591",
            "Statement on Senate Bill 591",
        ),
        (
            "For More Information, contact: Jane Doe (334) 555-0100\n\nAG Doe Files Appeal",
            "AG Doe Files Appeal",
        ),
        ("Page 1 of 1\n\nAG Doe Files Appeal", "AG Doe Files Appeal"),
        (
            "02/11/2020 Statement by the Attorney General on the victims’ compensation fund",
            "Statement by the Attorney General on the victims’ compensation fund",
        ),
        (
            "Consumer Alert Program Celebrates Two-Year Anniversary\nRelease Date\n"
            "Mar 3, 2021\nContact\nJane Doe",
            "Consumer Alert Program Celebrates Two-Year Anniversary",
        ),
        (
            "OFFICE OF THE ATTORNEY GENERAL\nJane Doe, Attorney General\n100 N. Carson Street\n"
            "Carson City, Nevada 89701-4717\nTelephone - (775) 555-0100\n"
            "Web - http://ag.state.example.us\n\n"
            "ATTORNEY GENERAL DOE ANNOUNCES SETTLEMENT IN BREACH OF TOBACCO AGREEMENT\n"
            "Settlement Ends Illegal Distribution of Branded Merchandise",
            "ATTORNEY GENERAL DOE ANNOUNCES SETTLEMENT IN BREACH OF TOBACCO AGREEMENT",
        ),
        (
            "Arizona Office of Attorney General\n\nAttorney General Doe Supports New Rules",
            "Attorney General Doe Supports New Rules",
        ),
        (
            "Georgia Department of Law, from the office of Jane S. Doe, Attorney General\n\n"
            "Attorney General Doe Remains Committed to Defending HB 87",
            "Attorney General Doe Remains Committed to Defending HB 87",
        ),
        (
            "Twitter @AGDoe\n\nStatement from Attorney General Doe",
            "Statement from Attorney General Doe",
        ),
        (
            "AG Doe's Supreme Court Amicus Brief Wins National Award\nTeam of lawyers receive "
            "honors for work on health care reform case",
            "AG Doe's Supreme Court Amicus Brief Wins National Award",
        ),
        (  # a masthead whose words ran together when the page was printed as text
            "New HampshireDepartment of JusticeOffice of the Attorney General\n\n"
            "News Release\n\nConclusion of the Review of Conduct at the Meeting",
            "Conclusion of the Review of Conduct at the Meeting",
        ),
        (  # a headline in title case that names a date (New Hampshire)
            "Contact:\nDan Jim, Assistant Attorney General\n\nConclusion of the Review of "
            "Conduct at the September 29, 2021, Governor and Executive Council Meeting",
            "Conclusion of the Review of Conduct at the September 29, 2021, Governor and "
            "Executive Council Meeting",
        ),
        (  # an address hidden by the page, on the contact's line (Michigan)
            "Media Contact:\nDan Wim <[email protected]>\n\n"
            "Attorney General Nessel Joins Coalition in Opposing Rescission",
            "Attorney General Nessel Joins Coalition in Opposing Rescission",
        ),
        (  # the Attorney General's name over the date (Connecticut)
            "Attorney General William Tong\n\n01/17/2019\n\n"
            "New Haven Behavioral Health Provider Agrees to Settlement",
            "New Haven Behavioral Health Provider Agrees to Settlement",
        ),
        (  # a label and the office's name on one line (North Dakota)
            "News Release - Office of Attorney General\nContact: Liz Brock (701) 555-2210\n"
            "_______________________________________________\n\nJanuary 20, 2010\n\n"
            "STENEHJEM RELEASES 2009 TOP TEN CONSUMER COMPLAINTS",
            "STENEHJEM RELEASES 2009 TOP TEN CONSUMER COMPLAINTS",
        ),
        (  # the office's own label with its Attorney General's name (Florida)
            "Attorney General Pam Bondi News Release\n\nMarch 7, 2014\n\n"
            "Attorney General Pam Bondi Offers Tips for National Consumer Protection Week",
            "Attorney General Pam Bondi Offers Tips for National Consumer Protection Week",
        ),
        (  # a headline over its lead with no blank line between them (Texas)
            "Texas Attorney General Announced Multi-State Settlement with Moneygram; Company "
            "will pay millions in restitution\nTexas Attorney General Ken Paxton today announced "
            "a settlement with Dallas-based MoneyGram Payment Systems, Inc., resolving a "
            "multistate investigation focused on MoneyGram’s role in transferring money.",
            "Texas Attorney General Announced Multi-State Settlement with Moneygram; Company "
            "will pay millions in restitution",
        ),
        (  # a New Hampshire release's second contact, over its headline
            "Contact:\nKay Giaq, Director of Communications\nkay.giaq@doj.example.gov | "
            "603-555-6103\n\nJim T. Boff, Associate Attorney General\n"
            "Jim.t.boff@doj.example.gov | (603) 555-0302\n\n"
            "New Hampshire to Join $21 Billion National Opioid Settlement",
            "New Hampshire to Join $21 Billion National Opioid Settlement",
        ),
        (
            "27 Mar ATTORNEY GENERAL DOE URGES CONSUMERS TO CHECK ELIGIBILITY",
            "ATTORNEY GENERAL DOE URGES CONSUMERS TO CHECK ELIGIBILITY",
        ),
        (
            "Attorney General Doe Sues Three Companies Over Deceptive\nMarketing of Vaping "
            "Products to Children",
            "Attorney General Doe Sues Three Companies Over Deceptive\nMarketing of Vaping "
            "Products to Children",
        ),
    ],
)
def test_headline_is_not_a_masthead_contact_or_date(header: str, headline: str) -> None:
    s = _seg(
        header + "\n\nCONCORD, NH – Attorney General John Doe announced today a settlement "
        "with a company over deceptive advertising in the state.\n"
    )
    assert s.headline is not None and s.headline.quote == headline


def test_a_release_that_opens_on_its_lead_has_no_headline() -> None:
    s = _seg(
        "CHARLESTON, W.Va. – Attorney General Patrick Morrisey issued the following "
        "statement today regarding the U.S. Supreme Court’s ruling that struck down state "
        "same-sex marriage bans.\n\n“I am disappointed,” Attorney General Morrisey said.\n"
    )
    assert s.headline is None


def test_a_kicker_with_a_dash_is_no_dateline() -> None:
    s = _seg(
        "News Release\n\nCONSUMER ALERT- Attorney General Pruitt Warns of Phony Lottery "
        "Scam\n\nOKLAHOMA CITY – Attorney General Scott Pruitt Wednesday issued a consumer "
        "alert to warn Oklahomans about a fraudulent lottery scheme.\n"
    )
    assert s.headline is not None
    assert s.headline.quote == "CONSUMER ALERT- Attorney General Pruitt Warns of Phony Lottery Scam"


_HEAD = "Headline About A Settlement\n\nMarch 3, 2021\n\n"
_LEAD = (
    "SPRINGFIELD – Attorney General Pat Roe today announced a settlement with a company.\n\n"
    "More text about the settlement follows here.\n"
)
# The ways offices print their press contacts, before the lead or after the release;
# the shapes are those of real releases, the names and numbers made up
CONTACT_SHAPES = {
    "label-name-pipe-phone": (
        _HEAD + "Media Contact: Jane Smith | 717-555-0144\n\n" + _LEAD,
        [("Jane Smith", "717-555-0144")],
    ),
    "name-then-its-phones-and-email-on-lines-of-their-own": (
        _HEAD + _LEAD + "\nContact: Ann Tomson\n312-555-0118\n877-555-0161 (TTY)\n"
        "ann.tomson@ag.example.gov\n",
        [("Ann Tomson", "312-555-0118")],
    ),
    "label-in-a-paragraph-of-its-own-after-the-end-mark": (
        _HEAD + _LEAD + "\n-30-\n\nMedia Contact:\n\nBree Ahl, Communications Director, "
        "(360) 555-0127; bree.ahl@ag.example.gov\n",
        [("Bree Ahl", "(360) 555-0127")],
    ),
    "label-then-name-email-phone-lines": (
        _HEAD + "Media Contact:\nKris Edmund\nkris.edmund@doj.example.us\n503-555-0102\n\n" + _LEAD,
        [("Kris Edmund", "503-555-0102")],
    ),
    "for-more-information-contact-name-title-phone": (
        _HEAD + _LEAD + "\n-30-\n\nFor More Information, Contact: Toni Mann, Communications "
        "Director, 605-555-0115\n",
        [("Toni Mann", "605-555-0115")],
    ),
    "two-contacts-a-line-each": (
        _HEAD + "Contact: Mary Compt, 573-555-0190\nKate Jonas, 573-555-0191\n\n" + _LEAD,
        [("Mary Compt", "573-555-0190"), ("Kate Jonas", "573-555-0191")],
    ),
    "contacts-told-in-sentences-after-the-end-mark": (
        _HEAD + _LEAD + "# # #\nDepartment Media Contacts: Communications Director Pat Sulli "
        "at pat.sulli@ag.example.gov or (907) 555-6368. Information Officer Sam Curt at "
        "sam.curt@ag.example.gov or (907) 555-6269.\n",
        [("Pat Sulli", "(907) 555-6368"), ("Sam Curt", "(907) 555-6269")],
    ),
    "name-title-and-phone-apart-after-the-end-mark": (
        _HEAD + _LEAD + "\n# # #\n\nFor more information, contact:\n\nJosh A. Wish\n\n"
        "Special Assistant to the Attorney General\n\n(808) 555-1284\n\n"
        "Web: https://ag.example.gov\n",
        [("Josh A. Wish", "(808) 555-1284")],
    ),
    "a-cell-phone-marked-c": (
        "Media Contacts:\n\nCora Cove\n(c) 517-555-1560\n\n" + _HEAD + _LEAD,
        [("Cora Cove", "517-555-1560")],
    ),
    "three-contacts-with-titles-in-blocks-apart": (
        "News Release\n\nFor Immediate Release\nJune 7, 2022\n\nContact:\n"
        "Mike S. Garr, Director of Communications\nmike.s.garr@doj.example.gov | (603) 555-9375"
        "\n\nTim Sull, Senior Assistant Attorney General\nTim.Sull@doj.example.gov / "
        "(603) 555-3671\n\nHeadline About A Review\n\n" + _LEAD,
        [("Mike S. Garr", "(603) 555-9375"), ("Tim Sull", "(603) 555-3671")],
    ),
    "name-and-job-title-above-a-phone-at-the-end": (
        _HEAD + _LEAD + "\nFebruary 4, 2021\nSandra Goom\nMedia Relations Director\n"
        "(340)555-5666 ext. 10105\n",
        [("Sandra Goom", "(340)555-5666 ext. 10105")],
    ),
    "an-address-above-a-phone-is-no-contact": (
        _HEAD + _LEAD + "\nOffice of the Attorney General\n\n445 Main Street, Suite 600\n\n"
        "St. Paul, MN 55101\n\n(651) 555-3353 (Twin Cities Calling Area)\n",
        [],
    ),
    "label-then-a-sentence-asking-to-contact-a-name": (
        _HEAD + _LEAD + "\nMedia Contact\n\nFor media inquiries please contact Rob Kit, or "
        "803-555-3670\n",
        [("Rob Kit", "803-555-3670")],
    ),
    "an-associate-attorney-general-as-the-second-contact": (
        "News Release\n\nFor Immediate Release\nSeptember 28, 2021\n\nContact:\n"
        "Kay Giaq, Director of Communications\nkay.giaq@doj.example.gov | 603-555-6103\n\n"
        "Jim T. Boff, Associate Attorney General\nJim.t.boff@doj.example.gov | (603) 555-0302"
        "\n\nHeadline About A Settlement\n\n" + _LEAD,
        [("Kay Giaq", "603-555-6103"), ("Jim T. Boff", "(603) 555-0302")],
    ),
    "an-address-the-page-hid": (  # a Michigan page printed as text
        "FOR IMMEDIATE RELEASE:\nSeptember 23, 2025\n\nMedia Contact:\n"
        "Dan Wim <[email protected]>\n\nAttorney General Doe Joins Coalition\n\n" + _LEAD,
        [("Dan Wim", None)],
    ),
    "a-label-without-a-colon-then-a-title-and-a-name": (  # a Georgia release's end
        _HEAD + _LEAD + "\nContact\n\nCommunications Director Kara Rich\n",
        [("Kara Rich", None)],
    ),
    "a-name-alone-after-the-label": (
        _HEAD + _LEAD + "\n###\n\nFor More Information:\n\nJen Grun\n\njen.grun@ag.example.gov\n",
        [("Jen Grun", None)],
    ),
}


@pytest.mark.parametrize("shape", list(CONTACT_SHAPES))
def test_press_contacts_as_offices_print_them(shape: str) -> None:
    text, expected = CONTACT_SHAPES[shape]
    found = [(n.quote if n else None, p.quote if p else None) for n, p, _e in _seg(text).contacts]
    assert found == expected


def test_a_lead_with_no_blank_line_under_the_headline() -> None:
    # a real release's page as its text was printed, lines wrapped, no blank lines:
    # the lead opens on the line after the headline's last one
    text = (
        "August 11, 2015\n\n"
        "ATTORNEY GENERAL STRANGE JOINS LEGAL CHALLENGE OVER EPA’s\n"
        "REJECTION OF STATE PLANS CONTROLLING CARBON EMISSIONS DURING\n"
        "POWER PLANT STARTUPS, SHUTDOWNS\n"
        "(MONTGOMERY) – Attorney General Luther Strange announced today that Alabama\n"
        "has joined 16 other states in a legal action against the Environmental Protection Agency\n"
        "for illegally invalidating the individual air quality protection plans in those states.\n"
    )
    s = _seg(text)
    assert s.headline and s.headline.quote.endswith("POWER PLANT STARTUPS, SHUTDOWNS")
    assert s.dateline and s.dateline.quote == "MONTGOMERY"
    assert s.lead and s.lead.quote.startswith("(MONTGOMERY) – Attorney General")
    assert "has joined 16 other states" in s.body.quote


def test_a_lead_that_ends_on_a_colon_opens_the_statement_below_it() -> None:
    # a real release: the lead says whose statement follows and why, and ends on a colon
    text = (
        "Statement From AG Jennings On McGuiness Verdict\n\n"
        "Department of Justice | Department of Justice Press Releases | News | Date Posted: "
        "Friday, July 1, 2022\n\n"
        "Attorney General Kathy Jennings released the following statement today after a jury "
        "convicted State Auditor Kathleen McGuiness of Official Misconduct, Structuring, and "
        "Conflict of Interest:\n\n"
        "“From the moment I took office, I promised that no one would be either above the law "
        "or beneath justice. Today’s guilty verdict confirmed that.”\n"
    )
    s = _seg(text)
    assert s.lead and s.lead.quote.startswith("Attorney General Kathy Jennings released")
    assert s.date and s.date.quote == "Friday, July 1, 2022"
    assert len(s.paragraphs) == 2


@pytest.mark.parametrize(
    "lines, headline, city",
    [
        # a headline wrapped at a hyphenated word in capitals: no dateline "MULTI"
        (
            "ATTORNEY GENERAL LUTHER STRANGE ANNOUNCES ALABAMA JOINS\n"
            "MULTI-STATE LAWSUIT TO HALT EPA’S FLAWED CLEAN POWER PLAN\n"
            "(MONTGOMERY) – Attorney General Luther Strange announced today that Alabama and 23\n"
            "other states have filed a federal lawsuit.\n",
            "ATTORNEY GENERAL LUTHER STRANGE ANNOUNCES ALABAMA JOINS\n"
            "MULTI-STATE LAWSUIT TO HALT EPA’S FLAWED CLEAN POWER PLAN",
            "MONTGOMERY",
        ),
        # a hyphen before the lead's first word is the dateline's dash
        (
            "Attorney General Brenna Bird Joins Fight for Women and Girls\n\n"
            "DES MOINES-Today, Attorney General Brenna Bird announced that she joined 28 "
            "states and territories in continuing the fight.\n",
            "Attorney General Brenna Bird Joins Fight for Women and Girls",
            "DES MOINES",
        ),
    ],
)
def test_a_hyphen_in_a_capitalised_word_is_no_dateline_dash(
    lines: str, headline: str, city: str
) -> None:
    s = _seg(lines)
    assert s.headline and s.headline.quote == headline
    assert s.dateline and s.dateline.quote == city


def test_a_contact_label_ending_on_contact_and_its_names() -> None:
    # a real header: "For press inquiries only, contact:" over two "Name (phone)" lines
    s = _seg(
        "For Immediate Release:\nApril 2, 2025\n\nFor press inquiries only, contact:\n"
        "Amanda Priest (334) 322-5694\nWilliam Califf (334) 604-3230\n\n"
        "(Montgomery, Ala.) – Alabama Attorney General Steve Marshall joined a 27-state "
        "brief in the U.S. Supreme Court defending the Trump administration.\n"
    )
    assert s.headline is None
    assert [(n.quote if n else None) for n, _p, _e in s.contacts] == [
        "Amanda Priest",
        "William Califf",
    ]


def test_a_contact_label_without_a_colon_is_no_name() -> None:
    # a real header: "Contact Bob Brammer 515-281-6699 or rbrammer@ag.state.ia.us."
    s = _seg(
        "For immediate release Wednesday, July 1, 2009.\n"
        "Contact Bob Brammer 515-281-6699 or rbrammer@ag.state.ia.us.\n\n"
        "Consumer Private Right of Action: What Consumers Need to Know\n\n"
        "Des Moines. Attorney General Tom Miller hailed the new law taking effect July 1 "
        "and urged consumers to know and use the new law.\n"
    )
    [(name, phone, _email)] = s.contacts
    assert name is not None and name.quote == "Bob Brammer"
    assert phone is not None and phone.quote == "515-281-6699"


def test_a_masthead_with_names_titles_and_contact_labels_over_the_headline() -> None:
    # a real header of a New Jersey release
    s = _seg(
        "For Immediate Release: For Further Information:\nFebruary 18, 2015\n\n"
        "Office of The Attorney General\n- John J. Hoffman, Acting Attorney General\n"
        "Division of Law\n- Jeffrey S. Jacobson, Director\nMedia Inquiries-\nLee Moore\n"
        "609-292-4791\n\nCitizen Inquiries-\n609-984-5828\n\n"
        "Division of Law Efforts Brought in More Than $346 Million In Settlements and "
        "Judgments in 2014\n\nTRENTON – Acting Attorney General John J. Hoffman announced "
        "today that the Division of Law obtained litigation settlements and judgments.\n"
    )
    assert s.headline is not None
    assert s.headline.quote.startswith("Division of Law Efforts Brought")


@pytest.mark.parametrize(
    ("text", "headline", "city"),
    [
        # written for misfires a review found: a word with a hyphen opening a headline
        # is no contact label; a masthead's e-mail line does not make the short headline
        # under it a division's name
        (
            "Contact-Tracing Scams Target Iowans\n\nMarch 3, 2021\n\nDES MOINES – Attorney "
            "General Tom Miller warned Iowans today about contact-tracing scams.\n",
            "Contact-Tracing Scams Target Iowans",
            "DES MOINES",
        ),
        (
            "OFFICE OF THE ATTORNEY GENERAL\nPress office: press@njoag.gov\n\nGrewal Sues "
            "Acme\n\nTRENTON – Attorney General Gurbir Grewal today sued Acme Inc. over "
            "fraud.\n",
            "Grewal Sues Acme",
            "TRENTON",
        ),
    ],
)
def test_headlines_a_label_rule_must_not_take(text: str, headline: str, city: str) -> None:
    s = _seg(text)
    assert s.headline is not None and s.headline.quote == headline
    assert s.dateline is not None and s.dateline.quote == city


def test_a_hyphenated_word_under_a_headline_is_no_dateline() -> None:
    s = _seg(
        "Attorney General Weiser Sues Opioid Distributor\nAG-Led Coalition of States Files "
        "Suit Against McKesson In Federal Court\n\nDENVER – Attorney General Phil Weiser "
        "today sued McKesson in federal court over opioids.\n"
    )
    assert s.dateline is not None and s.dateline.quote == "DENVER"


def test_a_date_printed_alone_under_the_lead() -> None:
    # a Texas release: headline, lead, then the date in a paragraph of its own
    s = _seg(
        "Paxton Sends Letter to Companies\n\nAttorney General Paxton has joined a "
        "Virginia-led multistate coalition in sending a letter to two companies.\n\n"
        "February 22, 2023\n\nMore of the release follows in this paragraph.\n"
    )
    assert s.date is not None and s.date.quote == "February 22, 2023"
    # a date that opens a later paragraph's sentence is no release date
    s = _seg(
        "Paxton Sends Letter to Companies\n\nAttorney General Paxton has joined a "
        "coalition in sending a letter to two companies.\n\n"
        "On February 22, 2023, the companies answered the letter in full.\n"
    )
    assert s.date is None


def test_a_headline_naming_an_attorney_general_is_no_masthead() -> None:
    # "Attorney General Tong Testifies": not a name the roster knows; a headline
    s = _seg("Attorney General Tong Testifies Before Congress\n\n" + _LEAD)
    assert s.headline is not None and s.headline.quote.startswith("Attorney General Tong")
