"""The case letters: templates kept as data (DEFAULTS seeds LetterTemplate rows, which the office
edits), drafted with the case's facts and dates, editable until issued, then frozen as DOCX."""

from __future__ import annotations

import hashlib
import re

from django.core.files.base import ContentFile
from django.db import transaction

from gongkai import audit
from gongkai.inforequests import law
from gongkai.inforequests.law import LetterKind, Outcome
from gongkai.inforequests.models import CaseError, Letter, LetterTemplate
from gongkai.workdays.clock import EventKind

REG = "《中华人民共和国政府信息公开条例》"
_ANSWER = "{答复内容}\n\n{救济途径}"

# (kind, outcome) → (title, body, articles). Placeholders in braces are filled from the case (PLACEHOLDERS).
DEFAULTS: dict[tuple[str, str], tuple[str, str, str]] = {
    (LetterKind.CORRECTION, ""): (
        "政府信息公开申请补正告知书",
        "本机关于{收到日期}收到您提交的政府信息公开申请（编号：{编号}），申请获取“{所需信息}”。"
        "经审查，您的申请内容不明确，根据" + REG + "第三十条的规定，请您对以下事项作出补正：\n{补正事项}\n"
        "请您于{补正期限}前提交补正后的申请。答复期限自本机关收到补正后的申请之日起计算。"
        "无正当理由逾期不补正的，视为放弃申请，本机关不再处理该政府信息公开申请。",
        "第三十条",
    ),
    (LetterKind.EXTENSION, ""): (
        "政府信息公开申请延期答复告知书",
        "本机关于{收到日期}收到您提交的政府信息公开申请（编号：{编号}）。因{延期理由}，不能在规定期限内作出答复。"
        "根据" + REG + "第三十三条第二款的规定，经本机关政府信息公开工作机构负责人同意，"
        "答复期限延长{延长天数}个工作日，"
        "本机关将于{答复期限}前作出答复。",
        "第三十三条第二款",
    ),
    (LetterKind.CONSULTATION, ""): (
        "政府信息公开征求第三方意见函",
        "本机关收到政府信息公开申请（编号：{编号}），申请获取“{所需信息}”。该信息可能涉及贵方合法权益，"
        "根据" + REG + "第三十二条的规定，现书面征求贵方意见。请于收到本函之日起15个工作日内（{第三方期限}前）书面答复"
        "是否同意公开及理由。逾期未提出意见的，本机关将依照条例规定决定是否公开。\n征求事项：{征求事项}",
        "第三十二条",
    ),
    (LetterKind.FEE, ""): (
        "政府信息公开信息处理费收费通知书",
        "本机关于{收到日期}收到您提交的政府信息公开申请（编号：{编号}）。根据" + REG + "第四十二条和"
        "《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）的规定，本次申请应缴纳信息处理费{收费金额}元"
        "（{计费依据}）。请于{缴费期限}前缴纳。缴费期间答复期限暂停计算；逾期未缴纳的，视为放弃申请，本机关不再处理该申请。",
        "第四十二条；国办函〔2020〕109号",
    ),
}
_REPLIES = {
    Outcome.GRANTED: "经审查，您申请获取的政府信息属于公开范围，根据{条款}的规定，现予以公开。",
    Outcome.PARTIAL: "经审查，您申请获取的政府信息中含有不应当公开的内容，但能够作区分处理。根据{条款}的规定，"
    "本机关向您提供可以公开的信息内容。不予公开的部分及理由如下：\n{不予公开部分}",
    Outcome.WITHHELD_SECRET: "经审查，您申请获取的政府信息属于国家秘密，根据{条款}的规定，不予公开。",
    Outcome.WITHHELD_LAW: "经审查，您申请获取的政府信息属于法律、行政法规禁止公开的信息，根据{条款}的规定，不予公开。",
    Outcome.WITHHELD_SECURITY: "经审查，您申请获取的政府信息公开后可能危及国家安全、公共安全、经济安全、社会稳定，"
    "根据{条款}的规定，不予公开。",
    Outcome.WITHHELD_THIRD_PARTY: "经审查，您申请获取的政府信息涉及商业秘密、个人隐私等，"
    "公开会对第三方合法权益造成损害，"
    "根据{条款}的规定，不予公开。",
    Outcome.WITHHELD_INTERNAL: "经审查，您申请获取的信息属于人事管理、后勤管理、内部工作流程等内部事务信息，"
    "根据{条款}的规定，不予公开。",
    Outcome.WITHHELD_PROCESS: "经审查，您申请获取的信息属于行政机关在履行行政管理职能过程中形成的过程性信息，"
    "根据{条款}的规定，不予公开。",
    Outcome.WITHHELD_ENFORCEMENT: "经审查，您申请获取的信息属于行政执法案卷信息，根据{条款}的规定，不予公开。",
    Outcome.WITHHELD_QUERY: "经审查，您申请获取的信息属于法律、行政法规对获取有特别规定的查询事项，根据{条款}的规定，"
    "请您按照相关规定办理查询。",
    Outcome.UNAVAILABLE_NOT_HELD: "经检索查找，本机关未制作或者获取您申请的政府信息，根据{条款}的规定告知如上。",
    Outcome.UNAVAILABLE_NEEDS_CREATION: "经审查，本机关没有您申请的现成信息，需要另行制作或者对现有信息进行加工、分析。"
    "根据{条款}的规定，本机关不予提供。",
    Outcome.UNAVAILABLE_UNCLEAR: "经补正，您的申请内容仍不明确，本机关无法确定您所需的政府信息，"
    "根据{条款}的规定告知如上。",
    Outcome.REFUSED_PETITION: "经审查，您提出的申请属于信访、投诉、举报等诉求，根据{条款}的规定，"
    "本机关不作为政府信息公开申请处理，请您通过相应渠道提出。",
    Outcome.REFUSED_REPEAT: "经审查，您的申请与已答复的申请内容相同，本机关已作出答复，"
    "根据{条款}的规定，不予重复处理。",
    Outcome.REFUSED_PUBLICATION: "经审查，您申请获取的信息属于公开出版物，根据{条款}的规定，请通过公开发行渠道获取。",
    Outcome.REFUSED_EXCESSIVE: "经审查，您申请的数量、频次明显超过合理范围，且未能说明合理理由，"
    "根据{条款}的规定，本机关不予处理。",
    Outcome.REFUSED_CONFIRMATION: "经审查，您的申请属于要求本机关确认或者重新出具已获取的信息，"
    "根据{条款}的规定，本机关不作为政府信息公开申请处理。",
    Outcome.OTHER_UNCORRECTED: "本机关已于{补正告知日期}向您发出补正告知书，您无正当理由逾期未补正。根据{条款}的规定，"
    "视为您放弃申请，本机关不再处理该政府信息公开申请。",
    Outcome.OTHER_UNPAID: "本机关已于{收费通知日期}向您发出收费通知书，您逾期未缴纳信息处理费。根据{条款}的规定，"
    "视为您放弃申请，本机关不再处理该政府信息公开申请。",
    Outcome.OTHER: "关于您的政府信息公开申请，本机关处理如下。",
}
for _outcome, _text in _REPLIES.items():
    _title = "政府信息公开申请处理告知书" if _outcome.startswith("other") else "政府信息公开申请答复书"
    _articles = law.OUTCOME_ARTICLES[_outcome]
    DEFAULTS[(LetterKind.REPLY, _outcome.value)] = (
        _title,
        "本机关于{收到日期}收到您提交的政府信息公开申请（编号：{编号}），申请获取“{所需信息}”。现答复如下：\n"
        + _text
        + ("\n" + _ANSWER if not _outcome.startswith("other") else "\n{救济途径}"),
        _articles,
    )


def fmt(day) -> str:
    """Dates in letters: 2026年3月2日 (no weekday, unlike the clock's explanations)."""
    return f"{day.year}年{day.month}月{day.day}日"


PLACEHOLDER = re.compile(r"\{([^{}\n]{1,12})\}")


PLACEHOLDER_HELP = {
    "申请人": "申请人姓名或名称",
    "编号": "申请编号",
    "收到日期": "收到申请之日",
    "所需信息": "申请获取的信息",
    "机关": "受理机关名称",
    "补正事项": "补正告知写明的事项",
    "补正告知日期": "发出补正告知之日",
    "补正期限": "申请人补正的最后一天（告知之日起 15 个工作日）",
    "延期理由": "延期说明",
    "延长天数": "延长的工作日数",
    "答复期限": "当前答复期限",
    "第三方期限": "第三方答复期限",
    "征求事项": "征求意见的说明",
    "收费金额": "信息处理费金额（元）",
    "计费依据": "计费方式和计算过程",
    "缴费期限": "缴费期限",
    "收费通知日期": "发出收费通知之日",
    "条款": "本文书引用的条款（自动加条例全称）",
    "答复内容": "答复时填写的内容",
    "不予公开部分": "部分公开时不予公开的部分及理由",
    "救济途径": "复议、诉讼的途径和期限",
}


def template_for(kind, outcome="") -> LetterTemplate:
    """The office's template for a letter, created from DEFAULTS the first time it is needed."""
    outcome = outcome if kind == LetterKind.REPLY else ""
    title, body, articles = DEFAULTS[(kind, outcome)]
    template, _ = LetterTemplate.objects.get_or_create(
        kind=kind, outcome=outcome, defaults={"title": title, "body": body, "articles": articles}
    )
    return template


def ensure_templates() -> list[LetterTemplate]:
    return [template_for(kind, outcome) for kind, outcome in DEFAULTS]


def _cite(articles: str) -> str:
    if not articles:
        return REG + "有关规定"
    parts = [a for a in re.split("[；;]", articles) if a]
    return "、".join(p if p.startswith(("国办", "《")) else REG + p for p in parts)


def facts(case, kind) -> dict[str, str]:
    """Everything a template may use, from the case, its clock and its agency."""
    events = list(case.events.all())

    def last(k):
        found = [e for e in events if e.kind == k]
        return found[-1] if found else None

    clock = case.clock(case.replied_on) if case.replied_on else case.clock()
    correction, extension = last(EventKind.CORRECTION_REQUESTED), last(EventKind.EXTENSION_GRANTED)
    consultation = last(EventKind.CONSULTATION_STARTED)
    fee = getattr(case, "fee", None)
    template = template_for(kind, case.outcome)
    withheld = case.outcome in law.WITHHELD_OUTCOMES
    review_body = case.agency.parent.name if case.agency.parent_id else "上一级行政机关"
    remedy = (law.REMEDY_REVIEW_FIRST if withheld else law.REMEDY).format(复议机关=review_body)
    return {
        "申请人": case.applicant_name,
        "编号": case.number,
        "收到日期": fmt(case.received_on),
        "所需信息": case.information.strip()[:300],
        "机关": case.agency.name,
        "补正事项": correction.note if correction else "",
        "补正告知日期": fmt(correction.date) if correction else "",
        "补正期限": fmt(case.correction_answer_due()) if correction else "",
        "延期理由": (extension.note if extension and extension.note else "需要进一步查找、核实相关信息"),
        "延长天数": str(extension.days) if extension else "",
        "答复期限": fmt(clock.due) if clock.due else "",
        "第三方期限": fmt(clock.third_party_due) if clock.third_party_due else "",
        "征求事项": consultation.note if consultation else "",
        "收费金额": str(fee.amount) if fee else "",
        "计费依据": fee.basis if fee else "",
        "缴费期限": fmt(clock.fee_payment_due) if clock.fee_payment_due else "",
        "收费通知日期": fmt(fee.issued_on) if fee else "",
        "条款": _cite(template.articles),
        "答复内容": case.reply_text.strip(),
        "不予公开部分": case.withheld_reasons,
        "救济途径": remedy,
    }


def fill(text: str, values: dict[str, str]) -> str:
    return PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), text)


def draft(case, kind, *, by) -> Letter:
    """A new draft from the template; an existing draft of the same kind is replaced."""
    template = template_for(kind, case.outcome)
    values = facts(case, kind)
    with transaction.atomic():
        case.letters.filter(kind=kind, issued_on__isnull=True).delete()
        letter = Letter.objects.create(
            case=case,
            kind=kind,
            title=template.title,
            body=fill(template.body, values),
            articles=values["条款"],
        )
        audit.record(by, "inforequest.letter_drafted", case, {"kind": kind, "letter": letter.pk})
    return letter


def edit(letter: Letter, *, by, body: str) -> None:
    if letter.issued_on:
        raise CaseError("文书已出具，不能再修改")
    if not body.strip():
        raise CaseError("正文：不能为空")
    unfilled = PLACEHOLDER.findall(body)
    if unfilled:
        raise CaseError(f"正文：还有未填写的内容 {'、'.join('{' + u + '}' for u in unfilled)}")
    with transaction.atomic():
        letter.body = body.strip()
        letter.save(update_fields=["body"])
        audit.record(by, "inforequest.letter_edited", letter.case, {"letter": letter.pk})


def issue(letter: Letter, *, by, on) -> None:
    """Freeze the letter: the DOCX is generated once, stored with the case and hashed."""
    if letter.issued_on:
        raise CaseError("文书已出具")
    unfilled = PLACEHOLDER.findall(letter.body)
    if unfilled:
        raise CaseError(f"正文：还有未填写的内容 {'、'.join('{' + u + '}' for u in unfilled)}，请先编辑")
    if on < letter.case.received_on:
        raise CaseError("出具日期：不能早于收到申请之日")
    data = render_docx(letter, on)
    with transaction.atomic():
        letter.issued_on, letter.issued_by = on, str(by)
        letter.sha256 = hashlib.sha256(data).hexdigest()
        letter.file.save(f"{letter.case.number}-{letter.kind}-{letter.pk}.docx", ContentFile(data), save=False)
        letter.save(update_fields=["issued_on", "issued_by", "sha256", "file"])
        audit.record(by, "inforequest.letter_issued", letter.case, {"letter": letter.pk, "sha256": letter.sha256})


def render_docx(letter: Letter, on) -> bytes:
    """An official-style letter: title, number, addressee, body, agency and date (GB/T 9704 sizes)."""
    from gongkai.lib.docx import Para, write

    case = letter.case
    addressee = "第三方：" if letter.kind == LetterKind.CONSULTATION else f"{case.applicant_name}："
    paragraphs = [
        Para(letter.title, size=22, font="方正小标宋简体", align="center"),
        Para(f"申请编号：{case.number}", size=12, align="right"),
        Para(addressee, align="left"),
        *[Para(line.strip(), indent=True) for line in letter.body.splitlines() if line.strip()],
        Para(case.agency.name, align="right"),
        Para(fmt(on), align="right"),
    ]
    phone = f"电话：{case.agency.phone}" if case.agency.phone else ""
    contact = "　".join(x for x in (case.agency.office_name, phone) if x)
    if contact:
        paragraphs.append(Para(f"（联系单位：{contact}）", size=12, align="left"))
    return write(paragraphs, title=letter.title)
