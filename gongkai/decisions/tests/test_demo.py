import datetime
import io

from django.core.management import call_command
from django.utils import timezone

from gongkai.accounts.management.commands import load_demo
from gongkai.decisions import demo
from gongkai.decisions.models import Catalogue, EntryChange


def test_the_demo_has_the_districts_catalogues_in_their_stages(db, monkeypatch, client):
    monkeypatch.setattr(load_demo, "DEMO_LOADERS", [demo.load])
    call_command("load_demo", stdout=io.StringIO())
    today = timezone.localdate()
    last, this = (Catalogue.objects.get(agency__code="PD", year=y) for y in (today.year - 1, today.year))
    assert last.state == "published" and not last.is_late(today)  # published on 20 March
    assert EntryChange.objects.filter(entry__catalogue=last, kind="revised").exists()
    assert last.entries.filter(outside=True).exists() and last.entries.filter(outside=False).count() == 4
    published_by_now = timezone.now() >= timezone.make_aware(datetime.datetime(today.year, 3, 20, 10))
    assert this.state == ("published" if published_by_now else "approved")
    page = client.get(f"/agencies/PD/decisions/{last.year}/").content.decode()
    assert "根据听证会意见" in page and "目录外决策事项" in page
    assert demo.load() == "演示重大行政决策目录已存在，未做修改。"
