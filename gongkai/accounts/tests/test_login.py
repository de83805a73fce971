import datetime

from django.urls import reverse
from django.utils import timezone

from gongkai.accounts.models import LoginThrottle
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


def test_it_locks_the_account_on_the_fifth_wrong_try(client, officer_a):
    for _ in range(4):
        assert "用户名或密码不正确" in attempt(client, "officer-a", "wrong").content.decode()
    page = attempt(client, "officer-a", "wrong").content.decode()
    assert "账号已锁定 15 分钟" in page
    # Even the right password is refused while locked.
    page = attempt(client, "officer-a", PASSWORD).content.decode()
    assert "账号已锁定" in page
    assert "_auth_user_id" not in client.session
    assert Event.objects.filter(verb="account.locked", target_id=str(officer_a.pk)).exists()


def test_it_unlocks_after_the_lock_expires(client, officer_a):
    for _ in range(5):
        attempt(client, "officer-a", "wrong")
    LoginThrottle.objects.update(locked_until=timezone.now() - datetime.timedelta(seconds=1))
    assert attempt(client, "officer-a", PASSWORD).status_code == 302


def test_it_counts_only_consecutive_failures(client, officer_a):
    for _ in range(4):
        attempt(client, "officer-a", "wrong")
    assert attempt(client, "officer-a", PASSWORD).status_code == 302
    client.logout()
    for _ in range(4):
        attempt(client, "officer-a", "wrong")
    assert attempt(client, "officer-a", PASSWORD).status_code == 302


def test_it_behaves_the_same_for_unknown_usernames(client, db):
    for _ in range(4):
        attempt(client, "nobody", "wrong")
    assert "账号已锁定" in attempt(client, "nobody", "wrong").content.decode()


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
