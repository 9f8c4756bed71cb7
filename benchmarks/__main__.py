"""Run every benchmark and print its figures."""

from benchmarks import import_baseline, import_return, load, overview, scale, sessions

import_baseline.main()
import_return.main()
overview.main()
load.main()
sessions.main()
scale.main()
