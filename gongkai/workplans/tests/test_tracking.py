import datetime
import io

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from docx import Document as Docx

from gongkai.accounts.models import Department, Notification
from gongkai.accounts.queue import items_for
from gongkai.conftest import make_staff
from gongkai.documents.law import InterpretationForm
from gongkai.documents.models import Document
from gongkai.documents.models import Status as DocStatus
from gongkai.reports.service import report_for
from gongkai.workplans import parse, service, tracking
from gongkai.workplans.models import Status, Task

D = datetime.date
PLAN = """序号\t任务名称\t任务内容\t牵头单位\t责任单位\t时间节点
1\t政策解读\t开展图解、视频等多元化解读，多元化解读形式占全部解读数量的比例不低于50%。\t法规科\t办公室\t全年
2\t开放活动\t举办政府开放活动不少于3次。\t办公室\t法规科\t9月
3\t年报\t1月31日前按法定时限发布年报。\t办公室\t\t1月
4\t配套制度\t新规出台后修订实施细则。\t法规科\t\t新规出台后1个月内
"""


@pytest.fixture
def plan(tree, officer_a):
    for name in ("法规科",):
        Department.objects.create(agency=tree["a"], name=name)
    parsed = parse.parse_text(PLAN, 2026).to_json()
    return service.save(tree["a"], 2026, parsed, by=officer_a, source_name="p.txt", digest="d")


@pytest.fixture
def unit_user(tree):
    return make_staff("fagui", tree["a"], "drafter", department=Department.objects.get(agency=tree["a"], name="法规科"))


def test_a_unit_reports_progress_with_evidence_and_sees_its_tasks(as_user, plan, unit_user, make_draft):
    task = plan.tasks.get(position=0)
    doc = make_draft(title="图解：2026年就业补贴政策")
    url = reverse("workplans:task", args=[plan.pk, task.pk])
    staff = as_user(unit_user)
    page = staff.post(url, {"action": "progress", "text": "已发布图解", "on": "2026-03-01", "links": "不存在的东西"})
    assert "佐证：第1行“不存在的东西”不是本机关公文库的文件" in page.content.decode()
    staff.post(url, {"action": "progress", "text": "已发布图解", "on": "2026-03-01", "links": f"/documents/{doc.uid}/"})
    task.refresh_from_db()
    assert task.status == Status.IN_PROGRESS and task.progress.get().links[0]["title"] == "图解：2026年就业补贴政策"
    other = plan.tasks.get(position=2)  # only the office's units, not 法规科
    assert staff.post(reverse("workplans:task", args=[plan.pk, other.pk]), {"action": "progress", "text": "x",
                      "on": "2026-03-01"}).status_code == 404  # fmt: skip
    # 法规科 leads task 1 (全年) and takes part in task 2 (due 30 Sep): the second is close or late → in its queue
    titles = [i.title for i in items_for(unit_user)]
    assert any("开放活动" in t for t in titles)  # due 30 Sep 2026: late ever since


def test_status_board_overdue_and_units(plan, officer_a):
    today = D(2026, 10, 10)
    board = tracking.board(plan, today)
    assert board["counts"]["逾期"] == 2  # 9月 and 1月 passed, not done
    assert [t.name for t in board["tasks"][:2]] == ["年报", "开放活动"]  # overdue first, earliest due first
    assert ("办公室", 2) in board["late_units"]
    assert board["events"] == ["新规出台"] and plan.tasks.get(position=3).due is None
    service.set_event_date(plan, by=officer_a, event="新规出台", day=D(2026, 5, 15))
    assert Task.objects.get(plan=plan, position=3).due == D(2026, 6, 15)
    tracking.report_progress(
        plan.tasks.get(position=1), by=officer_a, text="已办3场", on=D(2026, 9, 20), marks_done=True
    )
    board = tracking.board(plan, today)
    assert board["counts"]["逾期"] == 2 and board["counts"]["已完成"] == 1  # task 4 (15 Jun) now late too


def test_targets_against_figures_live_and_reported(plan, officer_a, tree):
    task = plan.tasks.get(position=0)
    share = task.indicators.get(metric="nontext_share")
    assert tracking.read(share, tree["a"], 2026).met is None  # no interpretations yet
    for form in (InterpretationForm.TEXT, InterpretationForm.TEXT, InterpretationForm.GRAPHIC):
        Document.objects.create(
            agency=tree["a"], title="解读", index_number=f"I-{form}-{Document.objects.count()}", kind="interpretation",
            status=DocStatus.PUBLISHED, published_at=timezone.make_aware(datetime.datetime(2026, 5, 1)),
            interpretation_form=form,
        )  # fmt: skip
    reading = tracking.read(share, tree["a"], 2026)
    assert reading.shown == "33.3%" and reading.met is False and "本年政策解读3篇" in reading.note
    events = plan.tasks.get(position=1).indicators.get()
    with pytest.raises(tracking.TaskError, match="实际值应为不小于 0 的数"):
        tracking.report_figure(events, by=officer_a, actual=None)
    tracking.report_figure(events, by=officer_a, actual=3, evidence="开放日活动记录")
    assert tracking.read(events, tree["a"], 2026).met is True
    with pytest.raises(tracking.TaskError, match="自动计算"):
        tracking.report_figure(share, by=officer_a, actual=60)
    below = tracking.board(plan, D(2026, 10, 1))["below"]
    assert [r.indicator.text for r in below] == ["不低于50%"]


def test_bulletin_docx_and_year_end_summary(plan, officer_a):
    tracking.report_progress(plan.tasks.get(position=1), by=officer_a, text="完成", on=D(2026, 9, 20), marks_done=True)
    body = tracking.bulletin_docx(plan, D(2026, 9, 1), D(2026, 9, 30))
    texts = [p.text for p in Docx(io.BytesIO(body)).paragraphs]
    assert texts[0] == "测试区甲局政务公开工作情况通报" and "（2026年9月1日至2026年9月30日）" in texts
    assert "一、本期完成的任务（1项）" in texts and any(t.startswith("2. 开放活动") for t in texts)
    assert "二、逾期未完成的任务（1项）" in texts and any(t.startswith("3. 年报") for t in texts)
    summary = tracking.year_end_summary(plan, D(2026, 12, 31))
    assert summary.startswith(f"《{plan.title}》共4项任务，已完成1项，逾期未完成")

    assert "工作要点落实情况：" in report_for(plan.agency, 2026).section1


def test_reminders_before_due_dates(plan, unit_user, officer_a):
    officer_a.email = "office@example.com"
    officer_a.save()
    assert tracking.send_reminders(D(2026, 9, 23)) == 1  # 7 days before 30 Sep (task 2, led by 办公室)
    assert tracking.send_reminders(D(2026, 9, 23)) == 0
    assert "将于2026年9月30日到期" in Notification.objects.get(user=officer_a).text
    assert mail.outbox and mail.outbox[0].to == ["office@example.com"]
    assert tracking.send_reminders(D(2026, 12, 24)) == 1  # task 1 (全年), led by 法规科: its staff are told
    assert Notification.objects.filter(user=unit_user).exists()


def test_the_board_page_and_bulletin_download(as_user, plan, officer_a, supervisor):
    page = as_user(officer_a).get(reverse("workplans:board", args=[plan.pk])).content.decode()
    assert "任务状态" in page and "新规出台的日期" in page and "不低于50%" in page
    response = as_user(supervisor).get(
        reverse("workplans:bulletin", args=[plan.pk]), {"start": "2026-01-01", "end": "2026-12-31"}
    )
    assert response.status_code == 200 and response.content.startswith(b"PK")
    bad = as_user(officer_a).get(
        reverse("workplans:bulletin", args=[plan.pk]), {"start": "2026-12-01", "end": "2026-01-01"}, follow=True
    )
    assert "开始日期不能晚于结束日期" in bad.content.decode()


def test_the_task_timeline_is_audited_and_scoped(as_user, plan, officer_a, officer_b):
    task = plan.tasks.get(position=1)
    tracking.report_progress(task, by=officer_a, text="已办1场", on=D(2026, 6, 1))
    tracking.set_status(task, by=officer_a, status=Status.DONE, on=D(2026, 9, 1))
    url = reverse("audit:timeline", args=["workplans.task", task.pk])
    page = as_user(officer_a).get(url).content.decode()
    assert "workplan.progress" in page and "workplan.status" in page
    assert as_user(officer_b).get(url).status_code == 404
