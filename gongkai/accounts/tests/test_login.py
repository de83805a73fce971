import datetime

from django.urls import reverse
from django.utils import timezone

from gongkai.accounts.models import LoginThrottle, Notification
from gongkai.audit.models import Event
from gongkai.conftest import PASSWORD

LOGIN = "/workspace/login/"


def attempt(client, username, password):
    return client.post(LOGIN, {"username": username, "password": password})


def test_it_logs_staff_in_to_the_workspace(client, officer_a):
    response = attempt(client, "officer-a", PASSWORD)
    assert response.status_code == 302 and response["Location"] == reverse("accounts:queue")
    assert client.get(reverse("accounts:queue")).status_code == 200


def test_it_gives_a_generic_message_for_a_wrong_password(client, officer_a):
    page = attempt(client, "officer-a", "wrong").content.decode()
    assert "用户名或密码不正确" in page
    assert "锁定" not in page


def attempt_from(client, address, username, password):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)


def test_the_third_wrong_try_from_a_client_makes_its_next_try_wait(client, officer_a):
    for _ in range(2):
        assert "用户名或密码不正确。" in attempt(client, "officer-a", "wrong").content.decode()
    page = attempt(client, "officer-a", "wrong").content.decode()
    assert "错误次数较多：请于" in page and "锁定" not in page
    # Even the right password waits, from this client.
    assert "错误次数较多" in attempt(client, "officer-a", PASSWORD).content.decode()
    assert "_auth_user_id" not in client.session
    assert Event.objects.filter(verb="account.login_delayed", target_id=str(officer_a.pk)).exists()
    note = Notification.objects.get(user=officer_a)
    assert "多次密码错误" in note.text and "127.0.0.1" in note.text  # the owner is told, with the address


def test_the_wait_doubles_and_is_capped(db):
    first = LoginThrottle.delay(3, 3)
    assert LoginThrottle.delay(2, 3) is None and first == datetime.timedelta(seconds=30)
    assert LoginThrottle.delay(4, 3) == 2 * first and LoginThrottle.delay(40, 3) == datetime.timedelta(minutes=15)


def test_a_stranger_cannot_lock_the_owner_out(client, officer_a):
    for _ in range(8):
        attempt_from(client, "198.51.100.9", "officer-a", "wrong")
    assert "错误次数较多" in attempt_from(client, "198.51.100.9", "officer-a", PASSWORD).content.decode()
    assert attempt_from(client, "192.0.2.1", "officer-a", PASSWORD).status_code == 302  # the owner, elsewhere


def test_one_client_guessing_many_accounts_is_slowed_down(client, db):
    for n in range(9):
        attempt_from(client, "198.51.100.7", f"user{n}", "wrong")
    assert "错误次数较多" in attempt_from(client, "198.51.100.7", "user99", "wrong").content.decode()


def test_it_lets_the_owner_in_after_the_wait(client, officer_a):
    for _ in range(3):
        attempt(client, "officer-a", "wrong")
    LoginThrottle.objects.update(locked_until=timezone.now() - datetime.timedelta(seconds=1))
    assert attempt(client, "officer-a", PASSWORD).status_code == 302
    assert not LoginThrottle.objects.filter(username__startswith="pair:officer-a").exists()


def test_it_counts_only_consecutive_failures(client, officer_a):
    for _ in range(2):
        attempt(client, "officer-a", "wrong")
    assert attempt(client, "officer-a", PASSWORD).status_code == 302
    client.logout()
    for _ in range(2):
        attempt(client, "officer-a", "wrong")
    assert attempt(client, "officer-a", PASSWORD).status_code == 302


def test_it_behaves_the_same_for_unknown_usernames(client, db):
    for _ in range(2):
        attempt(client, "nobody", "wrong")
    assert "错误次数较多" in attempt(client, "nobody", "wrong").content.decode()


def test_it_sends_public_users_to_the_portal_login(client, citizen):
    page = attempt(client, "citizen", PASSWORD).content.decode()
    assert "门户的公众登录页" in page
    assert client.post("/login/", {"username": "citizen", "password": PASSWORD}).status_code == 302


def test_it_ignores_an_offsite_next_url(client, officer_a):
    response = client.post(
        LOGIN + "?next=https://evil.example/",
        {"username": "officer-a", "password": PASSWORD, "next": "https://evil.example/"},
    )
    assert response["Location"] == reverse("accounts:queue")
