"""Demo 重大行政决策 for 浦东新区, dated from the day it is loaded: last year's catalogue (published 20 March,
one entry changed with its reason, one decision outside it) and this year's (published by 20 March, or the
day before loading when loaded earlier in the year) with entries in every stage — one still only in the
catalogue, one started, one open for public comment (comments published, pending and grouped, a 座谈会
announced), one in legality review, one decided with its adoption report falling due, one whose report
and decision are published, one being evaluated — and decision meetings with public representatives."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from gongkai.accounts.models import Agency, User
from gongkai.decisions.models import Catalogue, CommentGroup, Consultation, Entry, Meeting
from gongkai.documents.models import Document

ALL = ["participation", "experts", "risk", "legality", "collective"]
ENTRIES = [
    ("编制区国土空间近期规划", "区规划资源局", "12月", ALL),
    ("调整区公共停车场收费标准", "区发展改革委", "6月", ["participation", "risk", "legality", "collective"]),
    ("制定区养老服务设施布局专项规划", "区民政局", "10月", ["participation", "experts", "legality", "collective"]),
    ("实施区老旧小区加装电梯补贴办法", "区建设和交通委", "9月", ["participation", "legality", "collective"]),
]
MORE = [
    ("修订区生活垃圾分类管理实施办法", "区绿化市容局", "8月", ["participation", "risk", "legality", "collective"]),
    ("实施区“15分钟社区生活圈”行动方案", "区规划资源局", "3月", ALL),
]

PARKING_DRAFT = """浦东新区公共停车场收费标准调整方案（征求意见稿）
第一条 为合理调节停车需求，缓解中心城区停车矛盾，根据有关规定，制定本方案。
第二条 本方案适用于本区行政区域内政府定价管理的公共停车场（库）。
第三条 一类区域白天（8:00—20:00）首小时收费标准由每小时10元调整为12元，之后每半小时6元。
第四条 医院、学校周边公共停车场实行短时停放优惠，首30分钟免费。
第五条 居住小区周边公共停车场夜间（20:00—次日8:00）对周边居民实行包月优惠。
第六条 本方案自2026年7月1日起施行。"""

ELEVATOR_DRAFT = """一、补贴对象。本区既有多层住宅加装电梯项目。
二、补贴标准。每台电梯补贴不超过28万元，具体按楼层数确定。
三、申请程序。由业主委员会或者加装电梯实施主体向所在街镇提出申请。
四、监督管理。对骗取补贴的，依法追回并纳入信用记录。"""


def _at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def load(today: datetime.date | None = None) -> str:
    today = today or timezone.localdate()
    agency, office = Agency.objects.filter(code="PD").first(), User.objects.filter(username="supervisor").first()
    if agency is None or office is None or Catalogue.objects.filter(agency=agency).exists():
        return "演示重大行政决策目录已存在，未做修改。"
    with transaction.atomic():
        for year in (today.year - 1, today.year):
            catalogue = Catalogue.open(agency, year, by=office)
            for matter, unit, timing, procedures in ENTRIES + (MORE if year == today.year else []):
                catalogue.add_entry(by=office, matter=matter, unit=unit, timing=timing, procedures=procedures)
            published = min(datetime.date(year, 3, 20), today - datetime.timedelta(days=1))
            catalogue.approve(by=office, on=min(datetime.date(year, 3, 15), published), approval="经区委、区政府同意")
            catalogue.publish(by=office, at=_at(published))
            if year < today.year:
                catalogue.entries.get(number=2).revise(
                    by=office, reason="根据听证会意见，延后至第三季度提交区政府常务会议审议", matter=ENTRIES[1][0],
                    unit=ENTRIES[1][1], timing="9月", procedures=ENTRIES[1][3],
                )  # fmt: skip
                catalogue.record_outside(
                    by=office, matter="修订区防汛防台专项应急预案", unit="区应急局",
                    reason="汛期前根据上级预案调整急需修订，编制目录时无法预见",
                )  # fmt: skip
            else:
                _stages(catalogue, office, today)
        _meetings(agency, office, today)
    return "已导入演示重大行政决策目录、决策过程、征求意见和公众代表列席。"


def _days(today: datetime.date, n: int) -> datetime.date:
    return today - datetime.timedelta(days=n)


def _stages(catalogue: Catalogue, office, today: datetime.date) -> None:
    entries = {e.number: e for e in catalogue.entries.all()}
    # 2: started, open for public comment now.
    parking = entries[2]
    parking.record_step(by=office, stage="start", on=_days(today, 20), note="区政府同意启动，由区发展改革委承办")
    open_call = Consultation.prepare(
        parking, by=office, title="浦东新区公共停车场收费标准调整方案（征求意见稿）", text=PARKING_DRAFT,
        explanation="为缓解中心城区停车矛盾，拟适度调整一类区域公共停车场收费标准。", starts_on=_days(today, 10),
        ends_on=_days(today, 10) + datetime.timedelta(days=29),
        other_channels="信函：浦东新区世纪大道2001号 区发展改革委价格科",
    )  # fmt: skip
    open_call.announce(by=office, on=_days(today, 10))
    articles = {a.seq: a for a in open_call.articles.all()}
    said = [
        (3, "建议首小时收费维持10元不变，涨价会增加通勤者负担。", "published", "张"),
        (3, "建议首小时收费维持10元不变，涨价会增加通勤者负担！", "published", "王"),
        (3, "建议首小时收费维持10元不变，涨价会增加通勤者负担", "published", "李"),
        (4, "建议医院周边免费时长延长到60分钟，我的电话13812345678，可以联系我。", "published", "赵"),
        (5, "居民包月优惠应当覆盖周末白天。", "pending", "钱"),
        (None, "方案总体可行，建议同步增加停车诱导屏。", "pending", "孙"),
    ]
    for seq, text, state, surname in said:
        comment = open_call.record_received(by=office, text=text, received_on=_days(today, 5),
                                      article=articles.get(seq) if seq else None, name=f"{surname}先生")  # fmt: skip
        if state == "published":
            comment.moderate(by=office, decision="publish")
    open_call.announce_hearing(
        by=office, kind="forum", held_at=_at(today + datetime.timedelta(days=9), 14), place="区发展改革委第一会议室",
        notice="就停车收费调整方案听取市民、企业和人大代表意见。",
        participants="市民代表5名、企业代表3名、区人大代表2名",
    )  # fmt: skip
    # 3: consulted, experts heard, risk assessed, in legality review.
    care = entries[3]
    care.record_step(by=office, stage="start", on=_days(today, 130), note="区政府同意启动")
    _past_consultation(care, office, "浦东新区养老服务设施布局专项规划（草案）", ELEVATOR_DRAFT, _days(today, 120))
    care.record_step(
        by=office, stage="experts", on=_days(today, 70), note="邀请城市规划、养老服务领域专家5名论证，形成论证意见"
    )
    care.record_step(
        by=office, stage="legality", on=_days(today, 50), note="区司法局合法性审查（审查期不少于7个工作日）"
    )
    # 4: decided five days ago, the adoption report falling due.
    lift = entries[4]
    lift.record_step(by=office, stage="start", on=_days(today, 160), note="区政府同意启动")
    c = _past_consultation(
        lift, office, "浦东新区老旧小区加装电梯补贴办法（征求意见稿）", ELEVATOR_DRAFT, _days(today, 150)
    )
    lift.record_step(by=office, stage="legality", on=_days(today, 40), note="区司法局出具合法性审查意见")
    c.record_decision(by=office, on=_days(today, 5), meeting="区政府常务会议")
    # 5: the report and the decision published, with the policy and its interpretation from the library.
    waste = entries[5]
    waste.record_step(by=office, stage="start", on=_days(today, 220), note="区政府同意启动")
    c = _past_consultation(
        waste, office, "浦东新区生活垃圾分类管理实施办法（修订草案）", ELEVATOR_DRAFT, _days(today, 210)
    )
    waste.record_step(
        by=office, stage="risk", on=_days(today, 170), note="委托第三方开展社会稳定风险评估，风险等级：低"
    )
    waste.record_step(by=office, stage="legality", on=_days(today, 160), note="区司法局出具合法性审查意见")
    c.record_decision(by=office, on=_days(today, 150), meeting="区政府常务会议")
    _report(c, office, _days(today, 145))
    policy = (
        Document.objects.public()
        .filter(agency__code__startswith="PD", interpretations__isnull=False)
        .distinct()
        .first()
    )
    waste.record_step(by=office, stage="published", on=_days(today, 140), note="印发实施并同步发布政策解读",
                      documents=[policy] if policy else [])  # fmt: skip
    # 6: carried out, evaluated.
    life = entries[6]
    life.record_step(by=office, stage="start", on=_days(today, 300), note="区政府同意启动")
    c = _past_consultation(
        life, office, "浦东新区“15分钟社区生活圈”行动方案（征求意见稿）", ELEVATOR_DRAFT, _days(today, 290)
    )
    for stage, n, note in (("experts", 250, "专家论证"), ("risk", 245, "风险评估"), ("legality", 240, "合法性审查")):
        life.record_step(by=office, stage=stage, on=_days(today, n), note=note)
    c.record_decision(by=office, on=_days(today, 230), meeting="区政府常务会议")
    _report(c, office, _days(today, 225))
    life.record_step(by=office, stage="published", on=_days(today, 220), note="印发实施")
    life.record_step(by=office, stage="evaluation", on=_days(today, 10), note="委托第三方开展决策后评估，形成评估报告")


def _past_consultation(entry: Entry, office, title: str, text: str, start: datetime.date) -> Consultation:
    """A consultation held before: announced then, comments received (and recorded), moderated and answered."""
    c = Consultation.prepare(entry, by=office, title=title, text=text, starts_on=start,
                             ends_on=start + datetime.timedelta(days=29))  # fmt: skip
    c.announce(by=office, on=start)
    articles = list(c.articles.all())
    for i, text_ in enumerate(
        ("补贴标准应区分楼层，高层多补。", "补贴标准应区分楼层，高层多补。", "申请程序应简化，减少材料。")
    ):
        comment = c.record_received(by=office, text=text_, received_on=start + datetime.timedelta(days=3 + i),
                                    article=articles[2 if i == 2 else 1], name="周女士")  # fmt: skip
        comment.moderate(by=office, decision="publish" if i != 2 else "keep")
    answers = [(CommentGroup.Outcome.ADOPTED, ""), (CommentGroup.Outcome.PARTLY, "材料清单已精简，现场核验仍需保留")]
    for group, (outcome, reason) in zip(c.groups_to_answer(), answers, strict=False):
        c.answer(group, by=office, outcome=outcome, reason=reason)
    return c


def _report(c: Consultation, office, on: datetime.date) -> None:
    c.publish_report(by=office, at=_at(on, 16),
                     summary="征求意见期间共收到意见3条，经归并为2条，采纳1条，部分采纳1条。")  # fmt: skip


CALL = "公开征集市民代表、小微企业和民营企业代表列席区政府常务会议。"


def _meetings(agency, office, today: datetime.date) -> None:
    """Two meetings held this year with public representatives, one call open now."""
    people = [
        ("陈建国", "citizen", "13900001111"),
        ("刘小微", "small", "liu@example.com"),
        ("黄民企", "private", "13900002222"),
    ]
    for n, days_ago in ((1, 60), (2, 20)):
        held = min(max(_days(today, days_ago), datetime.date(today.year, 1, n)), today)
        m = Meeting.call(agency, by=office, title=f"区政府第{n}次常务会议（列席）", held_on=held,
                         apply_by=held - datetime.timedelta(days=1), call_text=CALL,
                         seats={"citizen": 1, "small": 1, "private": 1})  # fmt: skip
        reps = [m.nominate(by=office, name=name, category=cat, contact=contact) for name, cat, contact in people]
        m.select(by=office, chosen=[r.pk for r in reps], rules="由街镇、区工商联推荐，按类别确定")
        m.record_attendance(by=office, attended=[r.pk for r in reps])
        reps[0].refresh_from_db()
        reps[0].record_opinion(
            by=office, opinion="建议停车收费调整设置过渡期。", reply="已采纳，方案增加三个月过渡期。"
        )
    Meeting.call(agency, by=office, title="区政府常务会议（下次）", held_on=today + datetime.timedelta(days=21),
                 apply_by=today + datetime.timedelta(days=10), call_text=CALL + "本次会议审议停车收费调整方案。",
                 seats={"citizen": 2, "small": 1, "private": 1})  # fmt: skip
