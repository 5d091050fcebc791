"""Train the action-type model on the development gold and write it for aglod to ship.

    python -m aglod.extraction.typetraining [--explain] [--out FILE] [CORPUS_DIR...]

Reads each folder's ``releases/`` and gold (``gold/`` beside it, or the bundled
corpus's ``corpus/gold``), labels each release with its first gold action's type and
fits a multinomial logistic regression (scikit-learn, a development dependency;
deterministic: the same corpus gives the same model). ``--explain`` prints each
type's heaviest features. The corpus folders default to the development sets of the
source tree: ``corpus/dev``, ``corpus/holdout`` and the bundled ``corpus/releases``.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..records import Release
from ..sources.reading import read_releases
from . import release_date, typemodel
from .actions import type_features
from .segments import segment

C = 10.0  # the regularisation that read left-out offices best (0.80 of first actions)
MIN_DF = 3  # a word seen in one or two releases says nothing of other offices


def default_folders(root: Path) -> list[Path]:
    return [root / "corpus" / "dev", root / "corpus" / "holdout", root / "corpus" / "releases"]


def gold_dir(folder: Path) -> Path:
    if (folder / "gold").is_dir():
        return folder / "gold"
    return folder.parent / "gold"  # the bundled corpus: corpus/releases + corpus/gold


def examples(folders: list[Path]) -> list[tuple[str, typemodel.Features, str]]:
    """(release file name, features, gold type of its first action), in file-name order."""
    out = []
    for folder in folders:
        releases = folder / "releases" if (folder / "releases").is_dir() else folder
        gold = gold_dir(folder)
        for g in sorted(gold.glob("*.json")):
            actions = json.loads(g.read_text(encoding="utf-8")).get("actions") or []
            found = sorted(releases.glob(g.stem + ".*"))
            if not actions or not found:
                continue
            [release] = read_releases([found[0]])
            if not isinstance(release, Release):
                raise InputError(str(found[0]), f"cannot be read: {release.reason}")
            seg = segment(release)
            released, _ = release_date(release, seg)
            out.append(
                (found[0].name, type_features(release.text, seg, released), actions[0]["type"])
            )
    out.sort(key=lambda x: x[0])
    return out


def fit(data: list[tuple[str, typemodel.Features, str]]) -> tuple[Any, list[Any]]:
    """The fitted scikit-learn model and its vectorizers (one per feature group)."""
    from scipy.sparse import hstack  # a development dependency
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    vectorizers: list[Any] = [
        TfidfVectorizer(analyzer=_identity, sublinear_tf=True, min_df=MIN_DF)
        for _ in typemodel.WORD_GROUPS
    ]
    vectorizers.append(DictVectorizer())
    x = hstack(
        [
            v.fit_transform([f.group(g) for _, f, _ in data])
            for g, v in zip(typemodel.WORD_GROUPS, vectorizers, strict=False)
        ]
        + [vectorizers[-1].fit_transform([dict.fromkeys(f.cues, 1) for _, f, _ in data])]
    ).tocsr()
    clf = LogisticRegression(C=C, max_iter=10000).fit(x, [label for _, _, label in data])
    return clf, vectorizers


def transform(vectorizers: list[Any], features: list[typemodel.Features]) -> Any:
    from scipy.sparse import hstack

    parts = [
        v.transform([f.group(g) for f in features])
        for g, v in zip(typemodel.WORD_GROUPS, vectorizers, strict=False)
    ]
    parts.append(vectorizers[-1].transform([dict.fromkeys(f.cues, 1) for f in features]))
    return hstack(parts).tocsr()


def _short(x: float) -> float:
    """``x`` to 7 significant digits: the model file's size, not its readings."""
    return float(f"{float(x):.7g}")


def _identity(terms: list[str]) -> list[str]:
    return terms


def export(clf: Any, vectorizers: list[Any]) -> dict[str, Any]:
    """The model as JSON: classes, intercepts, each word's idf and each feature's weights."""
    out: dict[str, Any] = {
        "classes": [str(c) for c in clf.classes_],
        "intercept": [_short(b) for b in clf.intercept_],
        "idf": {},
        "weights": {},
    }
    offset = 0
    names = [*typemodel.WORD_GROUPS, "cues"]
    for name, v in zip(names, vectorizers, strict=True):
        features = [str(t) for t in v.get_feature_names_out()]
        if name != "cues":
            out["idf"][name] = {t: _short(i) for t, i in zip(features, v.idf_, strict=True)}
        out["weights"][name] = {
            t: [_short(w) for w in clf.coef_[:, offset + j]] for j, t in enumerate(features)
        }
        offset += len(features)
    return out


def explain(data: dict[str, Any], top: int = 12) -> str:
    """Each type's heaviest features, for reading the model."""
    lines = []
    for i, c in enumerate(data["classes"]):
        ranked = sorted(
            ((w[i], f"{g}:{t}") for g, ws in data["weights"].items() for t, w in ws.items()),
            reverse=True,
        )[:top]
        lines.append(f"{c}: " + ", ".join(f"{name} {w:+.2f}" for w, name in ranked))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    ap.add_argument("folders", nargs="*", type=Path)
    ap.add_argument("--out", type=Path)
    ap.add_argument("--explain", action="store_true")
    args = ap.parse_args(argv)
    root = Path.cwd()  # a checkout: the package may be installed elsewhere
    if not args.folders and not (root / "corpus" / "dev").is_dir():
        print(f"{root}: no corpus/dev here; run from the repository's root", file=sys.stderr)
        return 2
    folders = args.folders or default_folders(root)
    out = args.out or root / "src" / "aglod" / "data" / typemodel.MODEL_FILE
    if not out.parent.is_dir():
        print(f"{out.parent}: no such folder to write the model in; give --out", file=sys.stderr)
        return 2
    data = examples(folders)
    if not data:
        print(f"no release with gold actions in {', '.join(map(str, folders))}", file=sys.stderr)
        return 2
    clf, vectorizers = fit(data)
    model = export(clf, vectorizers)
    tmp = out.with_suffix(".tmp")
    tmp.write_text(
        json.dumps(model, sort_keys=True, separators=(",", ":")) + "\n", encoding="utf-8"
    )
    tmp.replace(out)
    print(f"trained on {len(data)} releases; wrote {out}", file=sys.stderr)
    if args.explain:
        print(explain(model))
    return 0


if __name__ == "__main__":
    sys.exit(main())
