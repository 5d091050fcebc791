"""A release's date as a moment with a time zone, for schema.org's ``datePublished``:
midnight where the office sits (the capital of its jurisdiction). The U.S. rules are
written out (daylight saving time since 1987) so that no time-zone database is needed
and the output is the same on every machine."""

from __future__ import annotations

from datetime import date, timedelta

# Standard offset from UTC in hours, and whether daylight saving time is kept, at the
# seat of each jurisdiction's government.
_EASTERN = (-5, True)
_CENTRAL = (-6, True)
_MOUNTAIN = (-7, True)
_PACIFIC = (-8, True)
ZONES: dict[str, tuple[int, bool]] = {
    **dict.fromkeys(
        [
            "CT",
            "DE",
            "FL",
            "GA",
            "IN",
            "KY",
            "ME",
            "MD",
            "MA",
            "MI",
            "NH",
            "NJ",
            "NY",
            "NC",
            "OH",
            "PA",
            "RI",
            "SC",
            "VT",
            "VA",
            "WV",
            "DC",
            "US",
        ],
        _EASTERN,
    ),
    **dict.fromkeys(
        [
            "AL",
            "AR",
            "IL",
            "IA",
            "KS",
            "LA",
            "MN",
            "MS",
            "MO",
            "NE",
            "ND",
            "OK",
            "SD",
            "TN",
            "TX",
            "WI",
        ],
        _CENTRAL,
    ),
    **dict.fromkeys(["CO", "ID", "MT", "NM", "UT", "WY"], _MOUNTAIN),
    **dict.fromkeys(["CA", "NV", "OR", "WA"], _PACIFIC),
    "AZ": (-7, False),
    "AK": (-9, True),
    "HI": (-10, False),
    "PR": (-4, False),
    "VI": (-4, False),
    "GU": (10, False),
    "MP": (10, False),
    "AS": (-11, False),
}


def _sunday(year: int, month: int, n: int) -> date:
    """The n-th Sunday of a month (n = -1: the last)."""
    if n > 0:
        d = date(year, month, 1)
        d += timedelta(days=(6 - d.weekday()) % 7)
        return d + timedelta(weeks=n - 1)
    d = date(year, month + 1, 1) - timedelta(days=1)
    return d - timedelta(days=(d.weekday() + 1) % 7)


def daylight_saving(day: date) -> bool:
    """Whether U.S. daylight saving time is in force at 00:00 on ``day`` (it starts and
    ends at 02:00, so midnight of the changeover day keeps the old offset)."""
    if day.year >= 2007:
        start, end = _sunday(day.year, 3, 2), _sunday(day.year, 11, 1)
    else:
        start, end = _sunday(day.year, 4, 1), _sunday(day.year, 10, -1)
    return start < day <= end


def local_midnight(day: str, usps: str | None) -> str:
    """``day`` (ISO date) as midnight at the jurisdiction's seat, with its UTC offset;
    the date alone when the jurisdiction or the date is not known."""
    zone = ZONES.get((usps or "").upper())
    try:
        parsed = date.fromisoformat(day)
    except ValueError:
        return day
    if zone is None:
        return day
    hours, keeps_dst = zone
    if keeps_dst and daylight_saving(parsed):
        hours += 1
    sign = "+" if hours >= 0 else "-"
    return f"{parsed.isoformat()}T00:00:00{sign}{abs(hours):02d}:00"
