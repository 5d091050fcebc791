"""Serialization: the dataset files' bytes from per-release pieces (``chunks``), and RDF
files read and small graphs written whole (``formats``)."""
