"""政民互动 messages: deadlines across holidays, routing to the drafting department, permissions (another
agency's staff get 404), transfer with acceptance, conversion, review and reply, the citizen's rating,
选登 with consent and masking (the private part never shown), reminders, the 3-month flag, the portal's
forms and the tracking page, and the intake API (idempotent, the source's deadline honoured)."""

import datetime
import io
import re

import pytest
from django.core import mail
from django.utils import timezone
from openpyxl import load_workbook

from gongkai.accounts.models import Department, Notification, Role
from gongkai.api.auth import issue_token
from gongkai.conftest import make_staff
from gongkai.documents.law import Validity
from gongkai.interactions import duties, metrics
from gongkai.interactions.models import Answer, Channel, InteractionError, Message

TODAY = timezone.localdate()


@pytest.fixture
def channels(db):
    return {c.code: c for c in Channel.objects.all()}


@pytest.fixture
def dept(tree, drafter):
    department = Department.objects.create(agency=tree["a"], name="就业促进科")
    drafter.department = department
    drafter.save()
    return department


@pytest.fixture
def policy(approved, officer_a, dept):
    doc = approved(title="一次性就业补贴实施办法", summary="对吸纳就业的企业给予一次性补贴。")
    doc.publish(by=officer_a)
    return doc


def _submit(agency, channel, **kw):
    defaults = {"subject": "补贴问题", "text": "请问补贴标准是多少？", "phone": "13800000000"}
    return Message.submit(agency, channel, **{**defaults, **kw})


def test_the_deadline_counts_working_days_across_national_day(tree, channels):
    m, code = _submit(tree["a"], channels["consult"], received_on=datetime.date(2025, 9, 26))
    # Sun 28 Sep (make-up day), 29, 30 Sep; 1–8 Oct off; 9, 10 Oct
    assert m.due == datetime.date(2025, 10, 10) and code and m.check_code(code)
    assert m.number == f"LY-{tree['a'].code}-2025-00001"
    late, _ = _submit(tree["a"], channels["mailbox"], received_on=datetime.date(2025, 9, 26))
    assert late.due == datetime.date(2025, 10, 23)  # 15 working days (Sat 11 Oct is a make-up day)


def test_a_question_on_a_policy_goes_to_its_drafting_department(tree, channels, policy, dept, drafter, as_user):
    m, _ = _submit(tree["a"], channels["policy"], document=policy)
    assert m.state == Message.State.ACCEPTED and m.department == dept
    assert "按政策起草处室分办" in m.status_changes.get().actor_name
    other_dept = make_staff("other-dept", tree["a"], Role.DRAFTER,
                            department=Department.objects.create(agency=tree["a"], name="财务科"))  # fmt: skip
    client = as_user(other_dept)
    response = client.post(f"/workspace/interactions/{m.number}/", {"action": "draft", "text": "答复"})
    assert response.status_code == 403
    client = as_user(drafter)
    client.post(f"/workspace/interactions/{m.number}/", {"action": "draft", "text": "补贴标准为每人2000元。"})
    m.refresh_from_db()
    assert m.state == Message.State.DRAFTED and m.reply == "补贴标准为每人2000元。"
    assert [i.kind for i in duties.queue_items(drafter)] == []  # drafted: now the office's to review


def test_another_agencys_staff_get_404(tree, channels, officer_b, as_user):
    m, _ = _submit(tree["a"], channels["consult"])
    client = as_user(officer_b)
    assert client.get(f"/workspace/interactions/{m.number}/").status_code == 404
    assert client.post(f"/workspace/interactions/{m.number}/", {"action": "accept"}).status_code == 404
    assert m.number not in client.get("/workspace/interactions/?tab=all").content.decode()


def test_a_transfer_becomes_the_other_agencys_when_it_accepts(tree, channels, officer_a, officer_b, as_user):
    m, _ = _submit(tree["a"], channels["consult"])
    with pytest.raises(InteractionError, match="转办理由：必须填写"):
        m.transfer(by=officer_a, to=tree["b"], reason="")
    m.transfer(by=officer_a, to=tree["b"], reason="属于乙局职责")
    assert [i.kind for i in duties.queue_items(officer_b)] == ["政民互动·转来待接收"]
    client = as_user(officer_b)
    assert client.get(f"/workspace/interactions/{m.number}/").status_code == 200
    client.post(f"/workspace/interactions/{m.number}/", {"action": "transfer_answer", "accept": "1"})
    m.refresh_from_db()
    assert m.agency == tree["b"] and m.state == Message.State.RECEIVED
    assert as_user(officer_a).get(f"/workspace/interactions/{m.number}/").status_code == 404


def test_a_disclosure_request_is_converted_with_its_reason_and_counted(tree, channels, officer_a, client):
    m, code = _submit(tree["a"], channels["consult"], email="li@example.com")
    with pytest.raises(InteractionError, match="转出理由"):
        m.convert(by=officer_a, kind="disclosure", reason=" ")
    m.convert(by=officer_a, kind="disclosure", reason="请通过依申请公开渠道提交。")
    assert "已转出办理" in mail.outbox[-1].body
    page = client.post("/interact/status/", {"number": m.number, "code": code}).content.decode()
    assert "属于政府信息公开申请" in page and "/requests/apply/" in page
    assert Message.objects.filter(conversion="disclosure").count() == 1


def test_review_reply_rating_and_the_citizens_page(tree, channels, officer_a, client):
    m, code = _submit(tree["a"], channels["consult"], email="li@example.com")
    m.accept(by=officer_a)
    m.draft(by=officer_a, text="补贴标准为每人2000元。")
    with pytest.raises(InteractionError, match="退回意见"):
        m.review(by=officer_a, approve=False)
    m.review(by=officer_a, approve=False, note="请写明依据")
    assert m.state == Message.State.ACCEPTED and m.return_note == "请写明依据"
    m.draft(by=officer_a, text="依据《一次性就业补贴实施办法》，补贴标准为每人2000元。")
    m.review(by=officer_a, approve=True)
    assert m.state == Message.State.REPLIED and "已答复" in mail.outbox[-1].body
    wrong = client.post("/interact/status/", {"number": m.number, "code": "WRONG"})
    assert wrong.status_code == 400 and "留言编号或查询码不正确" in wrong.content.decode()
    page = client.post("/interact/status/", {"number": m.number, "code": code}).content.decode()
    assert "依据《一次性就业补贴实施办法》" in page and "提交评价" in page
    client.post(f"/interact/rate/{m.number}/", {"rating": "basic", "note": "还行"})
    m.refresh_from_db()
    assert m.state == Message.State.CLOSED and m.rating == "basic"
    assert metrics.satisfaction(tree["a"], TODAY.year)[0] == 100


def test_publication_needs_consent_masks_and_never_shows_the_private_part(tree, channels, officer_a, as_user, client):
    refused, _ = _submit(tree["a"], channels["consult"], consent=False)
    refused.accept(by=officer_a)
    refused.draft(by=officer_a, text="答复")
    refused.review(by=officer_a, approve=True)
    with pytest.raises(InteractionError, match="留言人未同意公开"):
        refused.publish(by=officer_a)
    text = "我的身份证310101199003071234，电话138 1234 5678，补贴何时发？"
    m, _ = _submit(tree["a"], channels["consult"], consent=True, text=text,
                   private_text="住址：张杨路100弄5号")  # fmt: skip
    m.accept(by=officer_a)
    m.draft(by=officer_a, text="已转财务科，请拨打021-58781234咨询。")
    m.review(by=officer_a, approve=True)
    staff = as_user(officer_a)
    url = f"/workspace/interactions/{m.number}/"
    page = staff.get(url).content.decode()
    preview = re.search(r'data-testid="publication-preview">(.*?)</div>', page, re.S)[1]
    assert "〔身份证号已隐去〕" in preview and "〔电话已隐去〕" in preview and "张杨路" not in preview
    staff.post(url, {"action": "publish", "text": m.text, "reply": m.reply})  # the preview step, not yet published
    m.refresh_from_db()
    assert m.published_at is None
    with pytest.raises(InteractionError, match="不能包含留言人标明不公开的内容"):
        m.publish(by=officer_a, text=m.text + "住址：张杨路100弄5号")
    staff.post(url, {"action": "publish", "text": m.text, "reply": m.reply, "confirm": "on"})
    m.refresh_from_db()
    assert m.published_at is not None
    client.logout()
    board = client.get("/interact/board/").content.decode()
    for secret in ("310101199003071234", "138 1234 5678", "58781234", "张杨路", "13800000000"):
        assert secret not in board
    assert "补贴何时发" in board and "已转财务科" in board


def test_reminders_before_the_deadline_and_when_late_and_the_overdue_queue(tree, channels, officer_a, dept, drafter):
    m, _ = _submit(tree["a"], channels["consult"])
    m.accept(by=officer_a, department=dept)
    day = next(m.due - datetime.timedelta(days=n) for n in range(1, 10)
               if duties.workdays_between(m.due - datetime.timedelta(days=n), m.due) == 2)  # fmt: skip
    assert duties.send_reminders(day) == 1 and duties.send_reminders(day) == 0
    told = {n.user for n in Notification.objects.all()}
    assert {officer_a, drafter} <= told
    late = m.due + datetime.timedelta(days=1)
    assert duties.send_reminders(late) == 1
    assert Message.objects.overdue(late).get() == m


def test_messages_unanswered_for_three_months_are_flagged(tree, channels, officer_a):
    old, _ = _submit(tree["a"], channels["mailbox"], received_on=TODAY - datetime.timedelta(days=100))
    _submit(tree["a"], channels["mailbox"], received_on=TODAY - datetime.timedelta(days=30))
    n, _, how = metrics.unanswered(tree["a"], TODAY.year)
    assert n == 1 and "仍未答复的留言 1 件" in how
    old.accept(by=officer_a)
    old.draft(by=officer_a, text="答复")
    old.review(by=officer_a, approve=True)
    assert metrics.unanswered(tree["a"], TODAY.year)[0] == 0


def test_the_portal_form_gives_a_number_and_code_and_refuses_bad_input(tree, channels, client, citizen, as_user):
    url = "/interact/consult/"
    response = client.post(url, {"agency": tree["a"].code, "subject": "", "text": "问题"})
    assert response.status_code == 400 and "标题" in response.content.decode()
    response = client.post(url, {"agency": tree["a"].code, "subject": "问", "text": "问题"})
    assert "联系方式：未登录时请留下电话或电子邮箱" in response.content.decode()
    assert "问题</textarea>" in response.content.decode()  # what was typed is kept
    response = client.post(url, {"subject": "问", "text": "问题", "phone": "13800000000"})
    assert "受理机关：请选择" in response.content.decode()
    response = client.post(url, {"agency": tree["a"].code, "subject": "补贴", "text": "标准？", "phone": "13800000000"})
    body = response.content.decode()
    number = re.search(r'data-testid="message-number">([^<]+)<', body)[1]
    assert re.search(r'data-testid="query-code">[0-9A-F]{12}<', body)
    assert Message.objects.get(number=number).phone == "13800000000"
    own = as_user(citizen).post(url, {"agency": tree["a"].code, "subject": "登录后留言", "text": "内容"})
    assert own.status_code == 200
    assert "登录后留言" in as_user(citizen).get("/interact/mine/").content.decode()


def test_the_intake_api_is_idempotent_and_keeps_the_sources_deadline(tree, channels, client):
    token = issue_token(tree["a"], "12345")
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    body = {"source": "12345", "source_id": "GD-2026-0001", "channel": "consult", "subject": "转办留言",
            "text": "市民来电反映补贴未到账。", "received_on": str(TODAY),
            "due_on": str(TODAY + datetime.timedelta(days=3))}  # fmt: skip
    first = client.post("/api/v1/messages", body, content_type="application/json", **headers)
    again = client.post("/api/v1/messages", body, content_type="application/json", **headers)
    assert first.status_code == 201 and again.status_code == 200
    assert first.json()["number"] == again.json()["number"] and not again.json()["created"]
    assert first.json()["due"] == str(TODAY + datetime.timedelta(days=3))
    assert Message.objects.filter(source="12345").count() == 1
    bad = client.post("/api/v1/messages", {**body, "source_id": "X", "channel": "nope"},
                      content_type="application/json", **headers)  # fmt: skip
    assert bad.status_code == 422 and "channel" in bad.json()["error"]
    assert client.post("/api/v1/messages", body, content_type="application/json").status_code == 401


def test_the_knowledge_base_suggests_with_synonyms_and_expires_with_its_policy(tree, policy, officer_a, client):
    entry = Answer.propose(tree["a"], by=officer_a, question="社会保险补贴怎么申请？",
                           answer="通过一网通办提交申请。", document=policy, tags=["社会保障"])  # fmt: skip
    assert client.get("/interact/suggest/?q=社保补贴怎么申请").json()["answers"] == []  # not yet reviewed
    entry.approve(by=officer_a)
    found = client.get("/interact/suggest/?q=社保补贴怎么申请").json()["answers"]
    assert [a["id"] for a in found] == [entry.pk]
    assert "社会保险补贴怎么申请" in client.get(f"/documents/{policy.uid}/").content.decode()  # the policy's FAQ
    assert client.get(f"/kb/{entry.pk}/").status_code == 200
    client.post(f"/kb/{entry.pk}/")
    entry.refresh_from_db()
    assert entry.helped == 1
    policy.set_validity(Validity.REPEALED, on=TODAY, by=officer_a)
    assert client.get(f"/kb/{entry.pk}/").status_code == 404
    assert client.get("/interact/suggest/?q=社保补贴怎么申请").json()["answers"] == []
    feed = client.get("/api/v1/kb").json()["items"]
    assert [(i["id"], i["status"], i["answer"]) for i in feed] == [(entry.pk, "expired", "")]


def test_the_knowledge_base_exports_fixed_columns(tree, policy, officer_a, as_user):
    Answer.propose(tree["a"], by=officer_a, question="问一", answer="答一", document=policy).approve(by=officer_a)
    client = as_user(officer_a)
    csv_text = client.get("/workspace/interactions/kb/export.csv").content.decode("utf-8-sig")
    assert csv_text.splitlines()[0] == "编号,问题,答复,政策文件,发文字号,政策链接,标签,状态,更新时间"
    assert "问一,答一,一次性就业补贴实施办法" in csv_text and ",有效," in csv_text
    book = load_workbook(io.BytesIO(client.get("/workspace/interactions/kb/export.xlsx").content))
    rows = list(book.active.values)
    assert rows[0][1] == "问题" and rows[1][1] == "问一"
    feed = client.get("/api/v1/kb?since=bogus")
    assert feed.status_code == 422 and "since" in feed.json()["error"]
