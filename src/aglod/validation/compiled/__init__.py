"""The compiled SHACL validator: the bundled shapes compiled once into Python checks whose reports equal pySHACL's (see ``docs/architecture.md``)."""

from .validator import FastValidator, UnsupportedShapes, compile_shapes, fast_validate

__all__ = ["FastValidator", "UnsupportedShapes", "compile_shapes", "fast_validate"]
