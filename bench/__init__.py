"""Benchmarks run by `make bench` (`python -m bench.run`); results under bench/results/."""
