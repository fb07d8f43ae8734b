"""Forms of peer review."""
