"""Benchmarks run by `make bench`: ours against a plain baseline, in the same run."""
