"""Demonstration and synthetic content, kept out of the domain apps.

``load_demo`` fills a development site with one story per screen (accounts, calls, submissions in
every status, peer review, the repository); ``seed_synthetic`` generates many realistic practices
for benchmarks. This app sits above every domain app: it may import any of them and calls their
public services only; no domain app imports it (an import-linter contract says so).
"""
