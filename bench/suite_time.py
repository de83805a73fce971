"""How long `make test` takes: the whole suite in one process (PYTEST_ARGS=-n0) and on every core
(the default, pytest-xdist), side by side in one run, plus a CPU probe so figures from a busy machine
can be told apart. Usage: .venv/bin/python bench/suite_time.py [--runs N]"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import time


def probe() -> float:
    """Seconds for a fixed pure-Python loop: a yardstick of this machine's speed at the moment."""
    start = time.perf_counter()
    total = 0
    for i in range(10_000_000):
        total += i
    return time.perf_counter() - start


def timed(env_extra: dict[str, str]) -> float:
    env = {**os.environ, **env_extra}
    shutil.rmtree(".mypy_cache", ignore_errors=True)  # as on a clean clone: the type check starts cold
    start = time.perf_counter()
    result = subprocess.run(["make", "test"], env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(result.stdout[-2000:] + result.stderr[-2000:])
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=1)
    args = parser.parse_args()
    print(f"CPU probe: {probe():.2f} s (10M-step loop)")
    rows = {"one process (-n0)": {"PYTEST_ARGS": "-n0"}, "every core (default)": {}}
    for label, extra in rows.items():
        times = [timed(extra) for _ in range(args.runs)]
        print(f"make test, {label}: median {statistics.median(times):.1f} s over {len(times)} run(s)")
    print(f"CPU probe: {probe():.2f} s (10M-step loop)")


if __name__ == "__main__":
    main()
