"""The yearly catalogue of major administrative decisions: consent before publication, the 31 March date,
changes after publication as versions with a reason, decisions outside the catalogue, the portal page."""

import datetime

import pytest
from django.utils import timezone

from gongkai.accounts.models import Notification, Role
from gongkai.audit.models import Event
from gongkai.conftest import make_staff
from gongkai.decisions.duties import queue_items, send_reminders
from gongkai.decisions.models import Catalogue, DecisionError, EntryChange
from gongkai.workplans import parse, service, tracking
from gongkai.workplans.models import WorkPlan

TODAY = timezone.localdate()
YEAR = TODAY.year


@pytest.fixture
def office(tree):
    return make_staff("district-office", tree["district"], Role.OFFICER)


@pytest.fixture
def catalogue(tree, office):
    catalogue = Catalogue.open(tree["district"], YEAR, by=office)
    catalogue.add_entry(by=office, matter="编制区国土空间总体规划", unit="区规划资源局", timing="12月",
                        procedures=["participation", "experts", "risk", "legality", "collective"])  # fmt: skip
    catalogue.add_entry(by=office, matter="调整区公共停车收费标准", unit="区发展改革委", timing="6月",
                        procedures=["participation", "legality", "collective"])  # fmt: skip
    return catalogue


def test_a_catalogue_is_published_only_after_consent(catalogue, office):
    with pytest.raises(DecisionError, match="先登记同意"):
        catalogue.publish(by=office)
    with pytest.raises(DecisionError, match="同意情况"):
        catalogue.approve(by=office, on=TODAY, approval=" ")
    catalogue.approve(by=office, on=TODAY, approval="经区委、区政府同意")
    catalogue.publish(by=office)
    assert catalogue.state == "published" and catalogue.published_at is not None
    assert [s.new for s in catalogue.status_changes.all()] == ["approved", "published"]
    assert Event.objects.filter(verb="decision.catalogue_published").exists()
    with pytest.raises(DecisionError, match="年度"):
        Catalogue.open(catalogue.agency, YEAR, by=office)


def test_the_date_it_is_due_by_and_lateness(catalogue):
    assert catalogue.due == datetime.date(YEAR, 3, 31)
    assert not catalogue.is_late(datetime.date(YEAR, 3, 31)) and catalogue.is_late(datetime.date(YEAR, 4, 1))
    catalogue.published_at = datetime.datetime(YEAR, 3, 20, 10, tzinfo=datetime.UTC)
    assert not catalogue.is_late(datetime.date(YEAR, 12, 31))  # published in time stays in time


def test_the_office_is_reminded_until_it_is_published(catalogue, office):
    items = queue_items(office)
    assert len(items) == 1 and "3月31日前公布" in items[0].title and items[0].due == catalogue.due
    catalogue.approve(by=office, on=TODAY, approval="经区委、区政府同意")
    catalogue.publish(by=office)
    assert queue_items(office) == []


def test_changes_after_publication_are_versions_with_a_reason(catalogue, office, client):
    entry = catalogue.entries.get(number=2)
    entry.revise(by=office, reason="", matter="调整区公共停车收费标准（草案）", unit="区发展改革委", timing="6月",
                 procedures=["legality"])  # fmt: skip
    assert entry.version == 1 and not EntryChange.objects.exists()  # before publication: a plain edit
    catalogue.approve(by=office, on=TODAY, approval="经区委、区政府同意")
    catalogue.publish(by=office)
    with pytest.raises(DecisionError, match="调整理由"):
        entry.revise(by=office, reason="", matter="x", unit="y", timing="", procedures=[])
    entry.revise(by=office, reason="根据区政府常务会议意见推迟", matter=entry.matter, unit=entry.unit, timing="9月",
                 procedures=["participation", "legality", "collective"])  # fmt: skip
    with pytest.raises(DecisionError, match="调整理由"):
        catalogue.add_entry(by=office, matter="新增事项", unit="区民政局", timing="", procedures=[])
    catalogue.add_entry(by=office, matter="制定区养老服务设施布局专项规划", unit="区民政局", timing="11月",
                        procedures=["participation"], reason="区委全会部署新增")  # fmt: skip
    catalogue.entries.get(number=1).withdraw(by=office, reason="市级统筹编制，不再作为区级决策")
    entry.refresh_from_db()
    assert entry.version == 2 and entry.changes.get().before["timing"] == "6月"
    assert [c.kind for c in EntryChange.objects.all()] == ["revised", "added", "withdrawn"]
    page = client.get(f"/agencies/{catalogue.agency.code}/decisions/{YEAR}/").content.decode()
    assert "根据区政府常务会议意见推迟" in page and "区委全会部署新增" in page and "（已调出目录）" in page
    assert "市级统筹编制" in page and "经区委、区政府同意" in page


def test_a_decision_outside_the_catalogue_needs_its_reason(catalogue, office):
    with pytest.raises(DecisionError, match="目录外理由"):
        catalogue.record_outside(by=office, matter="应急调整", unit="区应急局", reason="")
    entry = catalogue.record_outside(by=office, matter="区防汛防台应急预案修订", unit="区应急局",
                                     reason="台风过境后急需修订，年初无法预见")  # fmt: skip
    assert entry.outside and entry.number == 0


def test_the_portal_shows_only_published_catalogues(catalogue, office, client, tree):
    url = f"/agencies/{tree['district'].code}/decisions/{YEAR}/"
    assert client.get(url).status_code == 404
    catalogue.approve(by=office, on=TODAY, approval="经区委、区政府同意")
    assert client.get(url).status_code == 404  # approved is not published
    catalogue.publish(by=office)
    page = client.get(url).content.decode()
    assert "编制区国土空间总体规划" in page and "公众参与、专家论证、风险评估、合法性审查、集体讨论决定" in page
    assert f"{YEAR}年度重大行政决策事项目录" in client.get(f"/agencies/{tree['district'].code}/").content.decode()


def test_who_keeps_the_catalogue(catalogue, tree, as_user, officer_a, supervisor):
    assert as_user(officer_a).get(f"/workspace/decisions/{catalogue.pk}/").status_code == 404  # another body
    page = as_user(supervisor).get(f"/workspace/decisions/{catalogue.pk}/").content.decode()
    assert "添加事项" in page  # the district office keeps the district's catalogue
    drafter = make_staff("district-drafter", tree["district"], Role.DRAFTER)
    client = as_user(drafter)
    assert client.get(f"/workspace/decisions/{catalogue.pk}/").status_code == 200
    response = client.post(f"/workspace/decisions/{catalogue.pk}/", {"action": "publish"})
    assert response.status_code == 403 and Catalogue.objects.get().state == "draft"


def test_the_forms_refuse_bad_input_in_chinese(catalogue, supervisor, as_user):
    client = as_user(supervisor)
    bad = {"action": "entry", "matter": "", "unit": "区民政局", "procedures": ["nonsense"]}
    response = client.post(f"/workspace/decisions/{catalogue.pk}/", bad, follow=True)
    page = response.content.decode()
    assert "决策事项" in page and catalogue.entries.count() == 2
    response = client.post(f"/workspace/decisions/{catalogue.pk}/", {"action": "publish"}, follow=True)
    assert "须先登记同意" in response.content.decode()


def test_the_open_api_lists_published_catalogues_only(catalogue, office, client):
    assert client.get("/api/v1/decision-catalogues").json() == {"items": []}
    catalogue.approve(by=office, on=datetime.date(YEAR, 3, 1), approval="经区委、区政府同意")
    catalogue.publish(by=office)
    catalogue.entries.get(number=1).withdraw(by=office, reason="市级统筹编制")
    items = client.get(f"/api/v1/decision-catalogues?agency={catalogue.agency.code}&year={YEAR}").json()["items"]
    assert len(items) == 1 and items[0]["approval"] == "经区委、区政府同意"
    assert [e["matter"] for e in items[0]["entries"]] == ["编制区国土空间总体规划", "调整区公共停车收费标准"]
    assert items[0]["entries"][0]["withdrawn"] and items[0]["changes"][0]["reason"] == "市级统筹编制"
    assert client.get(f"/api/v1/decision-catalogues?year={YEAR - 1}").json() == {"items": []}
    bad = client.get("/api/v1/decision-catalogues?year=abc")
    assert bad.status_code == 422 and "year" in bad.json()["error"]


def test_a_work_plan_target_reads_the_catalogues_publication(catalogue, office, tree):
    task = "3月31日前向社会公开本年度重大行政决策事项目录"
    data = f"序号\t任务内容\t责任单位\t时间节点\n1\t{task}\t区政务公开办\t3月底前".encode()
    plan_json = parse.parse_upload("p.txt", data, YEAR).to_json()
    plan = WorkPlan.confirm_import(tree["district"], YEAR, plan_json, by=office, source_name="p.txt",
                                   digest=service.sha256(data))  # fmt: skip
    indicator = plan.tasks.get().indicators.get(metric="decision_catalogue")
    assert tracking.read(indicator, tree["district"], YEAR).met is None  # not published yet
    catalogue.approve(by=office, on=datetime.date(YEAR, 3, 1), approval="经区委、区政府同意")
    catalogue.publish(by=office, at=timezone.make_aware(datetime.datetime(YEAR, 3, 25, 9)))
    reading = tracking.read(indicator, tree["district"], YEAR)
    assert reading.met is True and reading.actual_date == datetime.date(YEAR, 3, 25)
    with pytest.raises(DecisionError, match="公布时间"):  # a publication before the consent is refused
        other = Catalogue.open(tree["a"], YEAR, by=office)
        other.add_entry(by=office, matter="事项", unit="办公室", timing="", procedures=[])
        other.approve(by=office, on=TODAY, approval="经区委、区政府同意")
        other.publish(by=office, at=timezone.make_aware(datetime.datetime(YEAR, 1, 1)) - datetime.timedelta(days=1))


def test_the_feed_carries_published_catalogues_and_their_changes(catalogue, office, client):
    assert "<entry>" not in client.get("/feeds/decisions.atom").content.decode()  # a draft is not in it
    catalogue.approve(by=office, on=datetime.date(YEAR, 3, 1), approval="经区委、区政府同意")
    catalogue.publish(by=office)
    catalogue.entries.get(number=2).withdraw(by=office, reason="并入市级事项")
    feed = client.get("/feeds/decisions.atom").content.decode()
    assert f"{catalogue.title}公布" in feed and "调出：调整区公共停车收费标准" in feed and "理由：并入市级事项" in feed
    assert feed.index("调出") < feed.index(f"{catalogue.title}公布")  # newest first


def test_an_unpublished_catalogue_is_reminded_before_31_march_and_once_when_late(catalogue, office):
    due = catalogue.due
    assert send_reminders(due - datetime.timedelta(days=20)) == 0
    assert send_reminders(due - datetime.timedelta(days=14)) == 1
    assert send_reminders(due - datetime.timedelta(days=14)) == 0
    assert "还有 14 天" in Notification.objects.get(user=office).text
    assert send_reminders(due + datetime.timedelta(days=1)) == 1
    assert "已逾期" in Notification.objects.filter(user=office).first().text
    catalogue.approve(by=office, on=TODAY, approval="经区委、区政府同意")
    catalogue.publish(by=office)
    assert send_reminders(due - datetime.timedelta(days=3)) == 0  # published: nothing more
