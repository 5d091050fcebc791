"""Evaluation: extraction quality against the gold annotations."""
