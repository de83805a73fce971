from django.urls import reverse

from gongkai import audit


def timeline_url(agency):
    return reverse("audit:timeline", args=["accounts.agency", agency.pk])


def test_it_shows_an_objects_events_in_order(as_user, admin_a, tree):
    tree["a"].update_contacts(by=admin_a, phone="021-1")
    tree["a"].update_contacts(by=admin_a, phone="021-2")
    page = as_user(admin_a).get(timeline_url(tree["a"])).content.decode()
    assert page.index("021-1") < page.index("021-2")
    assert "agency.contacts_updated" in page


def test_it_hides_other_agencies_timelines(as_user, officer_b, supervisor, tree, admin_a):
    audit.record(admin_a, "test.event", tree["a"])
    assert as_user(officer_b).get(timeline_url(tree["a"])).status_code == 404
    assert as_user(supervisor).get(timeline_url(tree["a"])).status_code == 200


def test_it_does_not_show_timelines_to_drafters(as_user, drafter, admin_a, tree):
    audit.record(admin_a, "test.event", tree["a"])
    assert as_user(drafter).get(timeline_url(tree["a"])).status_code == 404
