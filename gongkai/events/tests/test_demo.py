import io

from django.core.management import call_command

from gongkai.accounts.management.commands import load_demo
from gongkai.documents import demo as documents_demo
from gongkai.events import demo
from gongkai.events.models import Event, Registration


def test_the_demo_has_events_in_every_state(db, monkeypatch, client):
    monkeypatch.setattr(load_demo, "DEMO_LOADERS", [documents_demo.load, demo.load])
    call_command("load_demo", stdout=io.StringIO())
    assert set(Event.objects.values_list("state", flat=True)) == set(Event.State.values)
    open_day = Event.objects.get(state="open")
    assert open_day.confirmed.count() == 3 and open_day.registrations.filter(state="waitlisted").count() == 2
    assert Registration.objects.filter(state="attended").count() == 12
    assert client.get("/events/").status_code == 200 and client.get("/zones/").status_code == 200
    assert demo.load().startswith("演示开放活动已存在")
