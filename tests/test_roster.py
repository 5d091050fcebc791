"""The roster of Attorneys General since 2000: well-formed, covering every office,
and answering who held an office on a day and whom a surname names."""

from __future__ import annotations

import itertools
from datetime import date

import pytest

from aglod.reference.gazetteer import jurisdictions
from aglod.reference.roster import by_surname, holders, roster


def test_every_office_is_in_the_roster() -> None:
    offices = {j.usps for j in jurisdictions() if j.usps != "US"}
    assert offices <= {h.office for h in roster()}
    assert len(offices) == 56


def test_rows_are_well_formed() -> None:
    for h in roster():
        assert h.name and h.family_name and h.source, h
        assert h.end is None or h.start <= h.end, h
        assert h.ocd_person_id is None or h.ocd_person_id.startswith("ocd-person/"), h


def test_tenures_of_one_office_do_not_overlap() -> None:
    """Apart from acting spells and a few days of handover (where both dates are whole
    dates: some rows give only the month or the year)."""
    by_office: dict[str, list] = {}
    for h in roster():
        if not h.acting:
            by_office.setdefault(h.office, []).append(h)
    for office, tenures in by_office.items():
        tenures.sort(key=lambda h: h.start)
        for a, b in itertools.pairwise(tenures):
            assert a.end is not None, (office, a.name, b.name)
            if a.exact[1] and b.exact[0]:
                assert (a.end - b.start).days <= 7, (office, a.name, b.name)


@pytest.mark.parametrize(
    ("office", "day", "name"),
    [
        ("MN", date(2019, 7, 22), "Keith Ellison"),
        ("MN", date(2012, 5, 1), "Lori Swanson"),
        ("NM", date(2018, 6, 19), "Hector Balderas"),
        ("CA", date(2025, 1, 23), "Rob Bonta"),
    ],
)
def test_who_held_an_office_on_a_day(office: str, day: date, name: str) -> None:
    assert [h.name for h in holders(office, day)] == [name]


def test_a_surname_names_an_office() -> None:
    assert [(h.name, h.office) for h in by_surname("Attorney General Nessel")] == [
        ("Dana Nessel", "MI")
    ]
    assert {h.office for h in by_surname("Tong", date(2020, 1, 1))} == {"CT"}
    assert by_surname("Tong", date(2010, 1, 1)) == []  # not yet in office


def test_a_given_name_must_agree() -> None:
    assert [h.office for h in by_surname("Josh Stein")] == ["NC"]
    assert by_surname("Alan Stein") == []
    assert [h.office for h in by_surname("J. Stein")] == ["NC"]


def test_accents_and_case_fold() -> None:
    assert by_surname("MARQUEZ") == by_surname("Márquez") != []
