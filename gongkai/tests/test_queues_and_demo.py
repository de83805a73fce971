"""我的待办 shows what needs action now, and the demo looks like a working office on the day it is loaded."""

import datetime
import io
import re

from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from gongkai.accounts import queue
from gongkai.accounts.management.commands import load_demo
from gongkai.accounts.models import Agency, User
from gongkai.inforequests.models import InfoRequest
from gongkai.inforequests.tests.conftest import PERSON
from gongkai.reports import reminders
from gongkai.workplans import demo, parse
from gongkai.workplans.models import Status, WorkPlan

D = datetime.date


def test_last_years_open_tasks_are_folded_under_their_own_heading(tree, officer_a, as_user):
    year = timezone.localdate().year
    for plan_year in (year - 1, year):
        table = (
            f"序号\t任务名称\t任务内容\t牵头单位\t时间节点\n1\t{plan_year}年任务\t内容。\t办公室\t{plan_year}年1月底\n"
        )
        plan_json = parse.parse_text(table, plan_year).to_json()
        WorkPlan.confirm_import(
            tree["a"], plan_year, plan_json, by=officer_a, source_name="p.txt", digest=str(plan_year)
        )
    now, earlier = queue.grouped(queue.items_for(officer_a))
    assert [i.title for i in earlier] == [f"{year - 1}年 1. {year - 1}年任务"]
    assert [i.title for i in now if i.kind.startswith("工作要点")] == [f"1. {year}年任务"]
    page = as_user(officer_a).get(reverse("accounts:queue")).content.decode()
    assert re.search(r'<details class="card" data-testid="queue-earlier"><summary>往年未结（1）</summary>', page)


def test_the_district_office_sees_overdue_cases_and_reports_below_it(tree, officer_a, supervisor):
    case = InfoRequest.register(
        agency=tree["a"], by=officer_a, channel="in_person", received_on=D(2026, 3, 2), **PERSON
    )[0]
    items = queue.items_for(supervisor)
    overdue = [i for i in items if i.kind == "依申请公开·辖区超期"]
    assert [i.url for i in overdue] == [reverse("inforequests:detail", args=[case.number])]
    reports = reminders._supervised(supervisor, D(2026, 2, 10))  # past 31 January: last year's reports are late
    assert {r.kind for r in reports} == {"年度报告·辖区逾期"}
    assert any(tree["a"].name in r.title and "已超过发布期限" in r.title for r in reports)
    assert reminders._supervised(supervisor, D(2026, 1, 20)) == []  # not late yet
    assert queue.items_for(officer_a) and not [i for i in queue.items_for(officer_a) if "辖区" in i.kind]


def test_the_demo_plan_is_this_years_and_earlier_plans_are_finished(db, monkeypatch, client):
    monkeypatch.setattr(load_demo, "DEMO_LOADERS", [demo.load])
    call_command("load_demo", stdout=io.StringIO())
    today = timezone.localdate()
    plans = {p.agency.code: p for p in WorkPlan.objects.select_related("agency")}
    assert plans["PD-RSJ"].year == today.year and str(today.year) in plans["PD-RSJ"].title
    for code in ("SH-GFDY", "SH-JGJ"):
        assert plans[code].year < today.year
        assert plans[code].tasks.exclude(status=Status.DONE).count() == 1  # one left open: 往年未结
    current = plans["PD-RSJ"]
    fell_due = [t for t in current.tasks.all() if t.due and t.due <= today]
    done = [t for t in fell_due if t.status == Status.DONE]
    assert len(done) == len(fell_due) - min(2, len(fell_due))  # two late, the rest done
    officer = User.objects.get(username="officer")
    now, _earlier = queue.grouped(queue.items_for(officer))
    plan_items = [i for i in now if i.kind.startswith("工作要点")]
    assert all(f"/{current.pk}/" in i.url for i in plan_items)  # nothing from an earlier year at the top


def test_every_demo_agency_shows_a_filled_guide_without_placeholders(db, monkeypatch, client):
    monkeypatch.setattr(load_demo, "DEMO_LOADERS", [])
    call_command("load_demo", stdout=io.StringIO())
    for agency in Agency.objects.all():
        assert all(value for _label, value in agency.contact_facts if _label != "传真"), agency.code
        page = client.get(reverse("portal:agency", args=[agency.code])).content.decode()
        main = page.split("<main", 1)[1].split("</main>", 1)[0]  # the site's name may say it is a demo
        assert "演示" not in main and "（未填写）" not in main, agency.code
        assert agency.office_name in page and agency.address in page


def test_a_task_page_leads_with_its_stage(tree, officer_a, as_user):
    year = timezone.localdate().year
    table = f"序号\t任务名称\t任务内容\t牵头单位\t时间节点\n1\t任务甲\t内容。\t办公室\t{year}年12月底\n"
    plan = WorkPlan.confirm_import(
        tree["a"], year, parse.parse_text(table, year).to_json(), by=officer_a, source_name="p.txt", digest="s"
    )
    task = plan.tasks.get()
    page = as_user(officer_a).get(reverse("workplans:task", args=[plan.pk, task.pk])).content.decode()
    assert 'aria-current="step">未开始' in page.split('data-testid="stage-bar"', 1)[1]
    task.report_progress(by=officer_a, text="已启动", on=timezone.localdate())
    assert [s for _n, s in task.stage()] == ["done", "current", "todo"]
