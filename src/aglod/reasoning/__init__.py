"""Reasoning: the OWL RL closure of a release graph over the ontology and its alignments."""
