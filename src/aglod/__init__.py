"""aglod: a linked-data knowledge graph of U.S. state Attorneys General press releases.

As a library (``docs/api.md``)::

    import aglod
    result = aglod.build(["releases/"], "output")   # what `aglod build` does
    facts = aglod.extract(text).facts               # one release read from its text
    rows = aglod.query("officials-and-posts", data=["output/aglod.ttl"])
"""

# The one place the version is set (pyproject.toml reads it: [tool.hatch.version]).
__version__ = "0.1.0"

from .api import Extracted, build, extract, load, publish, query, validate

__all__ = [
    "Extracted",
    "__version__",
    "build",
    "extract",
    "load",
    "publish",
    "query",
    "validate",
]
