from django.urls import reverse

from gongkai.audit.models import Event


def agency_url(agency):
    return reverse("accounts:agency", args=[agency.code])


def test_it_shows_an_officer_their_own_agency(as_user, officer_a, tree):
    assert as_user(officer_a).get(agency_url(tree["a"])).status_code == 200


def test_it_hides_another_agency_from_an_officer(as_user, officer_a, tree):
    client = as_user(officer_a)
    assert client.get(agency_url(tree["b"])).status_code == 404
    assert client.get(agency_url(tree["district"])).status_code == 404


def test_it_lets_the_district_supervisor_see_every_agency_below(as_user, supervisor, tree):
    client = as_user(supervisor)
    for key in ("district", "a", "street"):
        assert client.get(agency_url(tree[key])).status_code == 200
    # A city bureau is not below the district.
    assert client.get(agency_url(tree["b"])).status_code == 404
    assert client.get(agency_url(tree["city"])).status_code == 404


def test_it_lists_only_visible_agencies(as_user, officer_a, supervisor, tree):
    codes = [a.code for a in as_user(officer_a).get(reverse("accounts:agencies")).context["agencies"]]
    assert codes == ["T-A"]
    codes = {a.code for a in as_user(supervisor).get(reverse("accounts:agencies")).context["agencies"]}
    assert codes == {"T-DIST", "T-A", "T-ST"}


def test_it_lets_the_system_administrator_see_all(as_user, sysadmin, tree):
    client = as_user(sysadmin)
    assert all(client.get(agency_url(a)).status_code == 200 for a in tree.values())


def test_it_keeps_public_users_and_visitors_out_of_the_workspace(client, as_user, citizen, tree):
    response = client.get(reverse("accounts:queue"))
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]
    assert as_user(citizen).get(reverse("accounts:queue")).status_code == 403


def test_it_lets_only_the_agency_admin_edit_contacts(as_user, admin_a, officer_a, tree):
    edit = reverse("accounts:agency_edit", args=["T-A"])
    assert as_user(officer_a).get(edit).status_code == 403
    client = as_user(admin_a)
    response = client.post(edit, {"office_name": "甲局办公室", "phone": "021-1234", "postcode": "200000"})
    assert response.status_code == 302
    tree["a"].refresh_from_db()
    assert tree["a"].phone == "021-1234"
    event = Event.objects.get(verb="agency.contacts_updated")
    assert event.actor_name == "admin-a" and event.data["changes"]["phone"] == ["", "021-1234"]
    # The admin of agency A cannot edit agency B: it does not exist for them.
    assert client.get(reverse("accounts:agency_edit", args=["T-B"])).status_code == 404


def test_it_refuses_a_bad_postcode_and_keeps_the_other_fields(as_user, admin_a, tree):
    edit = reverse("accounts:agency_edit", args=["T-A"])
    response = as_user(admin_a).post(edit, {"office_name": "甲局办公室", "postcode": "12ab"})
    assert response.status_code == 200
    assert "邮政编码应为 6 位数字" in response.content.decode()
    assert response.context["form"]["office_name"].value() == "甲局办公室"
    tree["a"].refresh_from_db()
    assert tree["a"].office_name == ""


def test_it_shows_navigation_by_role(as_user, officer_a, sysadmin):
    page = as_user(officer_a).get(reverse("accounts:queue")).content.decode()
    assert "我的待办" in page and "系统管理" not in page
    page = as_user(sysadmin).get(reverse("accounts:queue")).content.decode()
    assert "系统管理" in page
