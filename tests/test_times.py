"""Times in a release's words: dates as offices print them, and sentences that tell of
what came before the release (real sentences of the development corpus)."""

from __future__ import annotations

from datetime import date

import pytest

from aglod.dates import find_date
from aglod.extraction.text import is_background


@pytest.mark.parametrize(
    ("printed", "expected"),
    [
        ("(COLUMBIA, S.C.) – Sept.25, 2020 – South", date(2020, 9, 25)),
        ("Sept. 25, 2020", date(2020, 9, 25)),
        ("Mar. 5, 2020", date(2020, 3, 5)),
        ("September 25 2020", date(2020, 9, 25)),
    ],
)
def test_a_date_as_printed(printed: str, expected: date) -> None:
    found = find_date(printed)
    assert found is not None and found[0] == expected


@pytest.mark.parametrize(
    ("sentence", "released", "background"),
    [
        (
            "Since 2018, Attorney General Stein has brought 12 lawsuits against 29 defendants "
            "under North Carolina’s price gouging statute.",
            date(2024, 9, 18),
            True,
        ),
        ("In 2021, the coalition sued the agency.", date(2024, 9, 18), True),
        (
            "In April, Drummond led a 26-state coalition in urging CMS to provide coverage.",
            date(2023, 6, 6),
            True,
        ),
        ("In June, the office will host a forum.", date(2023, 6, 6), False),
        ("In April 12 cases were closed.", date(2023, 6, 6), False),
        ("Attorney General Stein filed a lawsuit today.", date(2024, 9, 18), False),
    ],
)
def test_what_came_before_the_release(sentence: str, released: date, background: bool) -> None:
    assert is_background(sentence, released) is background
