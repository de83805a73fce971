"""Benchmark: add_workdays(d, 20) against chinese_calendar.find_workday(20, d).

    .venv/bin/python bench/workdays.py            # one million random dates, 2020–2026 (≈10 min)
    .venv/bin/python bench/workdays.py --n 20000  # a quick run

Both run over the same dates in the same process. Agreement is checked on every date:

* where d is a working day, find_workday(20, d) is the 20th working day after d, as ours;
* where d is not, find_workday first rolls d forward to the next working day and counts 20 from
  there, i.e. it returns the 21st working day after d, so it is compared with add_workdays(d, 21);
* where the 20th working day falls in 2027, the package raises NotImplementedError (it has no
  2027 data); ours answers Monday–Friday and must mark the result provisional.
"""

import argparse
import datetime
import os
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def setup_django():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
    os.environ["GONGKAI_DATA_DIR"] = tempfile.mkdtemp(prefix="gongkai-bench-")
    os.environ.pop("DATABASE_URL", None)
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=20261123)
    args = parser.parse_args()

    setup_django()
    import chinese_calendar

    from gongkai.workdays import add_workdays, is_workday

    rng = random.Random(args.seed)
    first, last = datetime.date(2020, 1, 1).toordinal(), datetime.date(2026, 12, 31).toordinal()
    dates = [datetime.date.fromordinal(rng.randint(first, last)) for _ in range(args.n)]
    add_workdays(dates[0], 20)  # load the index before timing

    start = time.perf_counter()
    ours = [add_workdays(d, 20) for d in dates]
    ours_seconds = time.perf_counter() - start

    find_workday = chinese_calendar.find_workday
    start = time.perf_counter()
    theirs = []
    for d in dates:
        try:
            theirs.append(find_workday(20, d))
        except NotImplementedError:
            theirs.append(None)
    theirs_seconds = time.perf_counter() - start

    same = shifted = beyond = 0
    for d, mine, package in zip(dates, ours, theirs, strict=True):
        if package is None:
            assert mine.provisional and mine.year == 2027, (d, mine)
            beyond += 1
        elif is_workday(d):
            assert mine == package and not mine.provisional, (d, mine, package)
            same += 1
        else:
            assert add_workdays(d, 21) == package, (d, mine, package)
            shifted += 1

    n = args.n
    print(f"dates: {n:,} random days 2020-01-01..2026-12-31 (seed {args.seed})")
    print(f"gongkai add_workdays(d, 20):        {ours_seconds:8.2f} s  {ours_seconds / n * 1e6:8.3f} µs/call")
    print(f"chinese_calendar.find_workday(20, d): {theirs_seconds:8.2f} s  {theirs_seconds / n * 1e6:8.3f} µs/call")
    print(f"speed-up: {theirs_seconds / ours_seconds:,.0f}×")
    print(
        f"agreement: {same:,} identical (working-day starts); {shifted:,} equal to add_workdays(d, 21) "
        f"(non-working starts); {beyond:,} past 2026 where the package raises and ours is provisional"
    )


if __name__ == "__main__":
    main()
