import io

from django.core.management import call_command

from gongkai.accounts.management.commands import load_demo
from gongkai.workplans import demo
from gongkai.workplans.models import Progress, Status, WorkPlan


def test_the_demo_imports_the_samples_with_progress(db, monkeypatch):
    monkeypatch.setattr(load_demo, "DEMO_LOADERS", [demo.load])
    call_command("load_demo", stdout=io.StringIO())
    plans = {p.agency.code: p for p in WorkPlan.objects.select_related("agency")}
    assert {code: p.tasks.count() for code, p in plans.items()} == {"PD-RSJ": 34, "SH-GFDY": 19, "SH-JGJ": 9}
    assert plans["PD-RSJ"].tasks.filter(units__department__name="法制科").exists()  # units matched to departments
    assert plans["SH-GFDY"].tasks.filter(units__department__name="秘书处").exists()  # matched to the department
    assert Progress.objects.count() > 30 and WorkPlan.objects.filter(tasks__status=Status.DONE).exists()
    assert not WorkPlan.objects.filter(tasks__due_kind="unknown", tasks__due_on__isnull=True).exists()
    assert demo.load() == "演示工作要点已存在，未做修改。"
