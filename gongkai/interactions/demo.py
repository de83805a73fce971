"""Demo 政民互动, dated from the day it is loaded: 浦东新区人社局's three channels with messages in every state
(received, in handling, transferred, awaiting review, replied and published, closed with a rating, converted,
one due within days and under 督办), a published board under a demo policy, knowledge-base entries written from the
demo policies (three questions each, at least 100), and one emergency answered within its 5 hours."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from gongkai.accounts.models import Agency, Department, User
from gongkai.documents.law import Validity
from gongkai.documents.models import Document
from gongkai.interactions.models import Answer, Channel, Incident, Message

MIN_ANSWERS = 100


def _ago(today: datetime.date, days: int) -> datetime.date:
    return today - datetime.timedelta(days=days)


def load(today: datetime.date | None = None) -> str:
    today = today or timezone.localdate()
    agency = Agency.objects.filter(code="PD-RSJ").first()
    users = {u.username: u for u in User.objects.filter(username__in=["officer", "drafter", "supervisor", "citizen"])}
    if agency is None or len(users) < 3 or Message.objects.filter(agency=agency).exists():
        return "演示政民互动已存在或缺少演示机关，未做修改。"
    office, drafter = users["officer"], users["drafter"]
    channels = {c.code: c for c in Channel.objects.all()}
    policies = list(
        Document.objects.public().filter(agency=agency, validity=Validity.VALID).policies().order_by("-published_at")
    )
    policy = policies[0] if policies else None
    department = drafter.department or Department.objects.filter(agency=agency).first()
    other = Agency.objects.filter(code="PD").first()
    with transaction.atomic():
        made = 0

        def message(code, days, subject, text, **kw):
            nonlocal made
            received = _ago(today, days)
            contact = {"name": kw.pop("name", "王先生"), "phone": kw.pop("phone", "13800000000")}
            m, _ = Message.submit(agency, channels[code], subject=subject, text=text, received_on=received,
                                  **contact, **kw)  # fmt: skip
            made += 1
            return m

        # the policy board under a demo policy: routed to its drafting department
        doc_kw = {"document": policy} if policy else {}
        asked = message(
            "policy", 3, "补贴申请需要哪些材料", "请问申请一次性就业补贴需要提交哪些材料？", consent=True, **doc_kw
        )
        if asked.state == Message.State.RECEIVED:
            asked.accept(by=office, department=department)
        answered = message("policy", 20, "补贴什么时候发放",
                           "我已经提交申请一个月了，补贴什么时候发放？联系电话13912345678。",
                           consent=True, private_text="住址：浦东新区张杨路100弄5号", **doc_kw)  # fmt: skip
        if answered.state == Message.State.RECEIVED:
            answered.accept(by=office, department=department)
        answered.draft(by=drafter, text="经审核通过的申请，补贴在审核通过后的次月发放到申请人的社会保障卡银行账户。")
        answered.review(by=office, approve=True)
        answered.publish(by=office)
        # 在线咨询: received; awaiting review; closed with a rating and published; converted
        message("consult", 0, "灵活就业社保补贴怎么申请", "我是灵活就业人员，想了解社保补贴的申请流程。")
        review = message("consult", 4, "退役军人就业服务", "退役军人可以参加哪些就业培训？")
        review.accept(by=office, department=department)
        review.draft(by=drafter, text="可参加区就业促进中心组织的职业技能培训，报名请拨打就业服务热线。")
        closed = message("consult", 30, "缴费基数调整", "今年社保缴费基数什么时候调整？", consent=True)
        closed.accept(by=office)
        closed.draft(by=office, text="年度缴费基数一般在7月调整，具体以当年通知为准。")
        closed.review(by=office, approve=True)
        closed.rate(rating=Message.Rating.SATISFIED, note="答复清楚")
        closed.publish(by=office)
        converted = message("consult", 8, "申请公开补贴发放名单", "请公开2025年一次性就业补贴的发放名单。")
        converted.convert(by=office, kind=Message.Conversion.DISCLOSURE,
                          reason="所需信息属于政府信息公开申请，请通过“申请政府信息公开”提交。")  # fmt: skip
        # 领导信箱: in handling, due within days, under 督办; transferred to the district government
        pressed = message("mailbox", 14, "建议增加就业服务站点", "建议在张江地区增设就业服务站点。")
        pressed.accept(by=office, department=department)
        pressed.supervise(by=users.get("supervisor", office), note="请在期限内答复并说明站点规划")
        if other is not None:
            moved = message("mailbox", 2, "道路积水问题", "建议整治某路口的道路积水。")
            moved.transfer(by=office, to=other, reason="属于区政府（区建设和交通委）职责")
        # knowledge base: three questions from each demo policy, newest first, until at least MIN_ANSWERS
        answers = 0
        for doc in Document.objects.public().filter(validity=Validity.VALID).policies().order_by("-published_at"):
            for question, answer in _questions(doc):
                entry = Answer.propose(doc.agency, by=office, question=question, answer=answer, document=doc,
                                       tags=[t.name for t in doc.tags.all()][:3])  # fmt: skip
                entry.approve(by=office)
                answers += 1
            if answers >= MIN_ANSWERS + 20:
                break
        # an emergency answered within its 5 hours; a concern waiting for its first response
        now = timezone.now()
        storm = Incident.record(agency, by=office, title="暴雨导致就业服务中心暂停对外服务",
                                kind=Incident.Kind.EMERGENCY,
                                known_at=now - datetime.timedelta(days=3, hours=5))  # fmt: skip
        storm.respond(by=office, text="就业服务中心今日暂停现场服务，线上“一网通办”照常受理，恢复时间另行通知。")
        Incident.objects.filter(pk=storm.pk).update(first_response_at=storm.known_at + datetime.timedelta(hours=2))
        Incident.record(agency, by=office, title="网传“补贴停发”的说法", kind=Incident.Kind.CONCERN,
                        known_at=now - datetime.timedelta(hours=2))  # fmt: skip
    return f"已导入演示政民互动：留言 {made} 条，知识库 {answers} 条，回应关切 2 件。"


def _questions(doc: Document) -> list[tuple[str, str]]:
    title = doc.title
    short = title if len(title) <= 40 else title[:38] + "…"
    number = f"（{doc.doc_number}）" if doc.doc_number else ""
    summary = (doc.summary or "").strip() or f"具体内容见《{title}》正文。"
    when = doc.effective_on or doc.written_on
    phone = f"（电话 {doc.agency.phone}）" if doc.agency.phone else ""
    return [
        (f"《{short}》主要规定了什么？", f"《{title}》{number}：{summary}"),
        (f"《{short}》从什么时候开始执行？",
         f"自{when:%Y年%-m月%-d日}起执行。" if when else f"以《{title}》正文规定的施行日期为准。"),
        (f"对《{short}》有疑问向哪里咨询？",
         f"可向{doc.agency.name}咨询{phone}，也可以在本政策页面的政策留言板留言。"),
    ]  # fmt: skip
