"""The one place aglod's version is set (``pyproject.toml`` reads it from here:
``[tool.hatch.version]``). Modules import it from here, not from the package, so that
no module imports the package that imports it."""

__version__ = "0.1.0"
