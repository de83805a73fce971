import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from gongkai.accounts.management.commands import load_demo
from gongkai.accounts.models import Agency, AgencyKind, Role, User
from gongkai.conftest import make_staff
from gongkai.decisions import demo
from gongkai.decisions.models import Catalogue, Comment, Consultation, EntryChange, Meeting


def _load(monkeypatch):
    monkeypatch.setattr(load_demo, "DEMO_LOADERS", [demo.load])
    call_command("load_demo", stdout=io.StringIO())


def test_the_demo_has_the_districts_catalogues_in_their_stages(db, monkeypatch, client):
    _load(monkeypatch)
    today = timezone.localdate()
    last, this = (Catalogue.objects.get(agency__code="PD", year=y) for y in (today.year - 1, today.year))
    assert last.state == "published" and not last.is_late(today)  # published on 20 March
    assert EntryChange.objects.filter(entry__catalogue=last, kind="revised").exists()
    assert last.entries.filter(outside=True).exists() and last.entries.filter(outside=False).count() == 4
    assert this.state == "published" and not this.is_late(today)
    page = client.get(f"/agencies/PD/decisions/{last.year}/").content.decode()
    assert "根据听证会意见" in page and "目录外决策事项" in page
    # entries in every stage, one open consultation with comments, one report due, reports published
    stages = set(this.entries.values_list("stage", flat=True))
    assert {"catalogue", "participation", "legality", "collective", "published", "evaluation"} <= stages
    open_now = Consultation.objects.open_on(today)
    assert open_now.count() == 1
    consultation = open_now.get()
    assert consultation.comments.filter(state=Comment.State.PUBLISHED).count() >= 3
    assert consultation.comments.filter(state=Comment.State.PENDING).exists()
    assert consultation.groups_to_answer().filter(count__gte=3).exists()  # the identical comments grouped
    reported = Consultation.objects.filter(state=Consultation.State.REPORTED)
    assert reported.count() >= 1 and all(c.report_on_time for c in reported)
    due = Consultation.objects.get(state=Consultation.State.DECIDED)
    assert due.report_days_left() is not None and due.report_days_left() >= 0
    assert Meeting.objects.held_in(this.agency, today.year).count() == 2
    assert Meeting.objects.filter(state="calling").get().accepting()
    page = client.get(f"/consultations/{consultation.pk}/").content.decode()
    assert "13812345678" not in page and "〔电话已隐去〕" in page and "相同意见 3 条" in page
    for item in this.entries.all():  # every page of the demo renders: portal and workspace
        assert client.get(f"/decisions/entries/{item.pk}/").status_code == 200
    waste = client.get(f"/decisions/entries/{this.entries.get(number=5).pk}/").content.decode()
    assert "意见采纳情况" in waste and "采纳" in waste
    for m in Meeting.objects.all():
        assert client.get(f"/decisions/meetings/{m.pk}/").status_code == 200
    assert client.get("/consultations/").status_code == 200
    client.force_login(User.objects.get(username="supervisor"))
    for c in Consultation.objects.all():
        assert client.get(f"/workspace/decisions/consultations/{c.pk}/").status_code == 200
    for m in Meeting.objects.all():
        assert client.get(f"/workspace/decisions/meetings/{m.pk}/").status_code == 200
    assert "2 次" in client.get("/workspace/decisions/meetings/").content.decode()
    assert demo.load() == "演示重大行政决策目录已存在，未做修改。"


@pytest.mark.parametrize("day", [datetime.date(2027, 1, 2), datetime.date(2027, 3, 10), datetime.date(2027, 12, 30)])
def test_the_demo_loads_on_any_day_of_the_year(db, monkeypatch, day):
    """Early January (steps reach into last year), before 20 March, the year's end."""

    pd = Agency.objects.create(code="PD", name="浦东新区人民政府", short_name="浦东", kind=AgencyKind.DISTRICT)
    make_staff("supervisor", pd, Role.SUPERVISOR)
    moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))
    monkeypatch.setattr(timezone, "now", lambda: moment)
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: day)
    assert demo.load(day).startswith("已导入")
    assert Catalogue.objects.get(year=day.year).state == "published"
    assert Meeting.objects.held_in(pd, day.year).count() == 2
