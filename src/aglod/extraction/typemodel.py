"""Which kind of action a release's main news is, read by a small linear model.

Hand-written cues alone read the offices they were written on well and others badly:
the same news is worded a hundred ways, and which of several cues decides is a
matter of weight. The model weighs them. It is a multinomial logistic regression
trained on the development gold by ``scripts/train_action_types.py`` (scikit-learn,
deterministic) over three readable groups of features:

- ``headline``: the words and word pairs of the headline;
- ``lead``: those of the subtitles and the lead's non-background sentences;
- ``cues``: the action cues the rules find there (``h:Lawsuit:strong`` is a strong
  lawsuit cue in the headline, ``b:Letter`` the first action noun of the rest of
  the body).

Words are weighted as scikit-learn's ``TfidfVectorizer`` does (sublinear term
frequency, smoothed idf, each group scaled to unit length); the model file stores
each feature's idf and its weight for every type, so a prediction here is a sum over
a release's features, with no library needed to read a release. A test keeps these
sums equal to scikit-learn's on the development corpus.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import cache
from itertools import pairwise
from typing import Any

from ..reference.gazetteer import name_index
from ..reference.roster import fold, roster
from ..resources import data_file

MODEL_FILE = "action_types.json"
WORD_GROUPS = ("headline", "lead")

_TOKEN = re.compile(r"\b\w\w+\b")
_DIGIT = re.compile(r"\d")


def terms(text: str) -> list[str]:
    """The words (two letters or more, lower case, digits read as 0) of ``text`` and
    each pair of adjacent words. A capitalised state name is ``_state_`` and an
    Attorney General's capitalised family name ``_name_``: what a release says of an
    office must not be learnt as what one office or one person does."""
    surnames, states = _proper_words()
    tokens = _TOKEN.findall(text)
    words: list[str] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token[:1].isupper():
            lower = [t.lower() for t in tokens[i : i + _LONGEST_STATE]]
            n = next((len(s) for s in states.get(lower[0], ()) if lower[: len(s)] == list(s)), 0)
            if n:
                words.append("_state_")
                i += n
                continue
            if fold(token) in surnames:
                words.append("_name_")
                i += 1
                continue
        words.append(_DIGIT.sub("0", token.lower()))
        i += 1
    return words + [f"{a} {b}" for a, b in pairwise(words)]


_LONGEST_STATE = 4  # "District of Columbia", "Commonwealth of the Northern Mariana Islands"


@cache
def _proper_words() -> tuple[frozenset[str], dict[str, tuple[tuple[str, ...], ...]]]:
    """The roster's family names (each word, folded), and the gazetteer's state names
    as word sequences keyed by their first word, the longest first."""
    surnames = frozenset(w for h in roster() for s in h.surnames for w in s.split())
    by_first: dict[str, list[tuple[str, ...]]] = {}
    for name in name_index():
        words = tuple(w.lower() for w in _TOKEN.findall(name))
        if words and len(words) <= _LONGEST_STATE:
            by_first.setdefault(words[0], []).append(words)
    return surnames, {k: tuple(sorted(v, key=len, reverse=True)) for k, v in by_first.items()}


@dataclass(frozen=True)
class Features:
    """What the model reads of one release."""

    headline: list[str]
    lead: list[str]
    cues: list[str]

    def group(self, name: str) -> list[str]:
        return {"headline": self.headline, "lead": self.lead, "cues": self.cues}[name]


@dataclass(frozen=True)
class Model:
    classes: tuple[str, ...]
    intercept: tuple[float, ...]
    idf: dict[str, dict[str, float]]  # group -> term -> idf
    weights: dict[str, dict[str, tuple[float, ...]]]  # group -> feature -> weight per class

    def scores(self, f: Features) -> dict[str, float]:
        """Each type's score (the logistic regression's decision function)."""
        total = list(self.intercept)
        for group in WORD_GROUPS:
            idf, weights = self.idf[group], self.weights[group]
            counts = Counter(t for t in f.group(group) if t in idf)
            vector = {t: (1.0 + math.log(n)) * idf[t] for t, n in counts.items()}
            norm = math.sqrt(sum(v * v for v in vector.values()))
            for t, v in vector.items():
                w = weights.get(t)
                if w is not None:
                    for i, wi in enumerate(w):
                        total[i] += wi * v / norm
        cue_weights = self.weights["cues"]
        for cue in set(f.cues):
            w = cue_weights.get(cue)
            if w is not None:
                for i, wi in enumerate(w):
                    total[i] += wi
        return dict(zip(self.classes, total, strict=True))

    def predict(self, f: Features) -> str:
        """The type of highest score (the first class on a tie)."""
        scores = self.scores(f)
        return max(self.classes, key=lambda c: scores[c])


def from_json(data: dict[str, Any]) -> Model:
    """A model from its JSON form (``typetraining.export``)."""
    return Model(
        classes=tuple(str(c) for c in data["classes"]),
        intercept=tuple(float(b) for b in data["intercept"]),
        idf={g: {str(t): float(v) for t, v in terms.items()} for g, terms in data["idf"].items()},
        weights={
            g: {str(t): tuple(float(w) for w in ws) for t, ws in features.items()}
            for g, features in data["weights"].items()
        },
    )


@cache
def model() -> Model:
    """The model shipped with aglod."""
    return from_json(json.loads(data_file(MODEL_FILE).read_text(encoding="utf-8")))
