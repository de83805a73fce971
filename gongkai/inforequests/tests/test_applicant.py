"""The applicant's side: told at each step, 我的申请, a form from the profile, and a lost query code."""

import datetime
import re
import time
from pathlib import Path

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gongkai.accounts.models import Notification
from gongkai.audit.models import Event
from gongkai.inforequests import letters, tasks
from gongkai.inforequests.law import LetterKind, Outcome
from gongkai.inforequests.models import CaseFile, InfoRequest
from gongkai.inforequests.tests.conftest import PERSON

D = datetime.date


def test_the_applicant_is_told_when_registered_when_a_letter_issues_and_when_the_reply_goes_out(
    tree, officer_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        case = InfoRequest.register(
            agency=tree["a"], by=officer_a, channel="in_person", received_on=D(2026, 3, 2), **PERSON
        )[0]
    assert [m.to for m in mail.outbox] == [[PERSON["email"]]]
    assert case.number in mail.outbox[0].body and "已登记" in mail.outbox[0].body
    assert reverse("requests:status") + f"?number={case.number}" in mail.outbox[0].body
    with django_capture_on_commit_callbacks(execute=True):
        case.reply(by=officer_a, on=D(2026, 3, 5), outcome=Outcome.GRANTED, text="见附件。")
    assert len(mail.outbox) == 1  # a draft letter tells nobody
    letter = case.letters.get()
    with django_capture_on_commit_callbacks(execute=True):
        letters.issue(letter, by=officer_a, on=D(2026, 3, 5))
    assert "已就您的申请" in mail.outbox[1].body and letter.title in mail.outbox[1].body
    with django_capture_on_commit_callbacks(execute=True):
        case.dispatch(by=officer_a, method="ems", sent_on=D(2026, 3, 6), tracking_number="EA1CN", letter=letter)
    assert "送达" in mail.outbox[2].body and "EA1CN" in mail.outbox[2].body
    assert "110105" not in "".join(m.body for m in mail.outbox)  # no personal data in the messages


def test_a_signed_in_applicant_is_told_in_the_site_and_finds_the_case_under_my_requests(
    client, tree, citizen, django_capture_on_commit_callbacks
):
    citizen.phone, citizen.email = "13900000000", "zhang@example.com"
    citizen.save()
    client.force_login(citizen)
    page = client.get(reverse("requests:apply", args=[tree["a"].code])).content.decode()
    assert 'value="张三"' in page and 'value="13900000000"' in page and 'value="zhang@example.com"' in page
    assert re.search(r'value="person"[^>]*checked', page)  # from the profile
    data = {**PERSON, "submission_key": "mine-1"}
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("requests:apply", args=[tree["a"].code]), data)
    case = InfoRequest.objects.get()
    assert case.user == citizen
    note = Notification.objects.get(user=citizen)
    assert case.number in note.text and note.url == case.status_url()
    mine = client.get(reverse("requests:mine")).content.decode()
    listed = mine.split('data-testid="my-requests"', 1)[1]
    assert case.number in listed and "答复期限" in listed and tree["a"].name in listed
    status = client.get(case.status_url()).content.decode()
    assert "st-h" in status and case.number in status  # no query code needed for one's own case
    other = InfoRequest.register(agency=tree["a"], by=None, channel="online", received_on=D(2026, 3, 2), **PERSON)[0]
    assert other.number not in client.get(reverse("requests:mine")).content.decode()
    assert "st-h" not in client.get(other.status_url()).content.decode()


def test_third_party_letters_stay_off_the_applicants_pages(client, tree, officer_a, case):
    consultation = case.letters.create(
        kind=LetterKind.CONSULTATION, title="征求第三方意见函", body="x", issued_on=D(2026, 2, 12)
    )
    client.post(reverse("requests:status"), {"number": case.number, "code": case.query_code})
    page = client.get(case.status_url()).content.decode()
    assert "征求第三方意见函" not in page
    assert client.get(reverse("requests:applicant_letter", args=[consultation.pk])).status_code == 404


def test_a_lost_query_code_is_recovered_by_a_one_time_link(client, tree, officer_a, case, settings):
    url = reverse("requests:recover")
    same = "如果申请编号与邮箱或手机号一致"
    assert same in client.post(url, {"number": case.number, "contact": "wrong@example.com"}).content.decode()
    assert same in client.post(url, {"number": "NOPE-1", "contact": PERSON["email"]}).content.decode()
    assert mail.outbox == []  # nothing sent for a wrong address or number, and the page says the same
    client.post(url, {"number": case.number, "contact": PERSON["email"].upper()})
    link = re.search(r"http://\S+/requests/recover/(\S+)/", mail.outbox[0].body)
    token = link.group(1)
    landing = client.get(reverse("requests:recover_link", args=[token]))
    assert "设置新的查询码" in landing.content.decode() and case.code_resets.get().used_at is None  # GET spends nothing
    page = client.post(reverse("requests:recover_link", args=[token])).content.decode()
    code = re.search(r'data-testid="code">([0-9A-F]+)<', page).group(1)
    case.refresh_from_db()
    assert case.check_code(code) and not case.check_code(case.query_code)  # the old code no longer works
    again = client.post(reverse("requests:recover_link", args=[token]))
    assert again.status_code == 400 and "已失效或已经使用过" in again.content.decode()
    # by text message: the default sender writes to the outbox file
    client.post(url, {"number": case.number, "contact": "138-0000-0000"})
    outbox = (settings.DATA_DIR / "sms-outbox.log").read_text(encoding="utf-8")
    assert PERSON["phone"] in outbox and "/requests/recover/" in outbox
    client.post(url, {"number": case.number, "contact": PERSON["email"]})
    client.post(url, {"number": case.number, "contact": PERSON["email"]})
    assert case.code_resets.count() == 3  # at most three links a day


def test_guessing_query_codes_is_throttled_per_case_and_per_client(client, case):
    cache.clear()
    url = reverse("requests:status")
    assert len(case.query_code) == 12  # 48 bits
    for i in range(10):
        page = client.post(url, {"number": case.number, "code": f"WRONG{i}"}).content.decode()
        assert "申请编号或查询码不正确" in page
    page = client.post(url, {"number": case.number, "code": case.query_code}).content.decode()
    assert "查询码错误次数过多" in page and "15 分钟" in page and "st-h" not in page  # even the right code waits
    assert Event.objects.filter(verb="inforequest.code_failed", target_id=str(case.pk)).count() == 10
    other = InfoRequest.register(agency=case.agency, by=None, channel="online", received_on=D(2026, 3, 2), **PERSON)
    page = client.post(url, {"number": other[0].number, "code": other[1]}).content.decode()
    assert "查询码错误次数过多" in page  # this client is held back on every case
    cache.clear()
    page = client.post(url, {"number": case.number, "code": case.query_code}).content.decode()
    assert "st-h" in page  # after the wait, the right code opens the case


def test_an_application_and_its_files_are_saved_together_and_no_number_is_burned(client, tree, monkeypatch):
    url = reverse("requests:apply", args=[tree["a"].code])
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr("gongkai.inforequests.models.CaseFile.store", broken)
    upload = SimpleUploadedFile("身份证.pdf", pdf, content_type="application/pdf")
    with pytest.raises(OSError):
        client.post(url, {**PERSON, "submission_key": "k-1", "identity_files": upload})
    assert not InfoRequest.objects.exists()  # the case went with its files
    monkeypatch.undo()
    client.post(url, {**PERSON, "submission_key": "k-2"})
    first = InfoRequest.objects.get()
    assert first.number.endswith("-00001")  # the failed attempt burned no number
    again = client.post(url, {**PERSON, "submission_key": "k-2"}).content.decode()
    assert "未重复登记" in again and reverse("requests:recover") in again  # a way in without the code


def test_a_simultaneous_double_submission_gives_its_number_back(tree, monkeypatch):
    created, _code = InfoRequest.register(
        agency=tree["a"], by=None, channel="online", received_on=D(2026, 3, 2), submission_key="same", **PERSON
    )
    real_filter = InfoRequest.objects.filter
    calls = {"n": 0}

    def blind_first_lookup(*args, **kwargs):  # the other request's row is not visible yet
        calls["n"] += 1
        return real_filter(pk=-1) if calls["n"] == 1 else real_filter(*args, **kwargs)

    monkeypatch.setattr(InfoRequest.objects, "filter", blind_first_lookup)
    case, code = InfoRequest.register(
        agency=tree["a"], by=None, channel="online", received_on=D(2026, 3, 2), submission_key="same", **PERSON
    )
    monkeypatch.undo()
    assert case == created and code is None
    later, _ = InfoRequest.register(agency=tree["a"], by=None, channel="online", received_on=D(2026, 3, 2), **PERSON)
    assert later.number.endswith("-00002")


def test_the_worker_sweeps_case_files_left_without_a_case(case, settings):
    kept = CaseFile.store(case, SimpleUploadedFile("身份证.pdf", b"%PDF-1.4\n"), kind=CaseFile.Kind.IDENTITY)
    stray = Path(settings.MEDIA_ROOT) / "requests" / case.agency.code / case.number / "0123456789abcdef" / "x.pdf"
    stray.parent.mkdir(parents=True)
    stray.write_bytes(b"%PDF-1.4\n")
    letter_dir = Path(settings.MEDIA_ROOT) / "requests" / case.agency.code / case.number / "letters"
    letter_dir.mkdir(parents=True, exist_ok=True)
    (letter_dir / "答复书.docx").write_bytes(b"PK")
    assert tasks.sweep_orphan_files() == []  # too young: it may be a request still being saved
    removed = tasks.sweep_orphan_files(now=time.time() + 2 * 3600)
    assert removed == [stray.relative_to(settings.MEDIA_ROOT).as_posix()]
    assert not stray.exists() and Path(kept.file.path).exists() and (letter_dir / "答复书.docx").exists()
