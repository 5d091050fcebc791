"""Benchmark: how well the action-type model reads offices it was not trained on.

    python benchmarks/type_model.py [CORPUS_DIR...] [--json]

Leave one office out: for each office of the development corpus, the model is
trained (``aglod.extraction.typetraining``) on every other office's releases and
reads that office's releases, first alone (the type of each release's first gold
action) and then inside the whole pipeline (``aglod eval``'s scores of the built
graphs). A model scored on the releases it was trained on reads them almost
perfectly; these figures are the ones that say what it does on an office it has
never seen. Needs scikit-learn (a development dependency).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

from aglod.evaluation.scoring import load_gold, score
from aglod.extraction import typemodel, typetraining
from aglod.pipeline.build import assemble
from aglod.rdf.readback import release_facts
from aglod.sources.reading import read_releases
from aglod.validation.shacl import with_context

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    ap.add_argument("folders", nargs="*", type=Path)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    folders = args.folders or typetraining.default_folders(ROOT)
    started = time.perf_counter()
    data = typetraining.examples(folders)
    with tempfile.TemporaryDirectory() as tmp:
        gold_dir = Path(tmp)
        files: dict[str, Path] = {}
        for folder in folders:
            releases = folder / "releases" if (folder / "releases").is_dir() else folder
            for g in sorted(typetraining.gold_dir(folder).glob("*.json")):
                found = sorted(releases.glob(g.stem + ".*"))
                if found:
                    files[found[0].name] = found[0]
                    (gold_dir / g.name).write_bytes(g.read_bytes())
        gold = load_gold(gold_dir)
    offices = sorted({name[:2] for name in files})
    first_right = 0
    predicted = {}
    shipped = typemodel.model
    try:
        for office in offices:
            train = [d for d in data if d[0][:2] != office]
            clf, vectorizers = typetraining.fit(train)
            fold_model = typemodel.from_json(typetraining.export(clf, vectorizers))
            first_right += sum(
                fold_model.predict(f) == label for name, f, label in data if name[:2] == office
            )
            typemodel.model = lambda m=fold_model: m  # type: ignore[assignment]
            built = assemble(read_releases([p for n, p in files.items() if n[:2] == office]))
            for r in built.releases:
                for facts in release_facts(with_context(r.graph, built.reference)):
                    predicted[facts["file"]] = facts
    finally:
        typemodel.model = shipped  # type: ignore[assignment]
    scores = score(gold, predicted).to_json()
    out = {
        "releases": len(data),
        "offices": len(offices),
        "first_action_type_left_out": round(first_right / len(data), 4),
        "pipeline_left_out": {k: v["value"] for k, v in scores["fields"].items()},
        "seconds": round(time.perf_counter() - started, 1),
    }
    if args.json:
        print(json.dumps(out, indent=2))
    else:
        print(f"{out['releases']} releases of {out['offices']} offices, each office left out")
        print(f"first action's type, model alone: {out['first_action_type_left_out']:.3f}")
        for k, v in out["pipeline_left_out"].items():
            print(f"  {k:15} {v:.3f}")
        print(f"({out['seconds']} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
