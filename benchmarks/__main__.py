"""Run every benchmark and print its figures."""

from benchmarks import import_baseline, import_return

import_baseline.main()
import_return.main()
