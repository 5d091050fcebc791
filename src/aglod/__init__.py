"""aglod: a linked-data knowledge graph of U.S. state Attorneys General press releases."""

# The one place the version is set (pyproject.toml reads it: [tool.hatch.version]).
__version__ = "0.1.0"

__all__ = ["__version__"]
