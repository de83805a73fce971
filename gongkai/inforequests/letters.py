"""The case letters: templates kept as data (DEFAULTS seeds LetterTemplate rows, which the office
edits), drafted with the case's facts and dates, editable until issued, then frozen as DOCX."""

from __future__ import annotations

import re

from django.db import transaction

from gongkai import audit
from gongkai.inforequests import law
from gongkai.inforequests.law import LetterKind, ReplyType
from gongkai.inforequests.models import Letter, LetterTemplate
from gongkai.inforequests.rendering import PLACEHOLDER, fmt, render_docx  # noqa: F401 — used by callers
from gongkai.workdays import periods
from gongkai.workdays.clock import EventKind

REG = "《中华人民共和国政府信息公开条例》"
_ANSWER = "{答复内容}\n\n{救济途径}"
_THIRD_PARTY_REMEDY = (
    "贵方如对本决定不服，可以自收到本告知书之日起六十日内向{复议机关}申请行政复议，"
    "或者自收到本告知书之日起六个月内向有管辖权的人民法院提起行政诉讼。"
)

# (kind, reply type) → (title, body, articles). Placeholders in braces are filled from the case (PLACEHOLDERS).
DEFAULTS: dict[tuple[str, str], tuple[str, str, str]] = {
    (LetterKind.CORRECTION, ""): (
        "政府信息公开申请补正告知书",
        "本机关于{收到日期}收到您提交的政府信息公开申请（编号：{编号}），申请获取“{所需信息}”。"
        "经审查，您的申请内容不明确，根据" + REG + "第三十条的规定，请您对以下事项作出补正：\n{补正事项}\n"
        "请您于{补正期限}前提交补正后的申请。答复期限自本机关收到补正后的申请之日起计算。"
        "无正当理由逾期不补正的，视为放弃申请，本机关不再处理该政府信息公开申请。\n特此告知。",
        "第三十条",
    ),
    (LetterKind.EXTENSION, ""): (
        "政府信息公开申请延期答复告知书",
        "本机关于{收到日期}收到您提交的政府信息公开申请（编号：{编号}）。因{延期理由}，不能在规定期限内作出答复。"
        "根据" + REG + "第三十三条第二款的规定，经本机关政府信息公开工作机构负责人同意，"
        "答复期限延长{延长天数}个工作日，"
        "本机关将于{答复期限}前作出答复。\n特此告知。",
        "第三十三条第二款",
    ),
    (LetterKind.CONSULTATION, ""): (
        "政府信息公开征求第三方意见函",
        "本机关收到政府信息公开申请（编号：{编号}），申请获取“{所需信息}”。该信息可能涉及贵方合法权益，"
        "根据" + REG + "第三十二条的规定，现书面征求贵方意见。请于收到本函之日起15个工作日内书面答复"
        "是否同意公开及理由。逾期未提出意见的，本机关将依照条例规定决定是否公开。\n征求事项：{征求事项}",
        "第三十二条",
    ),
    (LetterKind.CO_PRODUCER, ""): (
        "政府信息公开征求共同制作机关意见函",
        "本机关收到政府信息公开申请（编号：{编号}），申请获取“{所需信息}”。该信息系本机关与贵机关共同制作，"
        "根据" + REG + "第三十四条的规定，现征求贵机关意见。请于收到本函之日起15个工作日内提出意见；"
        "逾期未提出意见的，视为同意公开。\n征求事项：{征求事项}",
        "第三十四条",
    ),
    (LetterKind.DISCLOSURE_NOTICE, ""): (
        "政府信息公开决定告知书（告知第三方）",
        "本机关就政府信息公开申请（编号：{编号}）所涉“{所需信息}”书面征求了贵方意见，贵方不同意公开。"
        "经审查，本机关认为不公开可能对公共利益造成重大影响，根据" + REG + "第十五条、第三十二条的规定，决定予以公开。"
        "\n理由：{公共利益理由}\n" + _THIRD_PARTY_REMEDY + "\n特此告知。",
        "第十五条；第三十二条",
    ),
    (LetterKind.REASONS, ""): (
        "政府信息公开申请说明理由通知书",
        "本机关于{收到日期}收到您提交的政府信息公开申请（编号：{编号}），申请获取“{所需信息}”。"
        "{申请数量情况}经审查，本机关认为您申请公开政府信息的数量、频次明显超过合理范围。根据"
        + REG
        + "第三十五条的规定，"
        "请您于{说明理由期限}前说明理由。本机关认为理由不合理的，将告知您不予处理；理由合理但无法在规定期限内答复的，"
        "将确定合理的延迟答复期限并告知您。\n特此通知。",
        "第三十五条",
    ),
    (LetterKind.FEE, ""): (
        "政府信息公开信息处理费收费通知书",
        "本机关于{收到日期}收到您提交的政府信息公开申请（编号：{编号}）。根据" + REG + "第四十二条和"
        "《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）的规定，本次申请应缴纳信息处理费{收费金额}元"
        "（{计费依据}）。请于收到本通知之日起{缴费天数}个工作日内缴纳。逾期未缴纳的，本机关将不再处理该政府信息公开申请。"
        "\n特此通知。",
        "第四十二条；国办函〔2020〕109号《政府信息公开信息处理费管理办法》",
    ),
}
_REPLIES = {
    ReplyType.ALREADY_PUBLIC: "经审查，您申请获取的政府信息本机关已经主动公开。根据{条款}的规定，"
    "告知您获取该政府信息的方式和途径："
    "{获取途径}",
    ReplyType.GRANTED: "经审查，您申请获取的政府信息属于公开范围，根据{条款}的规定，现予以公开。",
    ReplyType.PARTIAL: "经审查，您申请获取的政府信息中含有不应当公开的内容，但能够作区分处理。根据{条款}的规定，"
    "本机关向您提供可以公开的信息内容。不予公开的部分及理由如下：\n{不予公开部分}",
    ReplyType.WITHHELD_SECRET: "经审查，您申请获取的政府信息属于国家秘密，根据{条款}的规定，不予公开。",
    ReplyType.WITHHELD_LAW: "经审查，您申请获取的政府信息属于法律、行政法规禁止公开的信息，"
    "根据{条款}的规定，不予公开。",
    ReplyType.WITHHELD_SECURITY: "经审查，您申请获取的政府信息公开后可能危及国家安全、公共安全、经济安全、社会稳定，"
    "根据{条款}的规定，不予公开。",
    ReplyType.WITHHELD_THIRD_PARTY: "经审查，您申请获取的政府信息涉及商业秘密、个人隐私等，"
    "公开会对第三方合法权益造成损害，"
    "根据{条款}的规定，不予公开。",
    ReplyType.WITHHELD_INTERNAL: "经审查，您申请获取的信息属于人事管理、后勤管理、内部工作流程等内部事务信息，"
    "根据{条款}的规定，不予公开。",
    ReplyType.WITHHELD_PROCESS: "经审查，您申请获取的信息属于行政机关在履行行政管理职能过程中形成的过程性信息，"
    "根据{条款}的规定，不予公开。",
    ReplyType.WITHHELD_ENFORCEMENT: "经审查，您申请获取的信息属于行政执法案卷信息，根据{条款}的规定，不予公开。",
    ReplyType.WITHHELD_QUERY: "经审查，您申请获取的信息属于有关法律、行政法规对信息的获取有特别规定的查询事项，"
    "根据{条款}的规定，请您依照有关规定办理：{办理途径}",
    ReplyType.UNAVAILABLE_NOT_HELD: "经检索查找，本机关没有您申请获取的政府信息，该政府信息不存在。"
    "根据{条款}的规定告知如上。",
    ReplyType.NOT_HELD_OTHER_BODY: "经审查，您申请获取的政府信息不属于本机关负责公开。根据{条款}的规定，告知您："
    "负责公开该政府信息的行政机关为{负责机关}{负责机关联系方式}，请您向该机关提出申请。",
    ReplyType.UNAVAILABLE_NEEDS_CREATION: "经审查，本机关没有您申请的现成信息，需要另行制作或者对现有信息进行加工、"
    "分析。"
    "根据{条款}的规定，本机关不予提供。",
    ReplyType.UNAVAILABLE_UNCLEAR: "经补正，您的申请内容仍不明确，本机关无法确定您所需的政府信息，"
    "根据{条款}的规定告知如上。",
    ReplyType.REFUSED_PETITION: "经审查，您提出的申请属于信访、投诉、举报等诉求，根据{条款}的规定，"
    "本机关不作为政府信息公开申请处理，请您通过相应渠道提出。",
    ReplyType.REFUSED_REPEAT: "经审查，您的申请与已答复的申请内容相同，本机关已作出答复，"
    "根据{条款}的规定，不予重复处理。",
    ReplyType.REFUSED_PUBLICATION: "经审查，您申请获取的信息属于公开出版物，根据{条款}的规定，请通过公开发行渠道获取。",
    ReplyType.REFUSED_EXCESSIVE: "本机关已于{说明理由通知日期}要求您说明理由，{说明理由情况}。"
    "经审查，您申请公开政府信息的数量、"
    "频次明显超过合理范围，且理由不合理，根据{条款}的规定，本机关不予处理。",
    ReplyType.REFUSED_CONFIRMATION: "经审查，您的申请属于要求本机关确认有关事实或者重新出具您已获取的信息。"
    "根据{条款}的规定，"
    "政府信息是指行政机关在履行行政管理职能过程中制作或者获取的，以一定形式记录、保存的信息；确认有关事实或者重新出具"
    "已获取的信息，不属于提供已有的政府信息，本机关不作为政府信息公开申请处理。",
    ReplyType.OTHER_UNCORRECTED: "本机关已于{补正告知日期}向您发出补正告知书，"
    "您无正当理由逾期未补正。根据{条款}的规定，"
    "视为您放弃申请，本机关不再处理该政府信息公开申请。",
    ReplyType.OTHER_UNPAID: "本机关已于{收费通知日期}向您发出收费通知书，您逾期未缴纳信息处理费。根据{条款}的规定，"
    "本机关不再处理该政府信息公开申请。",
    ReplyType.OTHER: "关于您的政府信息公开申请，本机关处理如下。",
}
_RECORD_REPLIES = {
    ReplyType.RECORD_CORRECTED: "经审核，您提供的证据能够证明本机关提供的与您自身相关的政府信息记录不准确，情况属实。"
    "根据{条款}的规定，本机关已予以更正。",
    ReplyType.RECORD_FORWARDED: "经审核，更正该政府信息记录不属于本机关职能范围。根据{条款}的规定，告知您："
    "有权更正的行政机关为{负责机关}{负责机关联系方式}。",
    ReplyType.RECORD_REFUSED: "经审核，本机关不予更正，理由如下：\n{不予更正理由}\n根据{条款}的规定告知如上。",
}
_OPENING = "本机关于{收到日期}收到您提交的政府信息公开申请（编号：{编号}），申请获取“{所需信息}”。现答复如下：\n"
_RECORD_OPENING = (
    "本机关于{收到日期}收到您要求更正与您自身相关的政府信息记录的申请（编号：{编号}），申请更正“{所需信息}”。"
    "现答复如下：\n"
)
for _type, _text in _REPLIES.items():
    _closing = _type.startswith("other")
    DEFAULTS[(LetterKind.REPLY, _type.value)] = (
        "政府信息公开申请处理告知书" if _closing else "政府信息公开申请答复书",
        _OPENING + _text + ("\n{救济途径}" if _closing else "\n" + _ANSWER) + "\n特此告知。",
        law.REPLY_ARTICLES[_type],
    )
for _type, _text in _RECORD_REPLIES.items():
    DEFAULTS[(LetterKind.REPLY, _type.value)] = (
        "更正政府信息记录申请答复书",
        _RECORD_OPENING + _text + "\n" + _ANSWER + "\n特此告知。",
        law.REPLY_ARTICLES[_type],
    )


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
    "批准人": "批准延期的政府信息公开工作机构负责人",
    "延长天数": "延长的工作日数",
    "答复期限": "当前答复期限",
    "征求事项": "征求意见的说明",
    "公共利益理由": "不顾第三方反对决定公开的公共利益理由",
    "申请数量情况": "要求说明理由时写明的申请数量、频次情况",
    "说明理由期限": "申请人说明理由的最后一天",
    "说明理由通知日期": "发出说明理由通知之日",
    "说明理由情况": "申请人是否说明了理由",
    "收费金额": "信息处理费金额（元）",
    "计费依据": "计费方式和计算过程",
    "缴费天数": "缴费期限的工作日数（自申请人收到通知之日起）",
    "收费通知日期": "发出收费通知之日",
    "条款": "本文书引用的条款（自动加条例全称）",
    "答复内容": "答复时填写的内容",
    "不予公开部分": "部分公开时不予公开的部分及理由",
    "不予更正理由": "不予更正的理由（第四十一条）",
    "获取途径": "已主动公开信息的获取途径（第三十六条第（一）项）",
    "办理途径": "行政查询事项的办理途径（第三十六条第（七）项）",
    "负责机关": "负责公开或有权更正的机关名称",
    "负责机关联系方式": "该机关的联系方式（有则写入）",
    "复议机关": "本机关的行政复议机关（机关设置中确定）",
    "救济途径": "复议、诉讼的途径和期限，按答复类型（不予公开的复议前置）",
}


def template_for(kind, reply_type="") -> LetterTemplate:
    """The office's template for a letter, created from DEFAULTS the first time it is needed."""
    reply_type = reply_type if kind == LetterKind.REPLY else ""
    title, body, articles = DEFAULTS[(kind, reply_type)]
    template, _ = LetterTemplate.objects.get_or_create(
        kind=kind, outcome=reply_type, defaults={"title": title, "body": body, "articles": articles}
    )
    return template


def _cite(articles: str) -> str:
    if not articles:
        return REG + "有关规定"
    parts = [a for a in re.split("[；;]", articles) if a]
    return "、".join(p if p.startswith(("国办", "《")) else REG + p for p in parts)


def facts(case, kind) -> dict[str, str]:
    """Everything a template may use, from the case, its clock and its agency. A fact the case does
    not have yet is left out, so its placeholder stays visible and blocks issuing."""
    events = list(case.events.all())

    def last(k):
        found = [e for e in events if e.kind == k]
        return found[-1] if found else None

    clock = case.clock(case.replied_on) if case.replied_on else case.clock()
    correction, extension = last(EventKind.CORRECTION_REQUESTED), last(EventKind.EXTENSION_GRANTED)
    consultation = last(EventKind.CONSULTATION_STARTED)
    reasons_asked, reasons_answered = last(EventKind.REASONS_REQUESTED), last(EventKind.REASONS_ANSWERED)
    fee = getattr(case, "fee", None)
    reply_type = case.reply_type or case.outcome
    template = template_for(kind, reply_type)
    review_body = case.agency.review_body_name()
    remedy = law.remedy_for(reply_type)
    if review_body:
        remedy = remedy.replace("{复议机关}", review_body)
    contact = f"（联系方式：{case.holder_contact}）" if case.holder_contact else ""
    values = {
        "申请人": case.applicant_name,
        "编号": case.number,
        "收到日期": fmt(case.received_on),
        # the letter closes the quotation itself: drop the applicant's final full stop (no “…。”。)
        "所需信息": case.information.strip()[:300].rstrip("。．.；;，, "),
        "机关": case.agency.name,
        "补正事项": correction.note if correction else "",
        "补正告知日期": fmt(correction.date) if correction else "",
        "补正期限": fmt(case.correction_answer_due()) if correction else "",
        "延期理由": (extension.note if extension and extension.note else "需要进一步查找、核实相关信息"),
        "延长天数": str(extension.days) if extension else "",
        "批准人": extension.approved_by.display_name if extension and extension.approved_by else "",
        "答复期限": fmt(clock.due) if clock.due else "",
        "征求事项": consultation.note if consultation else "",
        "公共利益理由": case.public_interest_reason,
        "申请数量情况": (reasons_asked.note.rstrip("。") + "。") if reasons_asked and reasons_asked.note else "",
        "说明理由期限": fmt(clock.reasons_due) if clock.reasons_due else "",
        "说明理由通知日期": fmt(reasons_asked.date) if reasons_asked else "",
        "说明理由情况": "您说明的理由不能成立" if reasons_answered else "您未在期限内说明理由",
        "收费金额": str(fee.amount) if fee else "",
        "计费依据": fee.basis if fee else "",
        "缴费天数": str(periods.FEE_PAYMENT.days),
        "收费通知日期": fmt(fee.issued_on) if fee else "",
        "条款": _cite(template.articles),
        "答复内容": case.reply_text.strip(),
        "不予公开部分": case.withheld_reasons,
        "不予更正理由": case.withheld_reasons,
        "获取途径": case.reply_route,
        "办理途径": case.reply_route,
        "负责机关": case.holder_name,
        "负责机关联系方式": contact,
        "救济途径": remedy,
    }
    if review_body:
        values["复议机关"] = review_body
    return values


def fill(text: str, values: dict[str, str]) -> str:
    return PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), text)


def draft(case, kind, *, by) -> Letter:
    """A new draft from the template; an existing draft of the same kind is replaced."""
    template = template_for(kind, case.reply_type or case.outcome)
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
    letter.edit(by=by, body=body)


def issue(letter: Letter, *, by, on) -> None:
    letter.issue(by=by, on=on)
