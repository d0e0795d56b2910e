"""`make bench`: run every `bench/bench_*.py` module's `main()` and print what it measured.

Each `main()` returns {measure: value}. The figures go into docs/performance.md by hand, with
the machine they were measured on; benchmarks never fail a build.
"""

import importlib
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    sys.path.insert(0, str(ROOT))
    for path in sorted((ROOT / "bench").glob("bench_*.py")):
        module = importlib.import_module(f"bench.{path.stem}")
        print(f"== {path.stem}", flush=True)
        for measure, value in module.main().items():
            print(f"{measure}: {value}", flush=True)


if __name__ == "__main__":
    main()
