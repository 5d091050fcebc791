"""aglod: a linked-data knowledge graph of U.S. state Attorneys General press releases.

As a library (``docs/api.md``)::

    import aglod
    result = aglod.build(["releases/"], "output")   # what `aglod build` does
    facts = aglod.extract(text).facts               # one release read from its text
    rows = aglod.query("officials-and-posts", data=["output/aglod.ttl"])
"""

from .api import Extracted, build, extract, load, publish, query, validate
from .version import __version__

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
