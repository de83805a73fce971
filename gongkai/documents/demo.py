"""Demo library: about 210 documents across three demo agencies, from the sample work plans' themes.

Every item goes through the real verbs (create, submit, review, publish, repeal, re-review), so its
status, reviews and audit trail are what the platform would have recorded. Items are keyed by
(source_system, source_id), so loading twice creates nothing new. Deterministic: a fixed seed.
"""

from __future__ import annotations

import datetime
import random
import re
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from gongkai.accounts.models import Agency, User
from gongkai.documents.law import Attribute, InterpretationForm, RelationKind, WithholdGround
from gongkai.documents.library import create_draft
from gongkai.documents.models import Document, Relation, Review, SubjectCategory, Tag

SOURCE = "演示数据"
SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))

# agency code: (daizi, drafter, reviewer, officer, subject, [(title template, kind, tags)])
AGENCIES = {
    "PD-RSJ": (
        "浦人社",
        "drafter",
        "reviewer",
        "officer",
        ("劳动、人事、监察", "就业"),
        [
            ("关于做好{year}年高校毕业生就业创业工作的通知", "notice", ["个人", "高校毕业生", "就业创业"]),
            ("浦东新区{year}年一次性就业补贴实施办法", "other", ["个人", "高校毕业生", "就业创业"]),
            ("关于开展{year}年“双随机、一公开”抽查工作的通知", "notice", ["企业", "营商环境"]),
            ("浦东新区{year}年劳动保障监察执法情况通报", "circular", ["企业", "营商环境"]),
            ("关于调整{year}年度社会保险缴费基数的通知", "notice", ["个人", "企业", "社会保障"]),
            (
                "浦东新区灵活就业人员社会保险补贴办事指南（{year}年版）",
                "service_guide",
                ["个人", "灵活就业人员", "社会保障"],
            ),
            ("{year}年浦东新区就业和社会保障统计信息", "statistics", ["社会保障", "浦东新区"]),
            ("关于推进“一网通办”人社服务事项改革的意见（{year}年）", "opinion", ["一网通办", "企业", "个人"]),
            ("浦东新区{year}年政府开放月活动安排", "news", ["个人", "浦东新区"]),
            ("关于加强{year}年根治欠薪工作的通知", "notice", ["农民工", "企业"]),
            ("浦东新区小微企业吸纳就业补贴办法（{year}年修订）", "other", ["小微企业", "企业", "就业创业"]),
            ("关于做好{year}年退役军人就业服务工作的通知", "notice", ["退役军人", "就业创业"]),
        ],
    ),
    "SH-JGJ": (
        "沪机管",
        "jgj-drafter",
        "jgj-reviewer",
        "jgj-officer",
        ("综合政务", "政务公开"),
        [
            ("上海市公共机构节约能源资源{year}年工作要点", "notice", ["机关事务", "全市"]),
            ("关于做好{year}年本市公共机构节能宣传周活动的通知", "notice", ["机关事务"]),
            ("上海市党政机关办公用房管理办法（{year}年修订）", "other", ["机关事务", "全市"]),
            ("{year}年孙中山宋庆龄文物管理工作动态", "news", ["机关事务"]),
            ("上海市机关事务管理局{year}年政务公开工作要点", "notice", ["机关事务"]),
            ("关于推进本市公共机构生活垃圾分类工作的意见（{year}年）", "opinion", ["机关事务", "全市"]),
            ("上海市公共机构能源资源消费统计情况（{year}年）", "statistics", ["机关事务"]),
        ],
    ),
    "SH-GFDY": (
        "沪国动",
        "gfdy-drafter",
        "gfdy-reviewer",
        "gfdy-officer",
        ("国防", "人民防空"),
        [
            ("上海市人民防空工程建设管理规定（{year}年修订）", "other", ["人民防空", "企业"]),
            ("关于开展{year}年上海市防空警报试鸣的通告", "public_notice", ["人民防空", "全市", "个人"]),
            ("长三角人防一体化发展{year}年工作要点", "notice", ["人民防空", "长三角"]),
            ("上海市国防动员办公室{year}年政务公开工作要点", "notice", ["人民防空"]),
            ("关于做好{year}年人民防空宣传教育工作的通知", "notice", ["人民防空", "个人"]),
            ("人防工程易地建设费办事指南（{year}年版）", "service_guide", ["人民防空", "企业"]),
        ],
    ),
}

YEARS = [2021, 2022, 2023, 2024, 2025, 2026]
FORMS = [InterpretationForm.GRAPHIC, InterpretationForm.TEXT, InterpretationForm.QA, InterpretationForm.VIDEO]


def _subject_of(title: str) -> str:
    """关于做好2026年就业工作的通知 → 做好2026年就业工作; 《…》政策解读 → …"""
    return re.sub(r"^关于|的(通知|意见|通告|通报)$|（[^）]*）$|[《》]|政策解读$", "", title)


def _body(title: str, rng: random.Random) -> str:
    parts = [
        f"<p>为贯彻落实《中华人民共和国政府信息公开条例》和本市政务公开工作要求，现就{_subject_of(title)}有关事项通知如下。</p>",
        "<p>一、提高思想认识。各单位要把这项工作列入重要议事日程，明确责任分工，确保各项措施落实到位。</p>",
        "<p>二、突出工作重点。坚持以公开为常态、不公开为例外，围绕企业和群众关切，做好政策发布、解读和回应。</p>",
        "<p>三、加强督促检查。对工作推进情况开展跟踪评估，发现问题及时整改。</p>",
    ]
    return "".join(parts[: 2 + rng.randint(0, 2)])


def _publish_at(written: datetime.date, rng: random.Random, late: bool) -> datetime.datetime:
    delay = rng.randint(32, 45) if late else rng.randint(1, 18)
    day = written + datetime.timedelta(days=delay)
    return datetime.datetime(day.year, day.month, day.day, 9 + rng.randint(0, 8), rng.randint(0, 59), tzinfo=SHANGHAI)


def _approve(doc, drafter, reviewer, attribute=Attribute.PROACTIVE, ground=""):
    doc.submit(by=drafter)
    doc.review(
        by=reviewer,
        decision=Review.Decision.APPROVE,
        attribute=attribute,
        withhold_ground=ground,
        opinion="经审查，未发现涉密、敏感、个人隐私和商业秘密内容，同意按认定的属性处理。",
    )


def load() -> str:
    today = datetime.date.today()
    created = 0
    for code, (daizi, drafter_name, reviewer_name, officer_name, (top, sub), themes) in AGENCIES.items():
        agency = Agency.objects.filter(code=code).first()
        users = {u.username: u for u in User.objects.filter(username__in=[drafter_name, reviewer_name, officer_name])}
        if agency is None or len(users) < 3:
            continue
        desk = _Desk(
            agency=agency,
            daizi=daizi,
            drafter=users[drafter_name],
            reviewer=users[reviewer_name],
            officer=users[officer_name],
            subject=SubjectCategory.objects.filter(name=sub, parent__name=top).first(),
        )
        rng = random.Random(code)
        serial = 0
        previous: dict[str, Any] = {}  # the last normative item per theme, which the next year's version repeals
        for year in YEARS:
            for index, (template, kind, tag_names) in enumerate(themes):
                serial += 1
                key = f"{code}-{serial:04d}"
                if Document.objects.filter(agency=agency, source_system=SOURCE, source_id=key).exists():
                    continue
                with transaction.atomic():
                    created += _one(desk, rng, year, index, serial, key, template, kind, tag_names, today, previous)
    return f"已载入演示公文 {created} 件。" if created else "演示公文已存在，未做修改。"


@dataclass(frozen=True)
class _Desk:
    """One demo agency and the people who draft, review and publish there."""

    agency: Agency
    daizi: str
    drafter: User
    reviewer: User
    officer: User
    subject: SubjectCategory | None


def _one(desk, rng, year, index, serial, key, template, kind, tag_names, today, previous) -> int:
    agency, daizi, subject = desk.agency, desk.daizi, desk.subject
    drafter, reviewer, officer = desk.drafter, desk.reviewer, desk.officer
    title = template.format(year=year)
    written = datetime.date(year, 1 + (index * 5 + serial) % 11, 1 + rng.randint(0, 26))
    if written >= today:
        written = today - datetime.timedelta(days=40 + serial)
    normative = "办法" in title or "规定" in title
    fields = {
        "title": title,
        "doc_number": f"{daizi}{'规' if normative else '发'}〔{year}〕{serial}号" if kind != "news" else "",
        "written_on": written,
        "kind": kind,
        "subject": subject,
        "summary": f"{title}的主要内容和工作安排。",
        "body": _body(title, rng),
        "channels": ["website"] + (["gazette"] if normative else []),
        "source_system": SOURCE,
        "source_id": key,
        "is_normative": normative,
        "needs_interpretation": kind in ("opinion", "other") or normative or (kind == "notice" and index % 2 == 0),
    }
    if normative:
        fields.update(effective_on=written + datetime.timedelta(days=30), expires_on=datetime.date(year + 5, 12, 31))
    tags = list(Tag.objects.filter(name__in=tag_names))
    roll = rng.random()
    if year == 2026 and roll < 0.12:  # work in progress for the queues
        doc = create_draft(agency=agency, by=drafter, tags=tags, **fields)
        if roll < 0.06:
            doc.submit(by=drafter)
        return 1
    kept_back = {
        # roll below: (attribute, ground, reason, title suffix)
        0.10: (Attribute.WITHHELD, WithholdGround.PROCESS_INFO, "讨论稿，属于过程性信息", "（征求意见讨论稿）"),
        0.16: (Attribute.ON_REQUEST, "", "仅涉及特定对象，依申请公开", "（内部执行口径）"),
    }
    for limit, (attribute, ground, reason, suffix) in kept_back.items():
        if roll < limit:  # not actively disclosed: filed, and due for the yearly re-review
            fields.update(
                attribute=attribute,
                withhold_ground=ground,
                attribute_reason=reason,
                title=f"{title}{suffix}",
                doc_number="",
                needs_interpretation=False,
                is_normative=False,
                expires_on=None,
                effective_on=None,
            )
            doc = create_draft(agency=agency, by=drafter, tags=tags, **fields)
            _approve(doc, drafter, reviewer, attribute, ground)
            return 1
    doc = create_draft(agency=agency, by=drafter, tags=tags, **fields)
    _approve(doc, drafter, reviewer)
    count = 1
    if fields["needs_interpretation"]:
        form = FORMS[serial % len(FORMS)]
        interp = create_draft(
            agency=agency,
            by=drafter,
            interprets=[doc],
            title=f"《{title}》政策解读",
            kind="interpretation",
            interpretation_form=form,
            written_on=written,
            subject=subject,
            summary="一图读懂：政策背景、主要内容、适用对象和办理方式。",
            body=_body(title, rng),
            source_system=SOURCE,
            source_id=f"{key}-J",
            tags=tags,
        )
        _approve(interp, drafter, reviewer)
        count += 1
    if normative and (old := previous.get(template)):
        Relation.objects.create(source=doc, target=old, kind=RelationKind.REPEALS)
    doc.publish(by=officer, at=_publish_at(written, rng, late=rng.random() < 0.08))
    if normative:
        previous[template] = doc
    return count
