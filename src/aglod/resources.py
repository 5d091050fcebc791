"""The files aglod ships beside its code: ontology, shapes, context, reference data,
bundled releases.

Installed from a wheel they live in ``aglod/_bundled``; in a source checkout (an
editable install) they are read from the repository's top-level folders. Every
other module goes through this one to find them.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from pathlib import Path

_PACKAGE_DIR = Path(str(files("aglod")))


@cache
def bundled_root() -> Path:
    """The folder holding ``ontology/``, ``shapes/`` and ``corpus/``."""
    wheel = _PACKAGE_DIR / "_bundled"
    if (wheel / "ontology").is_dir():
        return wheel
    source_tree = _PACKAGE_DIR.parent.parent
    if (source_tree / "ontology").is_dir():
        return source_tree
    raise FileNotFoundError(
        f"aglod's bundled vocabularies are missing: looked in {wheel} and {source_tree}"
    )


def ontology_dir() -> Path:
    return bundled_root() / "ontology"


def shapes_dir() -> Path:
    return bundled_root() / "shapes"


def ontology_file() -> Path:
    return ontology_dir() / "aglod.ttl"


def alignment_file() -> Path:
    return ontology_dir() / "alignment.ttl"


def vocabulary_files() -> list[Path]:
    """The ontology, its alignment axioms and the SKOS schemes, in a fixed order."""
    return [ontology_file(), alignment_file(), ontology_dir() / "schemes.ttl", topics_file()]


def topics_file() -> Path:
    """The SKOS scheme of topics, whose hidden labels are the topic rules."""
    return ontology_dir() / "topics.ttl"


def context_file() -> Path:
    return ontology_dir() / "context.jsonld"


def shapes_file() -> Path:
    return shapes_dir() / "aglod-shapes.ttl"


def queries_dir() -> Path:
    """The saved SPARQL queries (``queries/*.rq``)."""
    return bundled_root() / "queries"


def bundled_releases_dir() -> Path:
    return bundled_root() / "corpus" / "releases"


def data_file(name: str) -> Path:
    """A reference-data file shipped inside the package (``aglod/data``)."""
    return _PACKAGE_DIR / "data" / name
