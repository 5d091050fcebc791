"""Geometry for the pages' inline SVG charts: a bar chart of counts per year and a
tile grid of the states. Only numbers and labels come out; the templates draw them,
so every label is escaped like any other text."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

# One tile per state and DC (column, row), the usual tile-grid arrangement; the
# territories sit on a row of their own below.
TILES: dict[str, tuple[int, int]] = {
    "AK": (0, 0), "ME": (10, 0),
    "VT": (9, 1), "NH": (10, 1),
    "WA": (0, 2), "ID": (1, 2), "MT": (2, 2), "ND": (3, 2), "MN": (4, 2), "IL": (5, 2),
    "WI": (6, 2), "MI": (7, 2), "NY": (8, 2), "RI": (9, 2), "MA": (10, 2),
    "OR": (0, 3), "NV": (1, 3), "WY": (2, 3), "SD": (3, 3), "IA": (4, 3), "IN": (5, 3),
    "OH": (6, 3), "PA": (7, 3), "NJ": (8, 3), "CT": (9, 3),
    "CA": (0, 4), "UT": (1, 4), "CO": (2, 4), "NE": (3, 4), "MO": (4, 4), "KY": (5, 4),
    "WV": (6, 4), "VA": (7, 4), "MD": (8, 4), "DE": (9, 4),
    "AZ": (1, 5), "NM": (2, 5), "KS": (3, 5), "AR": (4, 5), "TN": (5, 5), "NC": (6, 5),
    "SC": (7, 5), "DC": (8, 5),
    "OK": (3, 6), "LA": (4, 6), "MS": (5, 6), "AL": (6, 6), "GA": (7, 6),
    "HI": (0, 7), "TX": (3, 7), "FL": (8, 7),
    "PR": (6, 8), "VI": (7, 8), "GU": (8, 8), "MP": (9, 8), "AS": (10, 8),
}  # fmt: skip
TILE = 40
GAP = 4


@dataclass(frozen=True)
class Tile:
    code: str
    label: str
    x: int
    y: int
    state: str  # CSS class: "lead", "part", "off" (or a shade "s0".."s4")
    href: str | None


@dataclass(frozen=True)
class TileGrid:
    tiles: list[Tile]
    width: int
    height: int


def tile_grid(
    names: Mapping[str, str], classes: Mapping[str, str], hrefs: Mapping[str, str]
) -> TileGrid:
    """Tiles of the states, DC and the territories named in ``names`` (USPS code →
    name); ``classes`` gives a tile's CSS class (default "none")."""
    tiles = [
        Tile(
            code,
            names[code],
            col * (TILE + GAP),
            row * (TILE + GAP),
            classes.get(code, "off"),
            hrefs.get(code),
        )
        for code, (col, row) in sorted(TILES.items(), key=lambda kv: (kv[1][1], kv[1][0]))
        if code in names
    ]
    cols = 1 + max((c for c, _ in TILES.values()), default=0)
    rows = 1 + max((r for _, r in TILES.values()), default=0)
    return TileGrid(tiles, cols * (TILE + GAP), rows * (TILE + GAP))


def shade(count: int, top: int) -> str:
    """One of five shades for a count out of ``top``: "s0" (none) to "s4"."""
    if count <= 0 or top <= 0:
        return "s0"
    return f"s{min(4, 1 + (4 * (count - 1)) // max(top, 1))}"


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    x: int
    y: int
    height: int


@dataclass(frozen=True)
class BarChart:
    bars: list[Bar]
    width: int
    height: int
    top: int
    bar_width: int
    baseline: int


def bar_chart(counts: Mapping[str, int], *, height: int = 140, bar_width: int = 28) -> BarChart:
    """Bars for every label from the first to the last year in ``counts`` (years with
    no count get an empty bar, so the time axis is even)."""
    labels = sorted(counts)
    if labels and all(x.isdigit() for x in labels):
        labels = [str(y) for y in range(int(labels[0]), int(labels[-1]) + 1)]
    top = max(counts.values(), default=0)
    plot = height - 36
    bars = []
    for i, label in enumerate(labels):
        value = counts.get(label, 0)
        h = round(plot * value / top) if top else 0
        bars.append(Bar(label, value, 8 + i * (bar_width + 6), 16 + plot - h, h))
    width = 16 + len(labels) * (bar_width + 6)
    return BarChart(bars, width, height, top, bar_width, 16 + plot)
