"""Synthetic press releases of state Attorneys General, for benchmarks.

    python benchmarks/generate.py N OUT_DIR [--seed S]

Writes ``N`` plain-text releases (``OUT_DIR/<i>.txt``) shaped like the bundled ones in
``corpus/releases/``: a headline, a date line (on its own line, or inline before a
"(CITY) —" dateline), an optional press contact, a dateline ("City, ST –" or
"(CITY) —"), a lead sentence announcing one action ("joined a coalition of N attorneys
general in filing a lawsuit against X", "led a coalition of N states in sending a
letter to X", "announced a settlement with X", "filed charges against X"), for
multistate actions a paragraph naming the coalition ("Joining Attorney General Y are
the attorneys general of A, B, and C."), a quote, a topic paragraph and an end
marker. Offices are the 50 states and DC; dates run from 2015 to 2026; targets are
federal officials and bodies of aglod's gazetteer and invented companies; AG names
are invented, one per office. The same ``seed`` gives the same releases.

``generate(n, seed)`` returns the releases as ``aglod.records.Release`` (source
``synthetic/<i>.txt``), ready for ``aglod.pipeline.build.assemble``.
"""

from __future__ import annotations

import argparse
import random
import sys
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from aglod.records import Release
from aglod.reference.gazetteer import Jurisdiction, federal_posts, government_bodies, jurisdictions
from aglod.sources.inputs import content_hash

FIRST = [
    "Alicia",
    "Amos",
    "Bernard",
    "Carla",
    "Dalia",
    "Darnell",
    "Elena",
    "Ernest",
    "Farah",
    "Gideon",
    "Helena",
    "Imani",
    "Jonah",
    "Karina",
    "Lionel",
    "Marisol",
    "Nathan",
    "Odessa",
    "Porter",
    "Quincy",
    "Rosalind",
    "Silas",
    "Tamsin",
    "Ulysses",
    "Vera",
    "Wendell",
    "Yolanda",
    "Zachary",
    "Beatrice",
    "Cormac",
    "Delphine",
    "Emmett",
    "Fiona",
    "Grant",
    "Harriet",
    "Ignacio",
    "Juniper",
    "Kendrick",
    "Lorena",
    "Malcolm",
    "Noemi",
    "Orson",
    "Priya",
    "Raymond",
    "Selma",
]
LAST = [
    "Abernathy",
    "Baptiste",
    "Calloway",
    "Delacroix",
    "Ellery",
    "Fairbanks",
    "Galloway",
    "Hollister",
    "Ingram",
    "Jessup",
    "Kincaid",
    "Lindqvist",
    "Marchetti",
    "Northcott",
    "Okafor",
    "Pemberton",
    "Quintero",
    "Ravenscroft",
    "Sandoval",
    "Thornbury",
    "Underhill",
    "Valdivia",
    "Whitford",
    "Yarborough",
    "Zielinski",
    "Ashby",
    "Brennan",
    "Castellano",
    "Dunmore",
    "Eastwood",
    "Fenwick",
    "Greaves",
    "Hartigan",
    "Iverson",
    "Jaramillo",
    "Kessler",
    "Lockhart",
    "Merriweather",
    "Nakamura",
    "Oyelaran",
    "Prescott",
    "Radcliffe",
    "Stanhope",
    "Trevino",
]
COMPANY_A = [
    "Apex",
    "Blue",
    "Cardinal",
    "Delta",
    "Evergreen",
    "Frontier",
    "Granite",
    "Harbor",
    "Ironwood",
    "Juniper",
    "Keystone",
    "Lakeshore",
    "Meridian",
    "Northstar",
    "Oakridge",
    "Pinnacle",
    "Quarry",
    "Redwood",
    "Summit",
    "Tristate",
    "Union",
    "Vantage",
    "Westfield",
    "Zenith",
]
COMPANY_B = [
    "Pharmaceuticals",
    "Lending",
    "Health",
    "Motors",
    "Energy",
    "Data",
    "Telecom",
    "Financial",
    "Logistics",
    "Chemical",
    "Insurance",
    "Brands",
    "Labs",
    "Capital",
    "Wireless",
    "Foods",
]
COMPANY_C = ("Inc.", "LLC", "Corp.", "Co.", "Holdings, Inc.", "Group LLC")
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
# a phrase per topic of aglod's scheme, as the releases put it
TOPICS = (
    "ghost guns and firearm safety",
    "immigration and the separation of families",
    "consumer protection and deceptive practices",
    "price-fixing and competition",
    "prescription drug prices and insulin",
    "clean air and vehicle emissions",
    "civil rights and discrimination",
    "the safety of children online",
    "data privacy and data breaches",
    "voting rights and elections",
    "student loans and for-profit colleges",
    "affordable housing and tenants",
    "the rights of workers and wage theft",
    "the separation of powers and federal funding",
)
SUBJECTS = {
    "Lawsuit": "to stop unlawful conduct",
    "Letter": "urging action",
    "Settlement": "resolving allegations of deceptive practices",
    "AmicusBrief": "supporting the plaintiffs",
    "Charges": "in a fraud scheme",
}
STATES = tuple(j for j in jurisdictions() if j.kind == "state" or j.usps == "DC")


@dataclass(frozen=True)
class Target:
    text: str  # as the lead names it ("U.S. Attorney General Dana Whitford")
    short: str  # as the headline names it


def _name(rng: random.Random) -> str:
    return f"{rng.choice(FIRST)} {rng.choice(LAST)}"


def _company(rng: random.Random) -> Target:
    base = f"{rng.choice(COMPANY_A)} {rng.choice(COMPANY_B)}"
    return Target(f"{base} {rng.choice(COMPANY_C)}", base)


def _official(rng: random.Random) -> Target:
    post = rng.choice(federal_posts())
    if post.key in {"us-senator", "us-representative"}:
        post = federal_posts()[2]
    name = _name(rng)
    return Target(f"{rng.choice(post.aliases)} {name}", name.split()[-1])


def _body(rng: random.Random) -> Target:
    body = rng.choice(government_bodies())
    return Target(f"the {body.name}", body.name)


def _listing(names: list[str]) -> str:
    if len(names) == 1:
        return names[0]
    if len(names) == 2:
        return f"{names[0]} and {names[1]}"
    return ", ".join(names[:-1]) + ", and " + names[-1]


def _date_text(d: date) -> str:
    return f"{MONTHS[d.month - 1]} {d.day}, {d.year}"


def _phone(rng: random.Random) -> str:
    return f"({rng.randint(201, 989)}) {rng.randint(200, 999)}-{rng.randint(0, 9999):04d}"


def release_text(i: int, rng: random.Random, ags: dict[str, str]) -> str:
    """The text of synthetic release ``i``."""
    office = rng.choice(STATES)
    ag = ags[office.usps]
    last = ag.split()[-1]
    d = date(2015, 1, 1) + timedelta(
        days=rng.randrange((date(2026, 12, 31) - date(2015, 1, 1)).days)
    )
    kind = rng.choices(
        ("join-lawsuit", "lead-lawsuit", "lead-letter", "join-letter", "settlement", "charges"),
        weights=(25, 10, 15, 15, 20, 15),
    )[0]
    multistate = kind.startswith(("join", "lead"))
    others: list[Jurisdiction] = []
    if multistate:
        pool = [j for j in STATES if j.usps != office.usps]
        others = sorted(rng.sample(pool, rng.randint(2, 30)), key=lambda j: j.name)
    size = len(others) + 1
    topic = rng.choice(TOPICS)
    if kind.endswith("letter"):
        target = _official(rng)
    elif kind.endswith("lawsuit"):
        target = rng.choice((_official, _body, _company))(rng)
    else:
        target = _company(rng)
    ag_full = f"{office.name} Attorney General {ag}"
    states = "attorneys general" if rng.random() < 0.6 else "states"
    if kind == "join-lawsuit":
        headline = f"AG {last} Joins {size} States Suing {target.short} Over {topic.title()}"
        lead = (
            f"{ag_full} today joined a coalition of {size} {states} in filing a lawsuit "
            f"against {target.text} {SUBJECTS['Lawsuit']}."
        )
    elif kind == "lead-lawsuit":
        headline = f"Attorney General {last} Leads {size} States in Lawsuit Against {target.short}"
        lead = (
            f"{ag_full} today led a coalition of {size} {states} in filing a lawsuit "
            f"against {target.text} {SUBJECTS['Lawsuit']}."
        )
    elif kind == "lead-letter":
        headline = f"AG {last} Leads {size} Attorneys General Urging {target.short} to Act"
        lead = (
            f"{ag_full} today led a coalition of {size} {states} in sending a letter "
            f"to {target.text} {SUBJECTS['Letter']} on {topic}."
        )
    elif kind == "join-letter":
        headline = f"Attorney General {last} Joins Letter to {target.short} on {topic.title()}"
        lead = (
            f"{ag_full} today joined a coalition of {size} {states} in sending a letter "
            f"to {target.text} {SUBJECTS['Letter']} on {topic}."
        )
    elif kind == "settlement":
        amount = rng.randint(1, 900)
        headline = (
            f"Attorney General {last} Secures ${amount} Million Settlement with {target.short}"
        )
        lead = (
            f"{ag_full} today announced a settlement with {target.text} "
            f"{SUBJECTS['Settlement']}. The company will pay ${amount} million."
        )
    else:
        defendant = _name(rng)
        headline = f"Attorney General {last} Charges {defendant} in Fraud Scheme"
        lead = (
            f"{ag_full} today filed charges against {defendant}, owner of {target.text}, "
            f"{SUBJECTS['Charges']} that cost taxpayers ${rng.randint(1, 50)} million."
        )
    lines: list[str] = []
    if rng.random() < 0.3:
        lines += ["Press Release", ""]
    if rng.random() < 0.5:  # NM style: date line, contact, headline, "City, ST –"
        lines += ["FOR IMMEDIATE RELEASE", "", _date_text(d), ""]
        if rng.random() < 0.7:
            lines += [f"Contact: {_name(rng)}", "", _phone(rng), ""]
        lines += [headline, ""]
        city = office.capital
        lead_line = f"{city}, {office.usps} – {lead}"
    else:  # MN style: headline, then "Month D, YYYY (CITY) — "
        lines += [headline, ""]
        lead_line = f"{_date_text(d)} ({office.capital.upper()}) — {lead}"
    lines += [lead_line, ""]
    quote = (
        f"“The people of {office.name} deserve better, and we will hold "
        f"{target.short} accountable for the harm done to our communities,” said "
        f"Attorney General {last}."
    )
    lines += [quote, ""]
    if multistate:
        lines += [
            f"Joining Attorney General {last} are the attorneys general of "
            f"{_listing([j.name for j in others])}.",
            "",
        ]
    lines += [
        f"The action concerns {topic}. The office continues to review complaints from "
        f"residents and encourages anyone affected to contact the Attorney General’s Office.",
        "",
        rng.choice(("###", "# # #", "-30-")),
        "",
    ]
    return "\n".join(lines)


def attorneys_general(rng: random.Random) -> dict[str, str]:
    """An invented Attorney General per office."""
    return {j.usps: _name(rng) for j in STATES}


def generate(n: int, seed: int = 0) -> list[Release]:
    """``n`` synthetic releases, the same for the same ``seed``."""
    rng = random.Random(seed)
    ags = attorneys_general(rng)
    out = []
    for i in range(n):
        text = release_text(i, rng, ags)
        out.append(Release(f"synthetic/{i}.txt", text, content_hash(text.encode("utf-8"))))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("n", type=int, help="how many releases")
    ap.add_argument("out", type=Path, help="folder to write <i>.txt into")
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    for r in generate(args.n, args.seed):
        (args.out / Path(r.source).name).write_text(r.text, encoding="utf-8")
    print(f"wrote {args.n} releases to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
