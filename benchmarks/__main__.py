"""Run every benchmark and print its figures."""

from benchmarks import import_baseline

import_baseline.main()
