"""Benchmarks, run by hand (never part of the test suite): ``python -m bench.run``."""
