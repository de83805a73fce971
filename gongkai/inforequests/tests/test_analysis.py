import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from gongkai.accounts.models import Notification
from gongkai.inforequests import analysis
from gongkai.inforequests.law import LetterKind, Outcome
from gongkai.inforequests.models import InfoRequest, LetterTemplate, ReplyPhrase
from gongkai.inforequests.tasks import send_reminders
from gongkai.inforequests.tests.conftest import PERSON

D = datetime.date


def register(agency, by, received_on, **extra):
    return InfoRequest.register(
        agency=agency, by=by, channel="in_person", received_on=received_on, **{**PERSON, **extra}
    )[0]


def test_reminders_go_out_at_five_and_one_working_days_once(tree, officer_a):
    officer_a.email = "officer@example.com"
    officer_a.save()
    case = register(tree["a"], officer_a, D(2026, 2, 10))  # due 16 Mar 2026
    assert send_reminders(D(2026, 3, 6)) == 0  # 6 working days left
    assert send_reminders(D(2026, 3, 9)) == 1  # 5 left
    assert send_reminders(D(2026, 3, 9)) == 0  # the worker may run again: nothing twice
    assert send_reminders(D(2026, 3, 13)) == 1  # 1 left
    notes = list(Notification.objects.filter(user=officer_a).values_list("text", flat=True))
    assert len(notes) == 2 and "还剩 5 个工作日" in notes[1] and "2026年3月16日" in notes[0]
    assert len(mail.outbox) == 2 and case.number in mail.outbox[0].subject
    assert mail.outbox[0].to == ["officer@example.com"] and f"/workspace/requests/{case.number}/" in mail.outbox[0].body


def test_the_queue_page_shows_reminders(as_user, tree, officer_a):
    register(tree["a"], officer_a, D(2026, 2, 10))
    send_reminders(D(2026, 3, 9))
    page = as_user(officer_a).get(reverse("accounts:queue")).content.decode()
    assert "还剩 5 个工作日" in page
    as_user(officer_a).post(reverse("accounts:queue"), {"read": "1"})
    assert not Notification.objects.filter(read_at__isnull=True).exists()


def test_analysis_counts_keywords_time_and_flags(tree, officer_a, settings):
    settings.GONGKAI_REQUESTS_MONTHLY_FLAG = 2
    a = register(tree["a"], officer_a, D(2026, 2, 10), information="2025年一次性就业补贴发放人数")
    a.reply(by=officer_a, on=D(2026, 2, 24), outcome=Outcome.GRANTED, text="见附件")  # 11–14 Feb, 24 Feb: 春节 excluded
    b = register(tree["a"], officer_a, D(2026, 3, 2), information="2025年一次性就业补贴发放人数和金额")
    c = register(tree["a"], officer_a, D(2026, 3, 3), information="老旧小区加装电梯补贴标准")
    register(tree["a"], officer_a, D(2026, 3, 4), information="本区公共停车场收费标准")
    summary = analysis.summarise(InfoRequest.objects.all(), D(2026, 1, 1), D(2026, 12, 31))
    assert summary.total == 4 and summary.finished == 1 and summary.average_workdays == 5.0
    assert dict(summary.by_month)["2026-03"] == 3 and dict(summary.by_channel) == {"当面提交": 4}
    assert ("就业补贴", 2) in summary.keywords and ("标准", 2) in summary.keywords
    assert not any(word.isdigit() for word, _ in summary.keywords)
    repeats = analysis.repeat_flags(InfoRequest.objects.all())
    assert [(f.case, f.earlier) for f in repeats] == [(b, a)]
    excess = analysis.excessive_flags(InfoRequest.objects.all())
    assert [(f.month, f.count) for f in excess] == [("2026-03", 3)] and c.number in excess[0].numbers


def test_several_applicants_asking_alike_suggest_active_disclosure(tree, officer_a, make_draft):
    doc = make_draft(title="关于2025年一次性就业补贴发放情况的通知", doc_number="测甲〔2026〕3号")
    recent = timezone.localdate() - datetime.timedelta(days=40)
    asked = "2025年一次性就业补贴发放情况"
    for i, ident in enumerate(["11010519491231002X", "110105194912310037", "110105194912310045"]):
        register(tree["a"], officer_a, recent + datetime.timedelta(days=i), id_number=ident, information=asked)
    register(tree["a"], officer_a, recent, information="公共停车场收费标准")
    old = register(tree["a"], officer_a, recent - datetime.timedelta(days=400), information=asked)
    suggestions = analysis.disclosure_suggestions(InfoRequest.objects.all())
    assert len(suggestions) == 1 and suggestions[0].applicants == 3 and suggestions[0].document == doc
    assert old not in suggestions[0].cases  # only the last year counts
    # the same applicant three times is not "several applicants"
    assert analysis.disclosure_suggestions(InfoRequest.objects.filter(id_number=PERSON["id_number"])) == []


def test_the_analysis_page_and_masked_export(as_user, tree, officer_a, officer_b):
    case = register(tree["a"], officer_a, D(2026, 3, 2))
    page = as_user(officer_a).get(reverse("inforequests:analysis"), {"year": 2026}).content.decode()
    assert "每月收到申请（共 1 件）" in page and "<svg" in page and "一、本年新收政府信息公开申请数量" in page
    response = as_user(officer_a).get(reverse("inforequests:export"), {"year": 2026})
    body = response.content.decode("utf-8-sig")
    assert case.number in body and "110***********002X" in body and "138****0000" in body
    assert PERSON["id_number"] not in body and PERSON["phone"] not in body
    other = as_user(officer_b).get(reverse("inforequests:export"), {"year": 2026}).content.decode("utf-8-sig")
    assert case.number not in other


def test_reply_phrases_and_templates_are_maintained_as_data(as_user, tree, officer_a, supervisor):
    staff = as_user(officer_a)
    staff.post(reverse("inforequests:phrases"), {"outcome": "granted", "title": "已主动公开", "text": "可在门户查询。"})
    phrase = ReplyPhrase.objects.get()
    assert phrase.agency == tree["a"]
    case = register(tree["a"], officer_a, D(2026, 3, 2))
    assert "可在门户查询。" in staff.get(reverse("inforequests:detail", args=[case.number])).content.decode()
    assert staff.get(reverse("inforequests:templates"), {"edit": 1}).status_code == 403
    boss = as_user(supervisor)
    boss.get(reverse("inforequests:templates"))
    template = LetterTemplate.objects.get(kind=LetterKind.CORRECTION)
    url = reverse("inforequests:templates") + f"?edit={template.pk}"
    page = boss.post(url, {"title": template.title, "body": "请补正{不存在}", "articles": "第三十条"}).content.decode()
    assert "不认识的占位符 {不存在}" in page
    boss.post(url, {"title": template.title, "body": "{申请人}：请补正{补正事项}。", "articles": "第三十条"})
    case.request_correction(by=officer_a, on=D(2026, 3, 3), note="年度")
    assert case.letters.get().body == "张三：请补正年度。"


@pytest.mark.parametrize("view", ["mine", "open", "soon", "overdue", "paused", "delivery", "all"])
def test_every_queue_renders(as_user, tree, officer_a, view):
    register(tree["a"], officer_a, D(2026, 3, 2))
    assert as_user(officer_a).get(reverse("inforequests:list"), {"view": view}).status_code == 200
