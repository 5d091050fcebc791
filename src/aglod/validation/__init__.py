"""Validation: SHACL with pySHACL (``shacl``) and the compiled validator that gives the same reports faster (``compiled``)."""
