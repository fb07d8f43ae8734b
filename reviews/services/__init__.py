"""Writes of peer review: the roster (roster.py) and the review workflow (workflow.py)."""
