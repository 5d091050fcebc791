"""Serialization: Turtle, TriG, N-Quads and JSON-LD, written whole (``formats``) or from the per-release pieces a build caches (``chunks``)."""
