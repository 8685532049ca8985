"""`make bench`: every benchmark module, each printing its rates as ratios against a ceiling measured in the run."""

from __future__ import annotations

import importlib
import sys

MODULES = [
    "bench.writes",
    "bench.wiredclient",
    "bench.creates",
    "bench.growth",
    "bench.throughput",
    "bench.sms",
    "bench.timetap",
    "bench.reads",
    "bench.stream",
    "bench.feed",
    "bench.purchases",
]


def main() -> None:
    for name in MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as error:
            if error.name == name:
                continue
            raise
        print(f"\n== {name} ==", flush=True)
        module.main()
        sys.stdout.flush()


if __name__ == "__main__":
    main()
