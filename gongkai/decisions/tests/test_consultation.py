"""Public comment on a decision's draft: articles, the 30-day period, comments (signed in or by a confirmed
address), bad input, rate limits, moderation and masked publication, grouping, the decision, the
adoption report due 10 working days later (across holidays) with its reminders, hearings, DOCX, the portal
pages, the feed and the API."""

import datetime
import io
import re

import pytest
from django.core import mail
from django.utils import timezone
from docx import Document as Docx

from gongkai.accounts.models import Notification, Role
from gongkai.conftest import make_staff
from gongkai.decisions import duties
from gongkai.decisions.models import (
    Catalogue,
    Comment,
    CommentGroup,
    Consultation,
    DecisionError,
    Step,
)
from gongkai.decisions.models.consultation import split_articles
from gongkai.lib.docx import Para, write
from gongkai.workdays import add_workdays

TODAY = timezone.localdate()
DRAFT = """某区公共停车场收费管理办法（征求意见稿）
第一章 总则
第一条 为规范公共停车场收费，制定本办法。
第二条 本办法适用于本区公共停车场。
第二章 收费标准
第三条 一类区域首小时收费12元。
（一）医院周边首30分钟免费；
（二）学校周边首15分钟免费。
第四条 本办法自发布之日起施行。"""


@pytest.fixture
def office(tree):
    return make_staff("district-office", tree["district"], Role.OFFICER, email="office@example.gov.cn")


@pytest.fixture
def entry(tree, office):
    catalogue = Catalogue.open(tree["district"], TODAY.year, by=office)
    catalogue.add_entry(by=office, matter="调整区公共停车收费标准", unit="区发展改革委", timing="6月",
                        procedures=["participation", "legality", "collective"])  # fmt: skip
    catalogue.approve(by=office, on=TODAY, approval="经区委、区政府同意")
    catalogue.publish(by=office)
    return catalogue.entries.get()


@pytest.fixture
def consultation(entry, office):
    c = Consultation.prepare(entry, by=office, title="停车收费管理办法（征求意见稿）", text=DRAFT,
                             starts_on=TODAY - datetime.timedelta(days=5),
                             ends_on=TODAY + datetime.timedelta(days=25))  # fmt: skip
    c.announce(by=office)
    return c


def test_a_draft_is_split_at_its_articles_with_chapter_headings_kept():
    preamble, articles = split_articles(DRAFT)
    assert [label for label, _ in articles] == ["第一条", "第二条", "第三条", "第四条"]
    assert preamble == "某区公共停车场收费管理办法（征求意见稿）"
    assert articles[0][1].startswith("第一章 总则\n为规范")
    assert "（二）学校周边" in articles[2][1] and articles[2][1].startswith("第二章 收费标准")


def test_a_draft_in_items_is_split_at_the_top_level_only_and_prose_is_taken_whole():
    _, items = split_articles("一、总体要求\n（一）坚持公开\n二、主要任务\n1. 做好解读\n三、保障措施")
    assert [label for label, _ in items] == ["一、", "二、", "三、"]
    assert "（一）坚持公开" in items[0][1]
    assert split_articles("本方案旨在改善停车秩序，具体内容见附件。") == (
        "本方案旨在改善停车秩序，具体内容见附件。",
        [],
    )


def test_a_docx_draft_is_read_and_a_draft_that_cannot_be_split_is_commented_on_whole(entry, office, as_user):
    client = as_user(office)
    docx = write([Para(line) for line in DRAFT.splitlines()])
    url = f"/workspace/decisions/{entry.catalogue_id}/entries/{entry.pk}/consult/"
    start, end = TODAY, TODAY + datetime.timedelta(days=29)
    upload = io.BytesIO(docx)
    upload.name = "草案.docx"
    response = client.post(url, {"title": "草案", "file": upload, "starts_on": start, "ends_on": end})
    made = Consultation.objects.get()
    assert response.status_code == 302 and made.articles.count() == 4 and not made.whole_only
    response = client.post(url, {"title": "方案", "text": "具体内容见附件。", "starts_on": start, "ends_on": end},
                           follow=True)  # fmt: skip
    assert Consultation.objects.get(title="方案").whole_only
    assert "公众将就全文提意见" in response.content.decode()
    fake = io.BytesIO(b"not a zip")
    fake.name = "草案.docx"
    response = client.post(url, {"title": "假", "file": fake, "starts_on": start, "ends_on": end})
    assert "上传草案：文件内容不是 DOCX" in response.content.decode()


def test_a_period_under_30_days_needs_a_reason_which_the_page_shows(entry, office, client):
    start = TODAY
    with pytest.raises(DecisionError, match="期限少于30日的理由.*现为 29 日"):
        Consultation.prepare(entry, by=office, title="草案", text=DRAFT, starts_on=start,
                             ends_on=start + datetime.timedelta(days=28))  # fmt: skip
    thirty = Consultation.prepare(entry, by=office, title="草案甲", text=DRAFT, starts_on=start,
                                  ends_on=start + datetime.timedelta(days=29))  # fmt: skip
    assert thirty.days == 30
    short = Consultation.prepare(entry, by=office, title="草案乙", text=DRAFT, starts_on=start,
                                 ends_on=start + datetime.timedelta(days=9),
                                 short_reason="汛期前须出台，情况紧急")  # fmt: skip
    assert client.get(f"/consultations/{short.pk}/").status_code == 404  # not announced yet
    short.announce(by=office)
    page = client.get(f"/consultations/{short.pk}/").content.decode()
    assert "本次征求意见期限少于 30 日，理由：汛期前须出台，情况紧急" in page
    assert Step.objects.filter(entry=entry, stage="participation").exists()


def test_a_citizen_comments_on_article_three_signed_in(consultation, citizen, as_user, office):
    client = as_user(citizen)
    page = client.get(f"/consultations/{consultation.pk}/?article=3").content.decode()
    assert re.search(r'<option value="3" selected>第三条</option>', page)
    response = client.post(f"/consultations/{consultation.pk}/", {"article": 3, "text": "建议首小时维持10元。"})
    assert response.status_code == 302
    comment = Comment.objects.get()
    assert comment.article.label == "第三条" and comment.state == Comment.State.PENDING
    assert comment.user == citizen and comment.name == "张三"
    assert "建议首小时维持10元" not in client.get(f"/consultations/{consultation.pk}/").content.decode()
    assert [i.kind for i in duties.queue_items(office)] == ["重大行政决策·意见待审核"]


def test_a_comment_by_e_mail_waits_for_the_address_to_be_confirmed(consultation, client):
    response = client.post(f"/consultations/{consultation.pk}/",
                           {"article": 0, "text": "建议增加停车诱导屏。", "email": "wang@example.com",
                            "name": "王"})  # fmt: skip
    assert response.status_code == 302
    comment = Comment.objects.get()
    assert comment.state == Comment.State.UNVERIFIED and comment.article is None
    link = re.search(r"http\S+/consultations/confirm/(\S+)/", mail.outbox[-1].body)
    assert link and mail.outbox[-1].to == ["wang@example.com"]
    url = f"/consultations/confirm/{link[1]}/"
    assert client.get(url).status_code == 200
    comment.refresh_from_db()
    assert comment.state == Comment.State.UNVERIFIED  # opening the link changes nothing
    assert "已确认" in client.post(url).content.decode()
    comment.refresh_from_db()
    assert comment.state == Comment.State.PENDING and comment.verified_at
    response = client.post("/consultations/confirm/forged/")
    assert response.status_code == 400 and "确认链接：无效" in response.content.decode()


def test_bad_comments_are_refused_in_chinese_and_keep_what_was_typed(consultation, office, as_user, client):
    url = f"/consultations/{consultation.pk}/"
    cases = [
        ({"article": 0, "text": "<script>alert(1)</script>意见", "email": "a@example.com"}, "意见内容：只接受纯文本"),
        ({"article": 0, "text": "长" * 2001, "email": "a@example.com"}, "意见内容：不能超过 2000 个字"),
        ({"article": 0, "text": "一条意见"}, "电子邮箱：未登录时必须填写有效的电子邮箱"),
        ({"article": 9, "text": "一条意见", "email": "a@example.com"}, "针对"),
    ]
    for data, message in cases:
        response = client.post(url, data)
        body = response.content.decode()
        assert response.status_code == 400 and message in body, message
    assert "一条意见</textarea>" in body  # the text typed is still in the box
    assert Comment.objects.count() == 0
    staff = as_user(office).post(url, {"article": 0, "text": "工作人员的意见"})
    assert "工作人员账号不能提交公众意见" in staff.content.decode()
    closed = Consultation.prepare(consultation.entry, by=office, title="旧草案", text=DRAFT,
                                  starts_on=TODAY - datetime.timedelta(days=60),
                                  ends_on=TODAY - datetime.timedelta(days=31))  # fmt: skip
    closed.announce(by=office, on=closed.starts_on)
    with pytest.raises(DecisionError, match="征求意见期限"):
        closed.comment(text="迟到的意见", email="a@example.com")


def test_comments_are_rate_limited_per_person_and_per_address(consultation, citizen, as_user, client):
    url = f"/consultations/{consultation.pk}/"
    for i in range(5):
        assert client.post(url, {"article": 0, "text": f"意见{i}", "email": f"p{i}@example.com"}).status_code == 302
    refused = client.post(url, {"article": 0, "text": "第六条意见", "email": "p9@example.com"})
    assert refused.status_code == 400 and "每人、每个网络地址每小时最多提交 5 条意见" in refused.content.decode()
    assert Comment.objects.count() == 5


def _received(c, text, article=None, **kw):
    return c.record_received(by=None, text=text, received_on=TODAY, article=article, **kw)


def test_moderation_publishes_masked_text_and_the_body_chooses(consultation, office, client):
    third = consultation.articles.get(seq=3)
    shown = _received(
        consultation, "我叫李四，身份证310101199003071234，电话13812345678，住张杨路100弄5号，建议维持原价。", third
    )
    kept = _received(consultation, "不宜公开但有道理的意见。")
    junk = _received(consultation, "与草案无关的广告。")
    with pytest.raises(DecisionError, match="审核说明：不予受理必须说明理由"):
        junk.moderate(by=office, decision="reject")
    shown.moderate(by=office, decision="publish")
    kept.moderate(by=office, decision="keep")
    junk.moderate(by=office, decision="reject", note="与草案无关")
    page = client.get(f"/consultations/{consultation.pk}/").content.decode()
    for secret in ("310101199003071234", "13812345678", "100弄5号"):
        assert secret not in page
    assert "〔身份证号已隐去〕" in page and "建议维持原价" in page and "不宜公开" not in page and "广告" not in page
    assert "共收到意见 2 条" in page  # the rejected one is not counted
    assert {g.text for g in consultation.groups_to_answer()} == {shown.text, kept.text}


def test_identical_comments_are_grouped_with_a_count(consultation, office, client):
    third = consultation.articles.get(seq=3)
    for text in ("建议维持10元！", "建议维持 10 元", "建议维持10元。"):
        _received(consultation, text, third).moderate(by=office, decision="publish")
    _received(consultation, "建议维持10元。").moderate(by=office, decision="publish")  # on the whole draft: apart
    groups = list(consultation.groups_to_answer())
    assert sorted(g.count for g in groups) == [1, 3]
    page = client.get(f"/consultations/{consultation.pk}/").content.decode()
    assert page.count("相同意见 3 条") == 1


def test_the_adoption_report_is_due_ten_working_days_after_the_decision_across_national_day(entry, office):
    c = Consultation.prepare(entry, by=office, title="草案", text=DRAFT, starts_on=datetime.date(2025, 8, 1),
                             ends_on=datetime.date(2025, 8, 30))  # fmt: skip
    c.announce(by=office, on=c.starts_on)
    with pytest.raises(DecisionError, match="决策日期：不能早于征求意见截止日期"):
        c.record_decision(by=office, on=datetime.date(2025, 8, 29), meeting="区政府常务会议")
    c.record_decision(by=office, on=datetime.date(2025, 9, 26), meeting="区政府第12次常务会议")
    # Sun 28 Sep (make-up day), 29, 30 Sep; 1–8 Oct off; 9, 10, Sat 11 (make-up), 13, 14, 15, 16 Oct
    assert c.report_due == datetime.date(2025, 10, 16) == add_workdays(datetime.date(2025, 9, 26), 10)
    assert Step.objects.filter(entry=entry, stage="collective", on=datetime.date(2025, 9, 26)).exists()
    assert c.report_days_left(datetime.date(2025, 10, 9)) == 6  # 10, 11, 13, 14, 15, 16 Oct
    assert c.report_days_left(datetime.date(2025, 10, 20)) == -2


def test_the_report_needs_every_answer_and_reasons_and_tells_the_commenters(consultation, office, client):
    a = _received(consultation, "建议维持原价。", consultation.articles.get(seq=3), email="li@example.com")
    b = _received(consultation, "建议增加诱导屏。")
    pending = _received(consultation, "还没审的意见。")
    for x in (a, b):
        x.moderate(by=office, decision="publish")
    consultation.ends_on = TODAY
    consultation.save()
    consultation.record_decision(by=office, on=TODAY, meeting="区政府常务会议")
    with pytest.raises(DecisionError, match="还有待审核的意见"):
        consultation.publish_report(by=office, summary="共收到意见3条。")
    pending.moderate(by=office, decision="keep")
    with pytest.raises(DecisionError, match="还有 3 条（组）意见未填写采纳情况"):
        consultation.publish_report(by=office, summary="共收到意见3条。")
    groups = {g.text: g for g in consultation.groups_to_answer()}
    with pytest.raises(DecisionError, match="理由：不予采纳的意见必须说明理由"):
        consultation.answer(groups[a.text], by=office, outcome="not_adopted")
    consultation.answer(groups[a.text], by=office, outcome="not_adopted", reason="成本上升，维持原价不可行")
    consultation.answer(groups[b.text], by=office, outcome="adopted")
    consultation.answer(groups[pending.text], by=office, outcome="partly", reason="部分采纳")
    assert client.get(f"/consultations/{consultation.pk}/report.docx").status_code == 404
    mail.outbox.clear()
    told = consultation.publish_report(by=office, summary="共收到意见3条，采纳1条。")
    assert told == 1 and mail.outbox[0].to == ["li@example.com"]
    assert f"/decisions/entries/{consultation.entry_id}/" in mail.outbox[0].body
    assert consultation.report_on_time
    page = client.get(f"/decisions/entries/{consultation.entry_id}/").content.decode()
    assert "意见采纳情况" in page and "成本上升，维持原价不可行" in page and "不予采纳" in page
    body = client.get(f"/consultations/{consultation.pk}/report.docx")
    text = "\n".join(p.text for p in Docx(io.BytesIO(body.content)).paragraphs)
    assert "意见采纳情况" in text and "成本上升" in text and "采纳情况：采纳" in text
    with pytest.raises(DecisionError, match="采纳情况已经公布"):
        consultation.answer(groups[b.text], by=office, outcome="partly", reason="改")


def test_reminders_go_out_before_the_report_is_due_and_once_when_late(consultation, office):
    consultation.ends_on = TODAY - datetime.timedelta(days=1)
    consultation.save()
    consultation.record_decision(by=office, on=TODAY, meeting="区政府常务会议")
    due = consultation.report_due
    assert [i.kind for i in duties.queue_items(office)] == ["重大行政决策·采纳情况待公布"]
    day = next(
        d for d in (due - datetime.timedelta(days=n) for n in range(1, 10)) if consultation.report_days_left(d) == 3
    )
    assert duties.send_reminders(day) == 1 and duties.send_reminders(day) == 0
    note = Notification.objects.get(user=office)
    assert "还剩 3 个工作日" in note.text and mail.outbox[-1].subject.startswith("【重大行政决策】")
    late = due + datetime.timedelta(days=3)
    assert duties.send_reminders(late) == 1 and duties.send_reminders(late) == 0
    assert "已逾期" in Notification.objects.filter(user=office).first().text


def test_a_hearing_notice_goes_out_seven_days_before(consultation, office, client):
    soon = timezone.now() + datetime.timedelta(days=6)
    with pytest.raises(DecisionError, match="举行时间：通知和参加人名单须在举行 7 日前公布"):
        consultation.announce_hearing(by=office, kind="hearing", held_at=soon, place="会议室", notice="听证",
                                      participants="代表10名")  # fmt: skip
    with pytest.raises(DecisionError, match="参加人名单"):
        consultation.announce_hearing(by=office, kind="hearing", held_at=soon + datetime.timedelta(days=2),
                                      place="会议室", notice="听证", participants="")  # fmt: skip
    consultation.announce_hearing(by=office, kind="forum", held_at=soon + datetime.timedelta(days=2),
                                  place="区政府会议室", notice="听取意见", participants="市民代表5名")  # fmt: skip
    assert "座谈会通知" in client.get(f"/consultations/{consultation.pk}/").content.decode()


def test_the_home_page_feed_and_api_show_open_consultations_and_nothing_private(consultation, office, client):
    draft = Consultation.prepare(consultation.entry, by=office, title="尚未发布的草案", text=DRAFT, starts_on=TODAY,
                                 ends_on=TODAY + datetime.timedelta(days=40))  # fmt: skip
    assert "停车收费管理办法" not in client.get("/").content.decode()  # closes in 25 days: not "soon"
    consultation.ends_on = TODAY + datetime.timedelta(days=3)
    consultation.save()
    home = client.get("/").content.decode()
    assert "即将截止的征求意见" in home and "停车收费管理办法" in home
    _received(consultation, "未审核的意见").save()
    feed = client.get("/feeds/consultations.atom").content.decode()
    assert "停车收费管理办法" in feed and draft.title not in feed
    items = client.get("/api/v1/consultations?state=open").json()["items"]
    assert [i["id"] for i in items] == [consultation.pk] and items[0]["open"]
    detail = client.get(f"/api/v1/consultations/{consultation.pk}").json()
    assert [a["label"] for a in detail["articles"]] == ["第一条", "第二条", "第三条", "第四条"]
    assert detail["comments_received"] == 1 and detail["published_comments"] == []
    assert client.get(f"/api/v1/consultations/{draft.pk}").status_code == 404
    assert client.get("/api/v1/consultations?state=bogus").status_code == 422
    entry = client.get(f"/api/v1/decision-entries/{consultation.entry_id}").json()
    assert [s["code"] for s in entry["stages"]][:3] == ["catalogue", "start", "participation"]
    assert {s["code"]: s["state"] for s in entry["stages"]}["experts"] == "na"
    assert [c["id"] for c in entry["consultations"]] == [consultation.pk]


def test_the_full_process_page_says_what_does_not_apply_and_shows_only_public_documents(
    entry, office, approved, client, officer_a
):
    private = approved(title="内部讨论稿")
    policy = approved(title="区公共停车收费标准调整方案")
    policy.publish(by=officer_a)
    entry.record_step(by=office, stage="published", on=TODAY, note="印发实施", documents=[private, policy])
    with pytest.raises(DecisionError, match="目录未对本事项列明“专家论证”程序"):
        entry.record_step(by=office, stage="experts", on=TODAY)
    with pytest.raises(DecisionError, match="决策公布日期：不能晚于今天"):
        entry.record_step(by=office, stage="published", on=TODAY + datetime.timedelta(days=1))
    page = client.get(f"/decisions/entries/{entry.pk}/").content.decode()
    assert "区公共停车收费标准调整方案" in page and "内部讨论稿" not in page
    assert re.findall(r'class="timeline-na" data-stage="(\w+)"', page) == ["experts", "risk"]
    assert "本事项目录未列“专家论证”程序，不适用" in page
    entry.refresh_from_db()
    assert entry.stage == "published"
    catalogue = client.get(f"/agencies/{entry.catalogue.agency.code}/decisions/{TODAY.year}/").content.decode()
    assert f"/decisions/entries/{entry.pk}/" in catalogue and "决策公布" in catalogue


def test_a_draft_catalogues_entries_and_consultations_are_not_public(tree, office, client):
    catalogue = Catalogue.open(tree["district"], TODAY.year + 1, by=office)
    item = catalogue.add_entry(
        by=office, matter="未公布的事项", unit="区政府办", timing="", procedures=["participation"]
    )
    c = Consultation.prepare(item, by=office, title="未发布的草案", text=DRAFT, starts_on=TODAY,
                             ends_on=TODAY + datetime.timedelta(days=30))  # fmt: skip
    assert client.get(f"/decisions/entries/{item.pk}/").status_code == 404
    assert client.get(f"/consultations/{c.pk}/").status_code == 404
    assert client.get(f"/api/v1/decision-entries/{item.pk}").status_code == 404
    assert "未发布的草案" not in client.get("/consultations/").content.decode()
    assert CommentGroup.objects.count() == 0


def test_the_workspace_records_steps_and_runs_a_consultation(entry, office, as_user, approved, officer_a):
    client = as_user(office)
    url = f"/workspace/decisions/{entry.catalogue_id}/entries/{entry.pk}/"
    policy = approved(title="区公共停车收费标准调整方案", doc_number="测区发〔2026〕3号")
    policy.publish(by=officer_a)
    response = client.post(url, {"action": "step", "stage": "start", "on": TODAY, "note": "启动",
                                 "documents": "测区发〔2026〕3号\n不存在的文件"}, follow=True)  # fmt: skip
    assert "文件：公文库中找不到“不存在的文件”" in response.content.decode()
    assert not Step.objects.filter(stage="start").exists()
    client.post(url, {"action": "step", "stage": "start", "on": TODAY, "documents": "测区发〔2026〕3号"})
    assert list(Step.objects.get(stage="start").documents.all()) == [policy]
    page = client.get(url).content.decode()
    assert "决策全过程" in page and "区公共停车收费标准调整方案" in page
    c = Consultation.prepare(entry, by=office, title="草案", text=DRAFT, starts_on=TODAY - datetime.timedelta(days=29),
                             ends_on=TODAY)  # fmt: skip
    workspace = f"/workspace/decisions/consultations/{c.pk}/"
    client.post(workspace, {"action": "announce"})
    c.refresh_from_db()
    assert c.state == "announced"
    first = _received(c, "建议维持原价。", c.articles.get(seq=3))
    _received(c, "建议维持原价！", c.articles.get(seq=3))
    page = client.get(workspace).content.decode()
    assert "待审核意见（2）" in page and "相同意见 2 条" in page
    client.post(workspace, {"action": "moderate", "comment": first.pk, "decision": "publish", "note": ""})
    response = client.post(workspace, {"action": "moderate", "comment": first.pk, "decision": "bogus"}, follow=True)
    assert "审核结果" in response.content.decode()
    client.post(workspace, {"action": "decide", "on": TODAY, "meeting": "区政府常务会议"})
    c.refresh_from_db()
    assert c.state == "decided" and "还剩 10 个工作日" in client.get(workspace).content.decode()
    docx = client.get(f"/workspace/decisions/consultations/{c.pk}/report.docx")
    assert docx.status_code == 200 and docx.content[:2] == b"PK"
