"""Demo 依申请公开 cases: about 300 across three demo agencies, last year and this year, in every
state and outcome, so the queues, analysis and the annual-report tables have real numbers.

Every case goes through the real verbs (register, assign, correction, consultation, extension,
fee, reply, letters, delivery, archive, review and suit), so clocks, letters and the audit trail are
what the platform would have recorded. Deterministic (a fixed seed per agency) and idempotent (each
case has a submission key; loading twice creates nothing new). Names and numbers are fictitious.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from gongkai.accounts.models import Agency, User
from gongkai.inforequests.law import (
    ApplicantType,
    CaseKind,
    ChallengeKind,
    ChallengeResult,
    Delivery,
    DispatchMethod,
    FeeMethod,
    FormWanted,
    IdType,
    LetterKind,
    Outcome,
    ReplyType,
)
from gongkai.inforequests.models import CaseError, InfoRequest
from gongkai.lib.idcodes import CREDIT_CODE_ALPHABET, credit_code_check_char, id_card_check_char
from gongkai.workdays import add_workdays, is_workday
from gongkai.workdays.clock import Party

# agency code: (officer username, number of cases, topics asked about)
AGENCIES = {
    "PD-RSJ": (
        "officer",
        220,
        [
            "{y}年浦东新区一次性就业补贴发放人数和金额",
            "{y}年度本区高校毕业生见习补贴的申领条件和发放情况",
            "本人{y}年社会保险缴费记录及缴费基数核定依据",
            "{y}年劳动保障监察投诉案件的处理结果",
            "浦东新区灵活就业人员社会保险补贴的审核标准",
            "{y}年本区职业技能培训补贴机构名单及补贴金额",
            "某公司拖欠工资案件的调查处理材料",
            "{y}年度人社局部门预算和决算明细",
            "本区退役军人就业安置政策文件",
            "{y}年根治欠薪工作专项检查通报",
            "小微企业吸纳就业补贴的申报材料清单",
            "本人工伤认定决定书及相关调查笔录",
        ],
    ),
    "SH-JGJ": (
        "jgj-officer",
        50,
        [
            "{y}年市级机关公务用车数量及运行费用",
            "市级机关办公用房调剂使用情况",
            "{y}年公共机构节能目标完成情况",
            "市级机关食堂招标采购结果",
            "人民大道200号大楼维修工程合同",
        ],
    ),
    "SH-GFDY": (
        "gfdy-officer",
        30,
        [
            "本区人防工程平时使用的审批情况",
            "{y}年防空警报试鸣的安排",
            "某小区地下人防车位的产权和收费依据",
            "人防工程易地建设费的征收标准和{y}年收入",
        ],
    ),
}
# Four different people asked PD-RSJ for the same figures: the art. 44 suggestion has something to show.
POPULAR = "2025年浦东新区一次性就业补贴发放情况（人数、金额、企业名单）"
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国志红玉兰文斌佳雪琳晨浩宇欣怡子轩"
ORGS = {
    ApplicantType.COMMERCIAL: ["上海示范科技有限公司", "上海浦江物流有限公司", "上海东方餐饮管理有限公司"],
    ApplicantType.RESEARCH: ["上海某大学公共管理学院课题组", "上海社会发展研究院"],
    ApplicantType.WELFARE: ["浦东新区某公益服务中心", "上海某助残基金会"],
    ApplicantType.LEGAL: ["上海某律师事务所", "上海某法律服务所"],
    ApplicantType.OTHER: ["某小区业主委员会", "某行业协会"],
}
CHANNELS = [("online", 55), ("in_person", 14), ("post_signed", 15), ("post_plain", 4), ("email", 9), ("fax", 3)]
TYPES = [
    (ApplicantType.PERSON, 74),
    (ApplicantType.COMMERCIAL, 10),
    (ApplicantType.RESEARCH, 3),
    (ApplicantType.WELFARE, 3),
    (ApplicantType.LEGAL, 7),
    (ApplicantType.OTHER, 3),
]
# Replies by reply type, roughly as Shanghai district bureaus report them.
OUTCOMES = [
    (ReplyType.GRANTED, 26), (ReplyType.ALREADY_PUBLIC, 8),
    (Outcome.PARTIAL, 9), (Outcome.WITHHELD_SECRET, 1), (Outcome.WITHHELD_LAW, 1),
    (Outcome.WITHHELD_SECURITY, 1), (Outcome.WITHHELD_THIRD_PARTY, 4), (Outcome.WITHHELD_INTERNAL, 2),
    (Outcome.WITHHELD_PROCESS, 4), (Outcome.WITHHELD_ENFORCEMENT, 2), (Outcome.WITHHELD_QUERY, 2),
    (Outcome.UNAVAILABLE_NOT_HELD, 11), (ReplyType.NOT_HELD_OTHER_BODY, 5),
    (Outcome.UNAVAILABLE_NEEDS_CREATION, 4), (Outcome.UNAVAILABLE_UNCLEAR, 2),
    (Outcome.REFUSED_PETITION, 4), (Outcome.REFUSED_REPEAT, 2), (Outcome.REFUSED_PUBLICATION, 1),
    (Outcome.REFUSED_EXCESSIVE, 1), (Outcome.REFUSED_CONFIRMATION, 2),
]  # fmt: skip
REPLY_TEXT: dict[str, str] = {
    Outcome.GRANTED: "现将所申请的信息以电子文件形式提供给您，请查收附件。",
    ReplyType.ALREADY_PUBLIC: "该信息可在上述栏目查阅、下载。",
    Outcome.PARTIAL: "现将可以公开的部分提供给您。",
    Outcome.UNAVAILABLE_NOT_HELD: "经检索本机关档案和业务系统，未找到您所描述的信息。",
    ReplyType.NOT_HELD_OTHER_BODY: "您所申请的信息由该机关制作并保存。",
    ReplyType.RECORD_CORRECTED: "已将您的缴费记录中的缴费月份更正为2024年3月，更正后的记录可在“一网通办”查询。",
    ReplyType.RECORD_FORWARDED: "本机关已于当日将您的申请转送该机关处理。",
    ReplyType.RECORD_REFUSED: "如有新的证据，可以再次提出。",
}
# What a reply type needs besides the text (arts. 36(一), 36(五), 36(七), 37, 41).
REPLY_EXTRA: dict[str, dict[str, str]] = {
    ReplyType.ALREADY_PUBLIC: {"route": "浦东新区人民政府门户网站“政府信息公开—法定主动公开内容”栏目（演示）"},
    Outcome.WITHHELD_QUERY: {
        "route": "请依照《不动产登记资料查询暂行办法》向浦东新区不动产登记事务中心申请查询（演示）"
    },
    ReplyType.NOT_HELD_OTHER_BODY: {"holder_name": "上海市浦东新区财政局", "holder_contact": "021-00000000（演示）"},
    ReplyType.RECORD_FORWARDED: {"holder_name": "上海市社会保险事业管理中心", "holder_contact": "12333"},
    Outcome.PARTIAL: {"withheld_reasons": "所涉个人身份信息和银行账户——公开会损害第三方合法权益（第十五条）"},
    ReplyType.RECORD_REFUSED: {"withheld_reasons": "所附材料不能证明原记录有误，原记录与单位申报材料一致。"},
}


def _pick(rng, weighted):
    return rng.choices([v for v, _ in weighted], weights=[w for _, w in weighted])[0]


def _workday_between(rng, start: datetime.date, end: datetime.date) -> datetime.date | None:
    days = [start + datetime.timedelta(days=i) for i in range((end - start).days + 1)]
    days = [d for d in days if is_workday(d)]
    return rng.choice(days) if days else None


@dataclass
class Plan:
    key: str
    received_on: datetime.date
    channel: str
    fields: dict
    scenario: str  # what happens to the case, see _run
    outcome: str = ""
    rng_seed: int = 0
    extra: dict = field(default_factory=dict)


def _applicant(rng, applicant_type, serial):
    if applicant_type == ApplicantType.PERSON:
        name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))
        born = datetime.date(1950, 1, 1) + datetime.timedelta(days=rng.randrange(20000))
        first17 = f"310115{born:%Y%m%d}{serial % 1000:03d}"
        return {
            "applicant_name": name,
            "id_type": IdType.ID_CARD,
            "id_number": first17 + id_card_check_char(first17),
            "credit_code": "",
            "contact_person": "",
        }
    body = "".join(rng.choice(CREDIT_CODE_ALPHABET[:10]) for _ in range(9))
    first17 = f"91310115{body}"
    return {
        "applicant_name": rng.choice(ORGS[applicant_type]) + "（演示）",
        "id_type": "",
        "id_number": "",
        "credit_code": first17 + credit_code_check_char(first17),
        "legal_representative": rng.choice(SURNAMES) + rng.choice(GIVEN),
        "contact_person": rng.choice(SURNAMES) + rng.choice(GIVEN),
    }


def plan(code: str, count: int, topics: list[str], today: datetime.date) -> list[Plan]:
    rng = random.Random(f"requests-{code}")
    start = datetime.date(today.year - 1, 1, 2)
    plans = []
    for n in range(count):
        received = _workday_between(rng, start, today - datetime.timedelta(days=1))
        assert received is not None  # a year and more always holds working days
        applicant_type = _pick(rng, TYPES)
        fields = {
            "applicant_type": applicant_type,
            **_applicant(rng, applicant_type, n),
            "phone": f"139{rng.randrange(10**8):08d}",
            "email": f"applicant{n}@example.com",
            "address": f"上海市浦东新区示范路{rng.randrange(1, 999)}号（演示）",
            "information": rng.choice(topics).format(y=received.year - rng.choice((0, 1))),
            "document_reference": "",
            "form_wanted": _pick(rng, [(FormWanted.ELECTRONIC, 6), (FormWanted.PAPER, 3), (FormWanted.READING, 1)]),
            "delivery": _pick(rng, [(Delivery.EMAIL, 5), (Delivery.POST, 4), (Delivery.PICKUP, 1)]),
        }
        age = (today - received).days
        roll = rng.random()
        if age < 35:  # still in hand: every kind of open case
            scenario = rng.choice(["open", "open", "correction", "consultation", "extended", "assigned", "fee"])
        elif roll < 0.03:
            scenario = "withdrawn"
        elif roll < 0.06:
            scenario = "uncorrected"
        elif roll < 0.07:
            scenario = "unpaid"
        else:
            scenario = "reply"
        outcome = _pick(rng, OUTCOMES)
        plans.append(
            Plan(
                f"demo-{code}-{n:04d}", received, _pick(rng, CHANNELS), fields, scenario, outcome, rng.randrange(10**9)
            )
        )
    if code == "PD-RSJ":
        plans += _special(rng, today)
    return plans


def _special(rng, today):
    """The cases the analysis should find: a popular request, a repeat, an applicant over the monthly count."""
    base = {
        "phone": "13900000000",
        "email": "demo@example.com",
        "address": "上海市浦东新区示范路1号（演示）",
        "document_reference": "",
        "form_wanted": FormWanted.ELECTRONIC,
        "delivery": Delivery.EMAIL,
    }
    plans = []
    recent = add_workdays(today, -12)
    for i in range(4):
        fields = {**base, "applicant_type": ApplicantType.PERSON, **_applicant(rng, ApplicantType.PERSON, 900 + i)}
        plans.append(
            Plan(
                f"demo-popular-{i}", add_workdays(recent, -3 * i), "online", {**fields, "information": POPULAR}, "open"
            )
        )
    person = {**base, "applicant_type": ApplicantType.PERSON, **_applicant(rng, ApplicantType.PERSON, 950)}
    asked = "本人2024年度社会保险缴费记录及缴费基数核定依据"
    plans.append(
        Plan(
            "demo-repeat-0",
            add_workdays(today, -60),
            "online",
            {**person, "information": asked},
            "reply",
            Outcome.GRANTED,
        )
    )
    plans.append(
        Plan(
            "demo-repeat-1",
            add_workdays(today, -4),
            "online",
            {**person, "information": asked + "（再次申请）"},
            "open",
        )
    )
    heavy = {**base, "applicant_type": ApplicantType.PERSON, **_applicant(rng, ApplicantType.PERSON, 960)}
    month = (today.replace(day=1) - datetime.timedelta(days=70)).replace(day=1)
    days = [d for d in (month + datetime.timedelta(days=i) for i in range(28)) if is_workday(d)]
    for i in range(12):
        info = f"{2015 + i}年本区某街道就业援助对象名单"
        scenario = "count_fee" if i == 10 else "excessive" if i == 11 else "reply"
        outcome = Outcome.REFUSED_EXCESSIVE if i == 11 else Outcome.UNAVAILABLE_NOT_HELD
        plans.append(
            Plan(
                f"demo-heavy-{i:02d}",
                days[min(i, len(days) - 1)],
                "online",
                {**heavy, "information": info},
                scenario,
                outcome,
            )
        )
    # The statutory steps of 条例 arts. 30, 32, 34, 41: one case each, recent enough to be seen open.
    statutory = [
        ("late-correction", 25, "late_correction", Outcome.GRANTED, "2025年本区就业见习基地名单"),
        ("objection", 40, "objection", Outcome.GRANTED, "某培训机构承接补贴培训项目的合同金额"),
        ("co-producer", 6, "co_producer", "", "与区财政局联合印发的就业补贴资金管理办法的起草说明"),
        ("third-party-lapsed", 26, "lapsed_consultation", "", "某人力资源公司经营许可审批材料"),
        ("record-corrected", 30, "record", ReplyType.RECORD_CORRECTED, "本人2024年3月社会保险缴费记录中缴费月份有误"),
        ("record-forwarded", 32, "record", ReplyType.RECORD_FORWARDED, "本人养老保险视同缴费年限记录有误"),
        ("record-refused", 28, "record", ReplyType.RECORD_REFUSED, "本人就业失业登记证上的登记日期有误"),
        ("record-open", 3, "record_open", "", "本人职业资格证书信息库中的姓名录入错误"),
    ]  # fmt: skip
    for i, (key, age, scenario, outcome, info) in enumerate(statutory):
        person = {**base, "applicant_type": ApplicantType.PERSON}
        person.update(_applicant(rng, ApplicantType.PERSON, 970 + i))
        kind = CaseKind.RECORD_CORRECTION if scenario.startswith("record") else CaseKind.DISCLOSURE
        fields = {**person, "information": info, "kind": kind}
        plans.append(Plan(f"demo-{key}", add_workdays(today, -age), "online", fields, scenario, outcome))
    return plans  # fmt: skip


def load() -> str:
    today = timezone.localdate()
    created = 0
    for code, (officer_name, count, topics) in AGENCIES.items():
        agency = Agency.objects.filter(code=code).first()
        officer = User.objects.filter(username=officer_name).first()
        if agency is None or officer is None:
            continue
        done = set(InfoRequest.objects.filter(agency=agency).values_list("submission_key", flat=True))
        for item in plan(code, count, topics, today):
            if item.key in done:
                continue
            with transaction.atomic():
                _run(agency, officer, item, today)
            created += 1
    return f"已载入演示依申请公开案件 {created} 件。" if created else "演示依申请公开案件已存在，未做修改。"


def _run(agency, officer, item: Plan, today):
    rng = random.Random(item.rng_seed or item.key)
    case, _ = InfoRequest.register(
        agency=agency,
        by=officer,
        channel=item.channel,
        received_on=item.received_on,
        receipt_note="演示数据",
        submission_key=item.key,
        **item.fields,
    )
    day = lambda n: add_workdays(case.received_on, n)  # noqa: E731
    departments = list(agency.departments.all())
    if departments and item.scenario != "open":
        case.assign(by=officer, department=rng.choice(departments), task="查找并提供相关信息", on=day(1))
    s = item.scenario
    if s in ("correction", "uncorrected") or (s == "reply" and rng.random() < 0.1):
        case.request_correction(by=officer, on=day(rng.randint(1, 6)), note="请写明所需信息的年份和具体内容")
        _issue_drafts(case, officer, day(6))
        if s == "uncorrected":
            case.close_without_reply(by=officer, on=day(25), outcome=Outcome.OTHER_UNCORRECTED, note="申请人逾期未补正")
            return _deliver(case, officer, rng, today)
        if s == "reply":
            case.record_correction(by=officer, on=day(rng.randint(7, 12)), note="申请人来电补正")
    if s == "consultation" or (s == "reply" and item.outcome in (Outcome.WITHHELD_THIRD_PARTY, Outcome.PARTIAL)):
        start = _after_last(case, 3)
        case.start_consultation(by=officer, on=start, party=Party.THIRD_PARTY, note="涉及第三方商业信息")
        _issue_drafts(case, officer, start)
        if s == "reply":
            case.end_consultation(by=officer, on=add_workdays(start, rng.randint(5, 15)), note="第三方书面答复")
    if s == "extended" or (s == "reply" and rng.random() < 0.08):
        # decided before the period ends (art. 33 ¶2), approved by the head of the office
        when = _after_last(case, 15)
        clock = case.clock(when)
        when = min(when, clock.due or when)
        if when <= today and not clock.paused:
            case.extend(
                by=officer,
                approved_by=officer,
                on=when,
                days=rng.choice((10, 15, 20)),
                note="需要调取历史档案，工作量较大",
            )
            _issue_drafts(case, officer, when)
    if s in ("fee", "unpaid"):
        when = _after_last(case, 2)
        case.issue_fee_notice(by=officer, on=when, method=FeeMethod.BY_PAGE, pages=rng.choice((60, 150, 240)))
        _issue_drafts(case, officer, when)
        received = add_workdays(when, 2)
        if received <= today:
            case.record_fee_notice_receipt(by=officer, on=received)
        if s == "unpaid":
            due = case.clock(today).fee_payment_due
            case.close_without_reply(
                by=officer, on=add_workdays(due, 1), outcome=Outcome.OTHER_UNPAID, note="逾期未缴纳"
            )
            return _deliver(case, officer, rng, today)
    if s == "count_fee":
        case.issue_fee_notice(by=officer, on=day(1), method=FeeMethod.BY_COUNT)
        case.record_payment(by=officer, on=day(4))
        _issue_drafts(case, officer, day(1))
        s = "reply"
    if s in ("late_correction", "objection", "co_producer", "lapsed_consultation", "excessive", "record"):
        s = _statutory(case, officer, item, s, day, today)
        if s is None:
            return None
    if s == "withdrawn":
        case.withdraw(by=officer, on=day(rng.randint(2, 8)), note="申请人来电撤回申请")
        return None
    if s != "reply":
        return None
    clock = case.clock(today)
    late = rng.random() < 0.03
    last_event = max(e.date for e in case.events.all())
    if item.scenario == "excessive":  # after the reasons period has run out
        last_event = add_workdays(last_event, 15)
    latest = add_workdays(clock.due, 2) if late else clock.due
    on = _workday_between(rng, add_workdays(last_event, 1), min(latest, today)) or min(latest, today)
    if item.outcome == Outcome.REFUSED_EXCESSIVE and not case.reasons_state(on):  # art. 35: reasons first
        asked = _after_last(case, 1)
        case.request_reasons(by=officer, on=asked, note="您近期向本机关提出的申请数量明显超过合理范围")
        _issue_drafts(case, officer, asked)
        case.record_reasons(by=officer, on=asked, note="申请人称系个人研究需要，未说明具体用途")
        on = max(on, asked)
    text = REPLY_TEXT.get(item.outcome, "具体情况见本答复书。")
    extra = dict(REPLY_EXTRA.get(item.outcome, {}))
    if item.extra.get("public_interest"):
        extra["public_interest"] = item.extra["public_interest"]
    case.reply(by=officer, on=on, reply_type=item.outcome, text=text, **extra)
    _issue_drafts(case, officer, on)
    _deliver(case, officer, rng, today)
    if item.outcome.startswith(("withheld", "unavailable", "refused", "not_held")) and rng.random() < 0.12:
        _challenge(case, officer, rng, today)
    return None


def _statutory(case, officer, item, s, day, today):
    """The statutory steps; returns the scenario to continue with ("reply") or None to stop."""
    if s == "late_correction":  # art. 30: the notice went out after 7 working days, with a reason
        case.request_correction(
            by=officer, on=day(9), note="请写明所需名单的年度和区域", late_reason="承办科室借调，分办延误（演示）"
        )
        _issue_drafts(case, officer, day(9))
        case.record_correction(by=officer, on=day(12), note="申请人补正：2025年全区")
        return "reply"
    if s in ("objection", "lapsed_consultation", "co_producer"):
        party = Party.CO_PRODUCER if s == "co_producer" else Party.THIRD_PARTY
        start = day(2)
        case.start_consultation(by=officer, on=start, party=party, note="涉及合同金额等商业信息")
        _issue_drafts(case, officer, start)
        if s == "lapsed_consultation":  # the third party never answered: the pause ended by itself
            case.record_consultation_receipt(by=officer, on=add_workdays(start, 2), party=party)
            return None
        if s == "co_producer":  # still waiting, its receipt recorded
            if add_workdays(start, 1) <= today:
                case.record_consultation_receipt(by=officer, on=add_workdays(start, 1), party=party)
            return None
        case.record_consultation_receipt(by=officer, on=add_workdays(start, 2), party=party)
        case.end_consultation(by=officer, on=add_workdays(start, 8), note="第三方书面答复不同意公开", objection=True)
        item.extra["public_interest"] = (
            "该合同使用财政补贴资金，金额关系补贴资金使用的公众监督，不公开会对公共利益造成重大影响。"
        )
        return "reply"
    if s == "excessive":  # art. 35: reasons asked first, none given in the period
        case.request_reasons(by=officer, on=day(1), note="您本月已向本机关提出政府信息公开申请12件")
        _issue_drafts(case, officer, day(1))
        return "reply"
    if s == "record":
        return "reply" if item.outcome else None
    return "reply"


def _after_last(case, n):
    return add_workdays(max(e.date for e in case.events.all()), n)


def _issue_drafts(case, officer, on):
    for letter in case.letters.filter(issued_on__isnull=True):
        letter.issue(by=officer, on=on)


def _deliver(case, officer, rng, today):
    case.refresh_from_db()
    _issue_drafts(case, officer, case.replied_on)
    sent = add_workdays(case.replied_on, 1)
    if sent > today:
        return
    letter = case.letters.filter(kind=LetterKind.REPLY, issued_on__isnull=False).last()
    method = {Delivery.POST: DispatchMethod.EMS, Delivery.EMAIL: DispatchMethod.EMAIL}.get(
        case.delivery, DispatchMethod.PICKUP
    )
    tracking = f"EA{rng.randrange(10**9):09d}CN" if method == DispatchMethod.EMS else ""
    dispatch = case.dispatch(by=officer, method=method, sent_on=sent, tracking_number=tracking, letter=letter)
    if method == DispatchMethod.EMS:
        arrived = add_workdays(sent, rng.randint(1, 3))
        if arrived > today:
            return
        case.record_delivery(by=officer, dispatch=dispatch, on=arrived, returned=rng.random() < 0.05)
    if (today - case.replied_on).days > 20 and rng.random() < 0.9:
        case.archive(by=officer, on=add_workdays(case.replied_on, 10))


def _challenge(case, officer, rng, today):
    filed = add_workdays(case.replied_on, rng.randint(10, 40))
    if filed > today:
        return
    parent = case.agency.parent.name if case.agency.parent_id else "上一级行政机关"
    kind = ChallengeKind.REVIEW if rng.random() < 0.75 else ChallengeKind.LAWSUIT
    body = parent if kind == ChallengeKind.REVIEW else "上海市浦东新区人民法院"
    try:
        challenge = case.report_challenge(by=officer, kind=kind, body=body, filed_on=filed)
        decided = add_workdays(filed, rng.randint(30, 60))
        if decided <= today:
            result = _pick(
                rng, [(ChallengeResult.UPHELD, 7), (ChallengeResult.CORRECTED, 2), (ChallengeResult.OTHER, 1)]
            )
            case.decide_challenge(by=officer, challenge=challenge, result=result, decided_on=decided)
            if kind == ChallengeKind.REVIEW and result == ChallengeResult.UPHELD and rng.random() < 0.3:
                suit_filed = add_workdays(decided, 10)
                if suit_filed <= today:
                    case.report_challenge(
                        by=officer,
                        kind=ChallengeKind.LAWSUIT,
                        body="上海市浦东新区人民法院",
                        filed_on=suit_filed,
                        after_review=True,
                    )
    except CaseError:
        return
