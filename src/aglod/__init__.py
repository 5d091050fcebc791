"""aglod: a linked-data knowledge graph of U.S. state Attorneys General press releases."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("aglod")
except PackageNotFoundError:  # running from a source tree without installation
    __version__ = "0.0.0+source"

__all__ = ["__version__"]
