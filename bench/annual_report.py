"""Benchmark: building annual reports from 100,000 information-request cases.

    .venv/bin/python bench/annual_report.py                 # 100,000 cases, 30 agencies, SQLite
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/gk_dev .venv/bin/python bench/annual_report.py  # migrated DB

Generates N cases over two years across 30 bureaus of one district (with outcomes, applicant types,
challenges and fees in realistic proportions), then times: one agency's report (tables 二/三/四 and
the checks, as the draft page builds them), the district aggregate (30 member agencies), and, as
the yardstick, a single SQL aggregate over the same cases (the agency's, or the district's:
``WHERE agency_id IN (…) GROUP BY applicant_type, outcome``).
Each figure is the median of --reps runs.
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def setup(data_dir: str):
    os.environ["DJANGO_SETTINGS_MODULE"] = "gongkai.settings"
    os.environ["GONGKAI_DATA_DIR"] = data_dir
    os.environ["DEBUG"] = "false"
    os.environ["SECRET_KEY"] = "bench-" + "x" * 50
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def generate(n: int, agencies: int, year: int) -> tuple[object, list]:
    from gongkai.accounts.models import Agency, AgencyKind
    from gongkai.inforequests.law import ApplicantType, ChallengeKind, ChallengeResult, Outcome
    from gongkai.inforequests.models import CaseEvent, Challenge, InfoRequest

    rng = random.Random(7)
    district = Agency.objects.create(code="B-DIST", name="基准区人民政府", kind=AgencyKind.DISTRICT)
    bureaus = [
        Agency.objects.create(code=f"B-{i:02d}", name=f"基准区第{i}局", kind=AgencyKind.BUREAU, parent=district)
        for i in range(agencies)
    ]
    types = ApplicantType.values
    outcomes = Outcome.values
    start = datetime.date(year - 1, 1, 1)
    rows = []
    for i in range(n):
        received = start + datetime.timedelta(days=rng.randrange(730))
        finished = rng.random() < 0.93
        replied = received + datetime.timedelta(days=rng.randint(3, 40)) if finished else None
        agency = bureaus[i % agencies]
        rows.append(
            InfoRequest(
                agency=agency,
                number=f"{agency.code}-{i:07d}",
                query_code_hash="x" * 64,
                channel="online",
                received_on=received,
                applicant_type=rng.choices(types, weights=[74, 10, 3, 3, 7, 3])[0],
                applicant_name="申请人",
                phone="13800000000",
                information="演示",
                form_wanted="electronic",
                delivery="email",
                applicant_key=f"k{rng.randrange(20000)}",
                status="replied" if finished else "open",
                outcome=rng.choice(outcomes) if finished else "",
                replied_on=replied,
            )
        )
    InfoRequest.objects.bulk_create(rows, batch_size=5000)
    received = InfoRequest.objects.values_list("id", "received_on")
    CaseEvent.objects.bulk_create(
        [CaseEvent(case_id=pk, kind="received", date=day, channel="online", actor_name="基准") for pk, day in received],
        batch_size=5000,
    )
    cases = list(InfoRequest.objects.filter(outcome__startswith="withheld").values_list("id", "replied_on")[: n // 50])
    Challenge.objects.bulk_create(
        [
            Challenge(
                case_id=pk,
                kind=rng.choice(ChallengeKind.values),
                body="复议机关",
                filed_on=replied + datetime.timedelta(days=20),
                result=rng.choice(ChallengeResult.values),
                decided_on=replied + datetime.timedelta(days=80),
            )
            for pk, replied in cases
        ]
    )
    return district, bureaus


def median_seconds(fn, reps: int) -> float:
    times = []
    for _ in range(reps):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--agencies", type=int, default=30)
    parser.add_argument("--reps", type=int, default=5)
    parser.add_argument("--year", type=int, default=2025)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="gk-bench-report-") as data_dir:
        setup(data_dir)
        from django.db import transaction

        # One transaction, rolled back: a PostgreSQL database named by DATABASE_URL is left as it was.
        with transaction.atomic():
            from django.db import connection
            from django.db.models import Count

            from gongkai.inforequests.models import InfoRequest
            from gongkai.reports.models import Scope
            from gongkai.reports.service import data_for, full_check, report_for

            t = time.perf_counter()
            district, bureaus = generate(args.cases, args.agencies, args.year)
            print(f"generated {args.cases:,} cases in {time.perf_counter() - t:.1f} s ({connection.vendor})")
            own = report_for(bureaus[0], args.year)
            aggregate = report_for(district, args.year, Scope.AGGREGATE)
            one_agency = InfoRequest.objects.filter(agency=bureaus[0])
            district_cases = InfoRequest.objects.filter(agency_id__in=district.subtree_ids())  # the same cases

            def single_query(cases):
                return list(cases.values("applicant_type", "outcome").annotate(n=Count("id")))

            timings = {
                "one agency: report (tables + checks)": median_seconds(
                    lambda: full_check(own, data_for(own)), args.reps
                ),
                "one agency: single SQL aggregate": median_seconds(lambda: single_query(one_agency), args.reps),
                "district aggregate (30 agencies)": median_seconds(
                    lambda: full_check(aggregate, data_for(aggregate)), args.reps
                ),
                "district: single SQL aggregate": median_seconds(lambda: single_query(district_cases), args.reps),
            }
            for name, seconds in timings.items():
                print(f"{name:<40} {seconds * 1000:8.1f} ms")
            values = list(timings.values())
            print(f"ratio one agency: {values[0] / values[1]:.1f}×   ratio district: {values[2] / values[3]:.1f}×")

            transaction.set_rollback(True)


if __name__ == "__main__":
    main()
