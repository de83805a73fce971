"""Demo work plans: the three real sample plans (copies of ../shared/samples/workplans kept in
gongkai/workplans/samples) imported for their agencies, with progress reported."""

from __future__ import annotations

import datetime
import random
from pathlib import Path

from django.db import transaction

from gongkai.accounts.models import Agency, User
from gongkai.workplans import parse, service, tracking
from gongkai.workplans.models import WorkPlan

SAMPLES = Path(__file__).resolve().parent / "samples"
# (sample file, agency, year, officer)
PLANS = [
    ("2020-district-bureau-task-table.txt", "PD-RSJ", 2020, "officer"),
    ("2023-defense-mobilization-office-task-table.txt", "SH-GFDY", 2023, "gfdy-officer"),
    ("2023-government-offices-administration-plan.txt", "SH-JGJ", 2023, "jgj-officer"),
]


def load() -> str:
    created = 0
    for sample, code, year, username in PLANS:
        agency = Agency.objects.filter(code=code).first()
        officer = User.objects.filter(username=username).first()
        path = SAMPLES / sample
        if agency is None or officer is None or not path.is_file():
            continue
        if WorkPlan.objects.filter(agency=agency, year=year).exists():
            continue
        data = path.read_bytes()
        plan_json = parse.parse_upload(path.name, data, year).to_json()
        with transaction.atomic():
            plan = WorkPlan.confirm_import(
                agency, year, plan_json, by=officer, source_name=path.name, digest=service.sha256(data)
            )
            _progress(plan, officer, random.Random(code))
        created += 1
    return f"已导入演示工作要点 {created} 份。" if created else "演示工作要点已存在，未做修改。"


def _progress(plan: WorkPlan, officer, rng) -> None:
    """Most tasks done during the year, some in progress, a few left late; figures for the targets."""
    for event in {t.due_event for t in plan.tasks.all() if t.due_kind == "relative"}:
        service.set_event_date(plan, by=officer, event=event, day=datetime.date(plan.year, 3, 1))
    for task in plan.tasks.all():
        roll = rng.random()
        due = task.due or datetime.date(plan.year, 12, 31)
        if task.needs_date:
            tracking.set_due(task, by=officer, due=datetime.date(plan.year, 12, 31))
        if roll < 0.7:
            done_on = min(due, datetime.date(plan.year, 12, 20)) - datetime.timedelta(days=rng.randint(0, 20))
            tracking.report_progress(
                task, by=officer, text="已按要求完成，相关材料已在平台公开。", on=done_on, marks_done=True
            )
        elif roll < 0.9:
            on = min(due, datetime.date(plan.year, 11, 30)) - datetime.timedelta(days=rng.randint(10, 60))
            tracking.report_progress(task, by=officer, text="正在推进，已完成初稿，待审核。", on=on)
        for indicator in task.indicators.filter(metric=""):
            if indicator.comparator == "by":
                tracking.report_figure(indicator, by=officer, actual_date=indicator.due, evidence="已按期公开（演示）")
            elif indicator.value is not None:
                actual = indicator.value + (1 if indicator.comparator == "gte" else -1) * rng.choice((0, 1, 2))
                if roll > 0.9 and indicator.comparator == "gte":
                    actual = max(indicator.value - 1, 0)  # one target missed, for the board to show
                tracking.report_figure(indicator, by=officer, actual=actual, evidence="责任单位填报（演示）")
