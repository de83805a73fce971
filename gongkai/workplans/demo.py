"""Demo work plans: the three real sample plans (copies of ../shared/samples/workplans kept in
gongkai/workplans/samples) imported for their agencies, with progress reported.

The district bureau's task table becomes this year's plan (its years moved to the year the demo is
loaded), with progress as it would stand today: what fell due is mostly done, what is ahead is in hand.
The two 2023 plans stay as earlier years, finished but for one task left open.

The district's own plan (demo_data/district-plan.txt, written for the demo) is this year's plan of
浦东新区: its tasks go to 各单位, 各委办局, 各街镇 and named bodies, and two bodies (区人社局 and
陆家嘴街道) report on their shares: what fell due is done by the bureau, the street is late on one."""

from __future__ import annotations

import datetime
import random
import re
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from gongkai.accounts.models import Agency, User
from gongkai.workplans import parse, service
from gongkai.workplans.models import Share, Status, WorkPlan

SAMPLES = Path(__file__).resolve().parent / "samples"
DISTRICT_PLAN = Path(__file__).resolve().parent / "demo_data" / "district-plan.txt"
# (district code, the office that imports it, bodies that report: code → their officer)
DISTRICT = ("PD", "supervisor", {"PD-RSJ": "officer", "PD-LJZ": "ljz-officer"})
# (sample file, the sample's year, agency, officer, shown as this year's plan)
PLANS = [
    ("2020-district-bureau-task-table.txt", 2020, "PD-RSJ", "officer", True),
    ("2023-defense-mobilization-office-task-table.txt", 2023, "SH-GFDY", "gfdy-officer", False),
    ("2023-government-offices-administration-plan.txt", 2023, "SH-JGJ", "jgj-officer", False),
]


def _move_years(text: str, delta: int, sample_year: int) -> str:
    """The sample's own years (the year before it to the year after) moved by ``delta``."""
    if delta == 0:
        return text
    near = range(sample_year - 1, sample_year + 2)
    return re.sub(r"20\d\d", lambda m: str(int(m[0]) + delta) if int(m[0]) in near else m[0], text)


def load(today: datetime.date | None = None) -> str:
    today = today or timezone.localdate()
    created = 0
    for sample, sample_year, code, username, current in PLANS:
        year = today.year if current else sample_year
        agency = Agency.objects.filter(code=code).first()
        officer = User.objects.filter(username=username).first()
        path = SAMPLES / sample
        if agency is None or officer is None or not path.is_file():
            continue
        if WorkPlan.objects.filter(agency=agency, year=year).exists():
            continue
        data = _move_years(path.read_text(encoding="utf-8"), year - sample_year, sample_year).encode()
        name = path.name.replace(str(sample_year), str(year))
        plan_json = parse.parse_upload(name, data, year).to_json()
        with transaction.atomic():
            plan = WorkPlan.confirm_import(
                agency, year, plan_json, by=officer, source_name=name, digest=service.sha256(data)
            )
            _progress(plan, officer, random.Random(code), today)
        created += 1
    created += _district(today)
    return f"已导入演示工作要点 {created} 份。" if created else "演示工作要点已存在，未做修改。"


def _district(today: datetime.date) -> int:
    code, username, reporters = DISTRICT
    agency, office = Agency.objects.filter(code=code).first(), User.objects.filter(username=username).first()
    if agency is None or office is None or WorkPlan.objects.filter(agency=agency, year=today.year).exists():
        return 0
    data = DISTRICT_PLAN.read_text(encoding="utf-8").replace("YYYY", str(today.year)).encode()
    name = f"浦东新区{today.year}年政务公开工作要点任务分解表.txt"
    plan_json = parse.parse_upload(name, data, today.year).to_json()
    with transaction.atomic():
        plan = WorkPlan.confirm_import(agency, today.year, plan_json, by=office, source_name=name,
                                       digest=service.sha256(data))  # fmt: skip
        start = datetime.date(today.year, 1, 1)
        for body, officer_name in reporters.items():
            officer = User.objects.filter(username=officer_name).first()
            shares = list(Share.objects.filter(task__plan=plan, agency__code=body).select_related("task", "agency"))
            fell_due = [s for s in shares if s.task.due and s.task.due <= today]
            fell_due.sort(key=lambda s: s.task.due or today)
            late = {fell_due[-1].pk} if body == "PD-LJZ" and fell_due else set()  # the street is late on one
            # the bureau finished its first share ahead of time: something is done on any day of the year
            early = min(shares, key=lambda s: s.task.due or datetime.date.max).pk if body == "PD-RSJ" else None
            for share in shares:
                due = share.task.due or datetime.date(today.year, 12, 31)
                if officer is None:
                    continue
                if (due <= today and share.pk not in late) or share.pk == early:
                    on = min(max(due - datetime.timedelta(days=5), start), today)
                    share.report_progress(by=officer, text="已按要求完成，材料已在本单位网站公开。", on=on,
                                          marks_done=True)  # fmt: skip
                elif due > today or share.pk in late:
                    on = max(today - datetime.timedelta(days=10), start)
                    share.report_progress(by=officer, text="正在推进，已完成初稿。", on=on)
                for indicator in share.task.indicators.filter(per_body=True):
                    if share.status == Status.DONE and indicator.value is not None:
                        share.report_figure(indicator, by=officer, actual=indicator.value + 1, evidence="本单位填报")
    return 1


def _progress(plan: WorkPlan, officer, rng, today: datetime.date) -> None:
    """This year: tasks that fell due are mostly done (one or two late), later ones in hand. An earlier
    year: every task done but one, left open for the queue's 往年未结 group. Figures for the targets."""
    start = datetime.date(plan.year, 1, 1)
    for event in {t.due_event for t in plan.tasks.all() if t.due_kind == "relative"}:
        plan.set_event_date(by=officer, event=event, day=min(datetime.date(plan.year, 3, 1), today))
    tasks = list(plan.tasks.all())
    for task in tasks:
        if task.needs_date:
            task.set_due(by=officer, due=datetime.date(plan.year, 12, 31))
    left_open = rng.choice(tasks).pk if plan.year < today.year and tasks else None
    # this year: the two tasks that fell due most recently are late, the others that fell due are done
    fell_due = sorted((t for t in tasks if t.due and t.due <= today), key=lambda t: t.due or today)
    late = {t.pk for t in fell_due[-2:]}
    for task in tasks:
        roll = rng.random()
        due = task.due or datetime.date(plan.year, 12, 31)
        if plan.year < today.year:
            if task.pk != left_open:
                done_on = due - datetime.timedelta(days=rng.randint(0, 20))
                task.report_progress(
                    by=officer, text="已按要求完成，相关材料已在平台公开。", on=max(done_on, start), marks_done=True
                )
            else:
                on = max(due - datetime.timedelta(days=30), start)
                task.report_progress(by=officer, text="正在推进，已完成初稿，待审核。", on=on)
        elif due <= today:
            if task.pk not in late:
                done_on = max(min(due, today) - datetime.timedelta(days=rng.randint(0, 20)), start)
                task.report_progress(
                    by=officer, text="已按要求完成，相关材料已在平台公开。", on=done_on, marks_done=True
                )
        elif roll < 0.6 and today > start:
            on = max(today - datetime.timedelta(days=rng.randint(1, 30)), start)
            task.report_progress(by=officer, text="正在推进，已完成初稿，待审核。", on=on)
        if due > today and plan.year >= today.year:
            continue  # targets of tasks still ahead are reported when they are done
        for indicator in task.indicators.filter(metric=""):
            if indicator.comparator == "by":
                indicator.report_figure(
                    by=officer, actual_date=min(indicator.due or today, today), evidence="已按期公开"
                )
            elif indicator.value is not None:
                actual = indicator.value + (1 if indicator.comparator == "gte" else -1) * rng.choice((0, 1, 2))
                if roll > 0.9 and indicator.comparator == "gte":
                    actual = max(indicator.value - 1, 0)  # one target missed, for the board to show
                indicator.report_figure(by=officer, actual=actual, evidence="责任单位填报")
