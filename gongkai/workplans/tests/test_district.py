"""A district plan reaches every body: units matched to the bodies under the district, group words
expanded, each body reporting on its share, the district seeing per-task completion."""

import datetime
import io

import pytest
from django.utils import timezone
from docx import Document as Docx

from gongkai.accounts.models import Agency, AgencyKind, Department, Role
from gongkai.audit.models import Event
from gongkai.conftest import make_staff
from gongkai.reports import service as report_service
from gongkai.reports.models import AnnualReport
from gongkai.workplans import parse, service, tracking
from gongkai.workplans.models import Indicator, Share, Status, Task, TaskError, WorkPlan, match_agencies

TODAY = timezone.localdate()
YEAR = TODAY.year
PLAN = "\n".join([
    "测试区政务公开工作要点任务分解表",
    "序号\t任务名称\t任务内容\t责任单位\t时间节点",
    "1\t年度报告\t发布本单位年度报告\t各单位\t1月31日前",
    "2\t政策解读\t区政府出台的重要政策同步解读\t区政务公开办牵头，各委办局配合\t全年",
    "3\t开放活动\t区政府举办开放活动不少于4次；各单位开展开放活动不少于2次\t各单位\t12月31日前",
    "4\t标准目录\t更新基层政务公开标准目录\t各街镇\t6月底前",
    "5\t就业政策\t集中公开就业政策\t区甲局\t9月底前",
    "6\t网站普查\t配合开展网站普查\t区丁局\t9月底前",
    "抄送：区委办。",
    f"测试区人民政府办公室 {YEAR}年2月1日印发",
])  # fmt: skip


@pytest.fixture
def district_plan(tree, supervisor):
    Department.objects.create(agency=tree["district"], name="区政务公开办")
    data = PLAN.encode()
    plan_json = parse.parse_upload("plan.txt", data, YEAR).to_json()
    return WorkPlan.confirm_import(
        tree["district"], YEAR, plan_json, by=supervisor, source_name="plan.txt", digest=service.sha256(data)
    )


def task(plan, number) -> Task:
    return plan.tasks.get(number=str(number))


def bodies(task) -> dict[str, str]:
    return {s.agency.code: s.role for s in task.shares.select_related("agency")}


def test_group_words_expand_to_the_bodies_of_that_kind_and_names_match_a_body(tree):
    under = [tree["a"], tree["street"]]
    assert {a.code for a in match_agencies("各单位", under)} == {"T-A", "T-ST"}
    assert [a.code for a in match_agencies("各委办局", under)] == ["T-A"]
    assert [a.code for a in match_agencies("各街镇", under)] == ["T-ST"]
    assert [a.code for a in match_agencies("区甲局", under)] == ["T-A"]  # 测试区甲局 without the district's name
    assert [a.code for a in match_agencies("测试区乙街道", under)] == ["T-ST"]
    assert match_agencies("区丁局", under) == [] and match_agencies("区政务公开办", under) == []


def test_a_district_plan_shares_its_tasks_out_to_the_bodies(district_plan, tree):
    assert district_plan.is_district
    assert bodies(task(district_plan, 1)) == {"T-A": "lead", "T-ST": "lead"}  # each body carries its own share
    second = task(district_plan, 2)
    assert bodies(second) == {"T-A": "participant"}  # 各委办局: the bureau, not the street
    office = second.units.get(name="区政务公开办")
    assert office.department.name == "区政务公开办" and office.role == "lead"
    assert second.units.get(name="各委办局").is_group
    assert bodies(task(district_plan, 4)) == {"T-ST": "lead"}
    assert bodies(task(district_plan, 5)) == {"T-A": "lead"}
    assert bodies(task(district_plan, 6)) == {}  # 区丁局 is no body of the district: assigned by hand
    third = {i.text: i.per_body for i in task(district_plan, 3).indicators.all()}
    assert third == {"不少于4次": False, "不少于2次": True}  # 区政府 once; 各单位 each
    assert not Share.objects.filter(agency=tree["b"]).exists()  # a body of the city, not of the district


def test_each_body_reports_on_its_share_and_the_task_rolls_up(district_plan, tree, as_user):
    officer_a = make_staff("oa", tree["a"], Role.OFFICER)
    officer_st = make_staff("ost", tree["street"], Role.OFFICER)
    first = task(district_plan, 1)
    share_a, share_st = first.shares.get(agency=tree["a"]), first.shares.get(agency=tree["street"])
    share_a.report_progress(by=officer_a, text="已发布", on=TODAY, marks_done=True)
    first.refresh_from_db()
    assert first.status == Status.IN_PROGRESS and share_a.status_changes.get().new == Status.DONE
    assert Event.objects.filter(verb="workplan.share_progress", agency_id=tree["a"].pk).exists()
    data = tracking.board(district_plan)
    row = next(t for t in data["tasks"] if t.pk == first.pk)
    assert (row.shares_done, row.shares_total) == (1, 2)
    share_st.report_progress(by=officer_st, text="已发布", on=TODAY, marks_done=True)
    first.refresh_from_db()
    assert first.status == Status.DONE and first.status_changes.last().reason == "各单位均已完成"
    page = as_user(officer_st).get(f"/workspace/plans/shares/{share_st.pk}/").content.decode()
    assert "已完成" in page and "已发布" in page


def test_who_sees_and_reports_which_share(district_plan, tree, supervisor, as_user):
    officer_a = make_staff("oa", tree["a"], Role.OFFICER)
    officer_st = make_staff("ost", tree["street"], Role.OFFICER)
    share_st = task(district_plan, 4).shares.get()
    share_a = task(district_plan, 5).shares.get()
    client = as_user(officer_a)
    assert client.get(f"/workspace/plans/shares/{share_a.pk}/").status_code == 200
    assert client.get(f"/workspace/plans/shares/{share_st.pk}/").status_code == 404  # another body's share
    assert client.get(f"/workspace/plans/{district_plan.pk}/").status_code == 404  # the district's own board
    listing = client.get("/workspace/plans/shares/").content.decode()
    assert "就业政策" in listing and "标准目录" not in listing
    response = client.post(f"/workspace/plans/shares/{share_st.pk}/", {"action": "progress", "text": "x", "on": TODAY})
    assert response.status_code == 404 and not share_st.progress.exists()
    as_user(officer_st).post(
        f"/workspace/plans/shares/{share_st.pk}/",
        {"action": "progress", "text": "目录已更新", "on": TODAY.isoformat(), "marks_done": "on"},
    )
    share_st.refresh_from_db()
    assert share_st.status == Status.DONE
    # the district office sees every body's state and opens each body's share with its evidence
    district = as_user(supervisor)
    page = district.get(f"/workspace/plans/{district_plan.pk}/tasks/{share_st.task_id}/").content.decode()
    assert "1/1</strong> 个单位已完成" in page and "测试区乙街道" in page and "目录已更新" in page
    assert district.get(f"/workspace/plans/shares/{share_st.pk}/").status_code == 200
    # the district office reports nothing for a body
    response = district.post(
        f"/workspace/plans/shares/{share_a.pk}/", {"action": "progress", "text": "代报", "on": TODAY}
    )
    assert response.status_code == 404 and not share_a.progress.exists()


def test_a_per_body_target_is_reported_by_each_body_and_a_district_target_once(district_plan, tree, supervisor):
    officer_a = make_staff("oa", tree["a"], Role.OFFICER)
    third = task(district_plan, 3)
    each = third.indicators.get(per_body=True)
    once = third.indicators.get(per_body=False)
    with pytest.raises(TaskError, match="各单位分别考核"):
        each.report_figure(by=supervisor, actual=5)
    share = third.shares.get(agency=tree["a"])
    with pytest.raises(TaskError, match="不是本任务"):
        share.report_figure(once, by=officer_a, actual=5)
    share.report_figure(each, by=officer_a, actual=1, evidence="开放日一次")
    share = Share.objects.prefetch_related("figures").get(pk=share.pk)
    reading = tracking.share_reading(each, share)
    assert reading.actual == 1 and reading.met is False
    once.report_figure(by=supervisor, actual=4)
    assert tracking.read(Indicator.objects.get(pk=once.pk), tree["district"], YEAR).met is True


def test_the_office_assigns_an_unmatched_task_to_a_body_of_the_district(district_plan, tree, supervisor, as_user):
    sixth = task(district_plan, 6)
    with pytest.raises(TaskError, match="本区所属"):
        sixth.assign(by=supervisor, agency=tree["b"])
    response = as_user(supervisor).post(
        f"/workspace/plans/{district_plan.pk}/tasks/{sixth.pk}/",
        {"action": "assign", "agency": tree["a"].pk, "role": "lead"},
    )
    assert response.status_code == 302 and bodies(sixth) == {"T-A": "lead"}
    with pytest.raises(TaskError, match="已承担"):
        sixth.assign(by=supervisor, agency=tree["a"])


def test_late_bodies_are_ranked_and_group_words_never_are(district_plan, tree):
    officer_a = make_staff("oa", tree["a"], Role.OFFICER)
    first = task(district_plan, 1)
    first.shares.get(agency=tree["a"]).report_progress(by=officer_a, text="完成", on=TODAY, marks_done=True)
    late_day = datetime.date(YEAR, 12, 31) + datetime.timedelta(days=1)
    ranking = dict(tracking.board(district_plan, late_day)["late_units"])
    assert "各单位" not in ranking and "各街镇" not in ranking and "各委办局" not in ranking
    assert ranking == {"测试区乙街道": 3, "测试区甲局": 3, "区丁局": 1}  # bodies by their shares; an unmatched name
    body = tracking.bulletin_docx(district_plan, datetime.date(YEAR, 1, 1), late_day)
    text = "\n".join(p.text for p in Docx(io.BytesIO(body)).paragraphs)
    assert "1/2个单位已完成，未完成：测试区乙街道" in text


def test_a_bodys_year_end_summary_carries_its_district_tasks(district_plan, tree):
    officer_a = make_staff("oa", tree["a"], Role.OFFICER)
    for share in Share.objects.filter(agency=tree["a"])[:2]:
        share.report_progress(by=officer_a, text="完成", on=TODAY, marks_done=True)
    summary = tracking.share_summary(tree["a"], YEAR, datetime.date(YEAR, 12, 31))
    carried = Share.objects.filter(agency=tree["a"]).count()
    assert f"分解到本单位的任务{carried}项，已完成2项" in summary
    report = AnnualReport.objects.create(agency=tree["a"], year=YEAR)
    assert any("区级工作要点任务落实情况" in line for line in report_service._plan_summary(report))


def test_a_plan_of_a_bureau_is_not_shared_out(tree, officer_a):
    agency = Agency.objects.get(code="T-A")
    assert agency.kind == AgencyKind.BUREAU
    data = "序号\t任务内容\t责任单位\t时间节点\n1\t公开预算\t各单位\t3月底前".encode()
    plan_json = parse.parse_upload("p.txt", data, YEAR).to_json()
    plan = WorkPlan.confirm_import(agency, YEAR, plan_json, by=officer_a, source_name="p.txt", digest="x")
    assert not plan.is_district and not Share.objects.exists()


def test_a_body_takes_its_district_tasks_into_its_own_plan_and_progress_flows_up(district_plan, tree, as_user):
    officer_a = make_staff("oa", tree["a"], Role.OFFICER)
    client = as_user(officer_a)
    mine = list(Share.objects.filter(agency=tree["a"]).order_by("task__position"))
    response = client.post("/workspace/plans/shares/", {"share": [mine[0].pk, mine[3].pk]})
    own = WorkPlan.objects.get(agency=tree["a"], year=YEAR)
    assert response.status_code == 302 and response["Location"] == f"/workspace/plans/{own.pk}/"
    assert [t.share_id for t in own.tasks.all()] == [mine[0].pk, mine[3].pk] and own.tasks.first().number == "区1"
    client.post("/workspace/plans/shares/", {"share": [mine[0].pk]})  # taken once
    assert own.tasks.count() == 2
    other_body = Share.objects.filter(agency=tree["street"]).first()
    client.post("/workspace/plans/shares/", {"share": [other_body.pk]})  # another body's share: not taken
    assert own.tasks.count() == 2
    client.post(f"/workspace/plans/{own.pk}/", {"action": "add_task", "name": "本单位网站改版", "due": f"{YEAR}-11-30"})
    added = own.tasks.get(name="本单位网站改版")
    assert added.share is None and added.due == datetime.date(YEAR, 11, 30)
    # progress on the body's own task is reported on its share of the district task
    taken = own.tasks.get(share=mine[0])
    taken.report_progress(by=officer_a, text="年报已发布", on=TODAY, marks_done=True)
    mine[0].refresh_from_db()
    assert mine[0].status == Status.DONE and mine[0].progress.get().text == "年报已发布"
    assert "已纳入" in client.get("/workspace/plans/shares/").content.decode()
    # a drafter of the body may look but not take
    drafter = make_staff("da", tree["a"], Role.DRAFTER)
    assert as_user(drafter).post("/workspace/plans/shares/", {"share": [mine[1].pk]}).status_code == 403


def test_a_bodys_queue_lists_its_district_tasks_due_soon_or_late(district_plan, tree):
    officer_a = make_staff("oa", tree["a"], Role.OFFICER)
    late_share = task(district_plan, 1).shares.get(agency=tree["a"])
    Task.objects.filter(pk=late_share.task_id).update(due_on=TODAY - datetime.timedelta(days=3))
    items = {i.title: i.kind for i in tracking.queue_items(officer_a)}
    assert items.get("区1. 年度报告") == "区级任务·逾期"
    late_share.report_progress(by=officer_a, text="完成", on=TODAY, marks_done=True)
    assert "区1. 年度报告" not in {i.title for i in tracking.queue_items(officer_a)}
