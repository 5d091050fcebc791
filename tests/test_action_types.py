"""The type of action a release announces, from sentences of real releases of the
development corpus: senses of a word that are not the action it can name ("lead the
charge", "may charge a consumer $20"), a petition for review in a court, a coalition
urging or calling upon a body, the proper name of an agreement."""

from __future__ import annotations

from aglod.extraction import extract
from aglod.parsing import segment
from aglod.records import Release, ReleaseFacts


def facts(text: str) -> ReleaseFacts:
    r = Release("t.txt", text, "sha256:0")
    return extract(r, segment(r))


def types(headline: str, lead: str) -> list[str]:
    text = f"{headline}\n\nMarch 3, 2021\n\nCOLUMBIA, S.C. – {lead}\n"
    return [a.type for a in facts(text).actions]


def test_leading_the_charge_is_no_criminal_charge() -> None:
    found = types(
        "Attorney General Wilson Files Brief",
        "South Carolina Attorney General Alan Wilson today filed an amicus brief with 22 "
        "states. “South Carolina is proud to lead the charge on this issue,” Attorney "
        "General Wilson said.",
    )
    assert "Charges" not in found
    assert "AmicusBrief" in found


def test_a_fee_charged_is_no_criminal_charge() -> None:
    found = types(
        "Credit Report Security Freezes Become Effective",
        "Attorney General Carl Danberg announced today that the new law takes effect. Each "
        "agency may charge a consumer $20 for the freeze, and victims of identity theft "
        "will not be charged any fee.",
    )
    assert "Charges" not in found


def test_a_petition_for_review_is_a_suit() -> None:
    found = types(
        "Attorney General Joins Challenge to EPA Rule",
        "Attorney General Wayne Stenehjem along with 21 other states have filed a petition "
        "for review in the United States Court of Appeals challenging the rule.",
    )
    assert found == ["Lawsuit"]


def test_urging_and_calling_upon_a_body_is_a_letter() -> None:
    found = types(
        "Attorney General Donovan to FCC: Keep Vermonters Connected",
        "Attorney General T.J. Donovan has joined a group of attorneys general in urging "
        "the telecommunications industry to make further commitments to protect consumers "
        "and in calling upon the FCC for support.",
    )
    assert found == ["Letter"]


def test_the_name_of_an_agreement_announces_none() -> None:
    found = types(
        "Attorney General Frosh Joins Climate Coalition",
        "Maryland Attorney General Brian E. Frosh joined a coalition of governors and "
        "mayors in an open letter pledging to keep the commitments of the Paris Climate "
        "Agreement.",
    )
    assert "Agreement" not in found
