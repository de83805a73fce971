import io

from django.core.management import call_command

from gongkai.accounts.management.commands import load_demo
from gongkai.workplans import demo, tracking
from gongkai.workplans.models import Progress, Share, Status, WorkPlan


def test_the_demo_imports_the_samples_with_progress(db, monkeypatch):
    monkeypatch.setattr(load_demo, "DEMO_LOADERS", [demo.load])
    call_command("load_demo", stdout=io.StringIO())
    plans = {p.agency.code: p for p in WorkPlan.objects.select_related("agency")}
    assert {code: p.tasks.count() for code, p in plans.items()} == {"PD-RSJ": 34, "SH-GFDY": 19, "SH-JGJ": 9, "PD": 7}
    assert plans["PD-RSJ"].tasks.filter(units__department__name="法制科").exists()  # units matched to departments
    assert plans["SH-GFDY"].tasks.filter(units__department__name="秘书处").exists()  # matched to the department
    assert Progress.objects.count() > 30 and WorkPlan.objects.filter(tasks__status=Status.DONE).exists()
    assert not WorkPlan.objects.filter(tasks__due_kind="unknown", tasks__due_on__isnull=True).exists()
    assert demo.load() == "演示工作要点已存在，未做修改。"
    # the district's plan reaches its bodies, two of which have reported on their shares
    district = plans["PD"]
    shares = Share.objects.filter(task__plan=district)
    assert set(shares.values_list("agency__code", flat=True)) == {"PD-RSJ", "PD-LJZ"}
    assert shares.filter(agency__code="PD-RSJ", task__number="6").exists()  # 区人社局 named
    assert shares.filter(agency__code="PD-LJZ", task__number="7").exists()  # 陆家嘴街道 named
    reported = set(Progress.objects.filter(share__task__plan=district).values_list("share__agency__code", flat=True))
    assert reported == {"PD-RSJ", "PD-LJZ"}
    rows = {t.number: (t.shares_done, t.shares_total) for t in tracking.board(district)["tasks"]}
    assert rows["1"][1] == 2 and sum(done for done, _ in rows.values()) >= 1
