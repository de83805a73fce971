"""依申请公开 rules as data: reply outcomes keyed to the annual report's table 三 leaf rows
(国办公开办函〔2021〕30号, spec §2.3 — labels exact), applicant columns and intake choices."""

from django.db import models

from gongkai.accounts.models import OrganisationType


class Outcome(models.TextChoices):
    """One per case; each is exactly one leaf row of table 三 “三、本年度办理结果”."""

    GRANTED = "granted", "（一）予以公开"
    PARTIAL = "partial", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"
    WITHHELD_SECRET = "withheld_secret", "（三）1.属于国家秘密"
    WITHHELD_LAW = "withheld_law", "（三）2.其他法律行政法规禁止公开"
    WITHHELD_SECURITY = "withheld_security", "（三）3.危及“三安全一稳定”"
    WITHHELD_THIRD_PARTY = "withheld_third_party", "（三）4.保护第三方合法权益"
    WITHHELD_INTERNAL = "withheld_internal", "（三）5.属于三类内部事务信息"
    WITHHELD_PROCESS = "withheld_process", "（三）6.属于四类过程性信息"
    WITHHELD_ENFORCEMENT = "withheld_enforcement", "（三）7.属于行政执法案卷"
    WITHHELD_QUERY = "withheld_query", "（三）8.属于行政查询事项"
    UNAVAILABLE_NOT_HELD = "unavailable_not_held", "（四）1.本机关不掌握相关政府信息"
    UNAVAILABLE_NEEDS_CREATION = "unavailable_needs_creation", "（四）2.没有现成信息需要另行制作"
    UNAVAILABLE_UNCLEAR = "unavailable_unclear", "（四）3.补正后申请内容仍不明确"
    REFUSED_PETITION = "refused_petition", "（五）1.信访举报投诉类申请"
    REFUSED_REPEAT = "refused_repeat", "（五）2.重复申请"
    REFUSED_PUBLICATION = "refused_publication", "（五）3.要求提供公开出版物"
    REFUSED_EXCESSIVE = "refused_excessive", "（五）4.无正当理由大量反复申请"
    REFUSED_CONFIRMATION = "refused_confirmation", "（五）5.要求行政机关确认或重新出具已获取信息"
    OTHER_UNCORRECTED = (
        "other_uncorrected",
        "（六）1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    )
    OTHER_UNPAID = (
        "other_unpaid",
        "（六）2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    )
    OTHER = "other", "（六）3.其他"


# The legal basis each outcome's reply cites (条例 arts. 36–39; art. 30 for an uncorrected request).
# Article numbers are those of 《中华人民共和国政府信息公开条例》(国务院令第711号).
OUTCOME_ARTICLES = {
    Outcome.GRANTED: "第三十六条第（二）项",
    Outcome.PARTIAL: "第三十七条、第三十六条第（二）项、第（三）项",
    Outcome.WITHHELD_SECRET: "第十四条、第三十六条第（三）项",
    Outcome.WITHHELD_LAW: "第十四条、第三十六条第（三）项",
    Outcome.WITHHELD_SECURITY: "第十四条、第三十六条第（三）项",
    Outcome.WITHHELD_THIRD_PARTY: "第十五条、第三十六条第（三）项",
    Outcome.WITHHELD_INTERNAL: "第十六条第一款、第三十六条第（三）项",
    Outcome.WITHHELD_PROCESS: "第十六条第二款、第三十六条第（三）项",
    Outcome.WITHHELD_ENFORCEMENT: "第十六条第二款、第三十六条第（三）项",
    Outcome.WITHHELD_QUERY: "第三十六条第（七）项",
    # art. 36(四) alone: the information does not exist. When another body holds it, the reply is
    # art. 36(五) instead (ReplyType.NOT_HELD_OTHER_BODY), which names that body.
    Outcome.UNAVAILABLE_NOT_HELD: "第三十六条第（四）项",
    Outcome.UNAVAILABLE_NEEDS_CREATION: "第三十八条",
    Outcome.UNAVAILABLE_UNCLEAR: "第三十条",
    Outcome.REFUSED_PETITION: "第三十九条第一款",
    Outcome.REFUSED_REPEAT: "第三十六条第（六）项",
    Outcome.REFUSED_PUBLICATION: "第三十九条第二款",
    Outcome.REFUSED_EXCESSIVE: "第三十五条",
    # Art. 39 covers petitions and publications, not this. Government information is an existing
    # record (art. 2); confirming a fact or re-issuing a document is not providing one.
    Outcome.REFUSED_CONFIRMATION: "第二条",
    Outcome.OTHER_UNCORRECTED: "第三十条",
    Outcome.OTHER_UNPAID: "第四十二条；" + "国办函〔2020〕109号《政府信息公开信息处理费管理办法》",
    Outcome.OTHER: "",
}


class ReplyType(models.TextChoices):
    """The reply the law prescribes (条例 arts. 36–39, 41). Each reply type counts in exactly one
    table 三 row (REPLY_OUTCOME); two rows have two reply types each, with their own letters:
    （一） is art. 36(一) (already public: say where) or art. 36(二) (disclose now), and （四）1 is
    art. 36(四) (does not exist) or art. 36(五) (another body holds it: name that body). The three
    art. 41 replies (correction of records about the applicant) are not disclosure requests and
    count in no row."""

    ALREADY_PUBLIC = "already_public", "（一）予以公开——已主动公开，告知获取途径（第三十六条第（一）项）"
    GRANTED = Outcome.GRANTED.value, "（一）予以公开——提供信息（第三十六条第（二）项）"
    PARTIAL = Outcome.PARTIAL.value, Outcome.PARTIAL.label
    WITHHELD_SECRET = Outcome.WITHHELD_SECRET.value, Outcome.WITHHELD_SECRET.label
    WITHHELD_LAW = Outcome.WITHHELD_LAW.value, Outcome.WITHHELD_LAW.label
    WITHHELD_SECURITY = Outcome.WITHHELD_SECURITY.value, Outcome.WITHHELD_SECURITY.label
    WITHHELD_THIRD_PARTY = Outcome.WITHHELD_THIRD_PARTY.value, Outcome.WITHHELD_THIRD_PARTY.label
    WITHHELD_INTERNAL = Outcome.WITHHELD_INTERNAL.value, Outcome.WITHHELD_INTERNAL.label
    WITHHELD_PROCESS = Outcome.WITHHELD_PROCESS.value, Outcome.WITHHELD_PROCESS.label
    WITHHELD_ENFORCEMENT = Outcome.WITHHELD_ENFORCEMENT.value, Outcome.WITHHELD_ENFORCEMENT.label
    WITHHELD_QUERY = Outcome.WITHHELD_QUERY.value, Outcome.WITHHELD_QUERY.label
    UNAVAILABLE_NOT_HELD = Outcome.UNAVAILABLE_NOT_HELD.value, Outcome.UNAVAILABLE_NOT_HELD.label
    NOT_HELD_OTHER_BODY = (
        "not_held_other_body",
        "（四）1.本机关不掌握相关政府信息——告知负责公开的机关（第三十六条第（五）项）",
    )
    UNAVAILABLE_NEEDS_CREATION = Outcome.UNAVAILABLE_NEEDS_CREATION.value, Outcome.UNAVAILABLE_NEEDS_CREATION.label
    UNAVAILABLE_UNCLEAR = Outcome.UNAVAILABLE_UNCLEAR.value, Outcome.UNAVAILABLE_UNCLEAR.label
    REFUSED_PETITION = Outcome.REFUSED_PETITION.value, Outcome.REFUSED_PETITION.label
    REFUSED_REPEAT = Outcome.REFUSED_REPEAT.value, Outcome.REFUSED_REPEAT.label
    REFUSED_PUBLICATION = Outcome.REFUSED_PUBLICATION.value, Outcome.REFUSED_PUBLICATION.label
    REFUSED_EXCESSIVE = Outcome.REFUSED_EXCESSIVE.value, Outcome.REFUSED_EXCESSIVE.label
    REFUSED_CONFIRMATION = Outcome.REFUSED_CONFIRMATION.value, Outcome.REFUSED_CONFIRMATION.label
    OTHER_UNCORRECTED = Outcome.OTHER_UNCORRECTED.value, Outcome.OTHER_UNCORRECTED.label
    OTHER_UNPAID = Outcome.OTHER_UNPAID.value, Outcome.OTHER_UNPAID.label
    OTHER = Outcome.OTHER.value, Outcome.OTHER.label
    RECORD_CORRECTED = "record_corrected", "更正申请：审核属实，予以更正（第四十一条）"
    RECORD_FORWARDED = "record_forwarded", "更正申请：不属于本机关职能范围，转送或告知有权更正的机关（第四十一条）"
    RECORD_REFUSED = "record_refused", "更正申请：经审核不予更正，说明理由（第四十一条）"


REPLY_OUTCOME: dict[str, str] = {
    **{t.value: t.value for t in ReplyType if t.value in Outcome.values},
    ReplyType.ALREADY_PUBLIC: Outcome.GRANTED,
    ReplyType.NOT_HELD_OTHER_BODY: Outcome.UNAVAILABLE_NOT_HELD,
    ReplyType.RECORD_CORRECTED: "",
    ReplyType.RECORD_FORWARDED: "",
    ReplyType.RECORD_REFUSED: "",
}
RECORD_REPLIES = {ReplyType.RECORD_CORRECTED, ReplyType.RECORD_FORWARDED, ReplyType.RECORD_REFUSED}

# What each reply type's letter cites; the row's articles unless the reply type has its own.
REPLY_ARTICLES: dict[str, str] = {
    **{t.value: OUTCOME_ARTICLES[Outcome(t.value)] for t in ReplyType if t.value in Outcome.values},
    ReplyType.ALREADY_PUBLIC: "第三十六条第（一）项",
    ReplyType.NOT_HELD_OTHER_BODY: "第三十六条第（五）项",
    ReplyType.RECORD_CORRECTED: "第四十一条",
    ReplyType.RECORD_FORWARDED: "第四十一条",
    ReplyType.RECORD_REFUSED: "第四十一条",
}

# Reply types whose letter must tell the applicant where to go: where the already-public
# information is (art. 36(一)), or which procedure applies to a 查询 matter (art. 36(七)).
NEEDS_ROUTE = {
    ReplyType.ALREADY_PUBLIC: "获取途径：已主动公开的信息，必须告知获取的途径（第三十六条第（一）项）",
    ReplyType.WITHHELD_QUERY: "办理途径：行政查询事项，必须告知依照哪一法律、"
    "行政法规向哪个机构查询（第三十六条第（七）项）",
}
# Reply types that must name the body holding the information or able to correct the record.
NEEDS_HOLDER = {
    ReplyType.NOT_HELD_OTHER_BODY: "负责公开的机关：必须写明该机关的名称（第三十六条第（五）项）",
    ReplyType.RECORD_FORWARDED: "有权更正的机关：必须写明该机关的名称（第四十一条）",
}


class CaseKind(models.TextChoices):
    DISCLOSURE = "disclosure", "政府信息公开申请"
    # 条例 art. 41: a request to correct inaccurate government information about the applicant.
    RECORD_CORRECTION = "record_correction", "更正本人政府信息记录申请（第四十一条）"


class ApplicantType(models.TextChoices):
    """The applicant columns of table 三, in the official order."""

    PERSON = "person", "自然人"
    COMMERCIAL = OrganisationType.COMMERCIAL.value, "商业企业"
    RESEARCH = OrganisationType.RESEARCH.value, "科研机构"
    WELFARE = OrganisationType.WELFARE.value, "社会公益组织"
    LEGAL = OrganisationType.LEGAL.value, "法律服务机构"
    OTHER = OrganisationType.OTHER.value, "其他"


# The columns of table 三 in the official order: the six applicant types, then 总计 (no subtotal).
TABLE_COLUMNS = [label for _, label in ApplicantType.choices] + ["总计"]


class IdType(models.TextChoices):
    ID_CARD = "id_card", "居民身份证"
    PASSPORT = "passport", "护照"
    HK_MACAO = "hk_macao", "港澳居民来往内地通行证"
    TAIWAN = "taiwan", "台湾居民来往大陆通行证"
    OTHER = "other", "其他有效证件"


class FormWanted(models.TextChoices):
    PAPER = "paper", "纸质"
    ELECTRONIC = "electronic", "电子"
    READING = "reading", "当场阅读"


class Delivery(models.TextChoices):
    POST = "post", "邮寄"
    EMAIL = "email", "电子邮件"
    PICKUP = "pickup", "自行领取"


# -- 信息处理费 (条例 art. 42; 国办函〔2020〕109号《政府信息公开信息处理费管理办法》, spec §1.3) ----------
class FeeMethod(models.TextChoices):
    BY_COUNT = "count", "按件计收"
    BY_PAGE = "page", "按量计收"


FEE_ARTICLE = "《政府信息公开条例》第四十二条、国办函〔2020〕109号《政府信息公开信息处理费管理办法》"
# 按件计收: the same applicant's requests in one calendar month, numbered in order of receipt.
# 1–10 free; 11–30 100 元/件; from 31 in tiers of 10, each tier 100 元/件 above the one before.
COUNT_FREE, COUNT_FIRST_BAND_END, COUNT_BAND_RATE, COUNT_TIER = 10, 30, 100, 10
# 按量计收 per page, progressive (超额累进): (last page of the band, 元 per page in the band).
PAGE_BANDS = [(30, 0), (100, 10), (200, 20), (None, 40)]


def fee_for_nth_request(n: int) -> int:
    """The fee in 元 for the applicant's n-th request in the month (按件计收)."""
    if n <= COUNT_FREE:
        return 0
    if n <= COUNT_FIRST_BAND_END:
        return COUNT_BAND_RATE
    tiers_above = -(-(n - COUNT_FIRST_BAND_END) // COUNT_TIER)  # ceil: 31–40 is the first tier above
    return COUNT_BAND_RATE * (1 + tiers_above)


def fee_for_pages(pages: int) -> int:
    """The fee in 元 for ``pages`` pages (按量计收), each band charged only for the pages inside it."""
    total, start = 0, 0
    for end, rate in PAGE_BANDS:
        upper = pages if end is None else min(pages, end)
        if upper > start:
            total += (upper - start) * rate
        if end is None or pages <= end:
            break
        start = end
    return total


# -- 送达 (delivery of letters and information) --------------------------------------------------
class DispatchMethod(models.TextChoices):
    EMS = "ems", "EMS 邮寄"
    POST = "post", "挂号信"
    EMAIL = "email", "电子邮件"
    PICKUP = "pickup", "当面领取"
    ONLINE = "online", "网上送达"


# Methods whose proof is the act itself (no later receipt to wait for).
PROVEN_ON_SENDING = {DispatchMethod.EMAIL, DispatchMethod.PICKUP, DispatchMethod.ONLINE}


# -- 行政复议、行政诉讼 (条例 art. 51; table 四, spec §2.4) -------------------------------------
class ChallengeKind(models.TextChoices):
    REVIEW = "review", "行政复议"
    LAWSUIT = "lawsuit", "行政诉讼"


class ChallengeResult(models.TextChoices):
    """The result columns of table 四, in the official order."""

    UPHELD = "upheld", "结果维持"
    CORRECTED = "corrected", "结果纠正"
    OTHER = "other", "其他结果"
    PENDING = "pending", "尚未审结"


# -- 文书 -------------------------------------------------------------------------------------
class LetterKind(models.TextChoices):
    CORRECTION = "correction", "补正告知书"
    EXTENSION = "extension", "延期答复告知书"
    CONSULTATION = "consultation", "征求第三方意见函"
    CO_PRODUCER = "co_producer", "征求共同制作机关意见函"
    DISCLOSURE_NOTICE = "disclosure_notice", "公开决定告知第三方书"
    REASONS = "reasons", "说明理由通知书"
    FEE = "fee", "收费通知书"
    REPLY = "reply", "政府信息公开申请答复书"


# The letters addressed to the applicant (the others go to third parties or other agencies): the
# applicant is told when one is issued, and sees it on the status page.
APPLICANT_LETTERS = frozenset(
    {LetterKind.CORRECTION, LetterKind.EXTENSION, LetterKind.REASONS, LetterKind.FEE, LetterKind.REPLY}
)


# How to seek a remedy, printed on every reply (条例 art. 51). Periods: 《行政复议法》(2023) 第二十条
# (60 days), 《行政诉讼法》第四十六条 (6 months). The body is named (《行政复议法》第二十四条、第二十七条):
# see Agency.review_body_name(); a letter never says "上一级行政机关" without naming it.
REMEDY = (
    "如对本答复不服，可以自收到本答复之日起六十日内向{复议机关}申请行政复议（《中华人民共和国行政复议法》第二十条），"
    "或者自收到本答复之日起六个月内向有管辖权的人民法院提起行政诉讼（《中华人民共和国行政诉讼法》第四十六条）。"
)
# 《行政复议法》(2023) 第二十三条第一款第（四）项: a refusal to disclose goes to review before suit, and
# 第二款 obliges the agency to say so.
REMEDY_REVIEW_FIRST = (
    "如对本答复不服，可以自收到本答复之日起六十日内向{复议机关}申请行政复议（《中华人民共和国行政复议法》第二十条）。"
    "根据《中华人民共和国行政复议法》第二十三条第一款第（四）项的规定，对不予公开的答复应当先申请行政复议，"
    "对行政复议决定不服的，可以依法向人民法院提起行政诉讼。"
)
# A partial disclosure refuses part of the information: review first for that part only.
REMEDY_PARTIAL = (
    "如对本答复中不予公开的部分不服，根据《中华人民共和国行政复议法》第二十三条第一款第（四）项的规定，应当自收到本答复之日起"
    "六十日内先向{复议机关}申请行政复议，对行政复议决定不服的，可以依法向人民法院提起行政诉讼；"
    "对本答复的其他内容不服，可以自收到本答复之日起六十日内向{复议机关}申请行政复议（《中华人民共和国行政复议法》第二十条），"
    "或者自收到本答复之日起六个月内向有管辖权的人民法院提起行政诉讼（《中华人民共和国行政诉讼法》第四十六条）。"
)

# Replies that are in substance a refusal to disclose (《行政复议法》第二十三条第一款第（四）项
# "申请政府信息公开，行政机关不予公开"), each with the reason it counts as one. Replies in （四）
# (the information is not available), （五） (not processed as a disclosure request) and （六）
# (closed without a decision on disclosure) decide nothing about disclosing an existing record, so
# they keep the ordinary remedy (review or suit, at the applicant's choice).
REVIEW_FIRST = {
    Outcome.PARTIAL: "部分公开：对不予公开的部分属于不予公开决定，复议前置只及于该部分",
    Outcome.WITHHELD_SECRET: "以国家秘密为由不予公开（第十四条）",
    Outcome.WITHHELD_LAW: "以法律、行政法规禁止公开为由不予公开（第十四条）",
    Outcome.WITHHELD_SECURITY: "以危及“三安全一稳定”为由不予公开（第十四条）",
    Outcome.WITHHELD_THIRD_PARTY: "以保护第三方合法权益为由不予公开（第十五条）",
    Outcome.WITHHELD_INTERNAL: "以内部事务信息为由不予公开（第十六条第一款）",
    Outcome.WITHHELD_PROCESS: "以过程性信息为由不予公开（第十六条第二款）",
    Outcome.WITHHELD_ENFORCEMENT: "以行政执法案卷信息为由不予公开（第十六条第二款）",
    # The national table counts it as 不予公开 and the information is not provided under the
    # regulation; a review-first notice costs the applicant no remedy (suit stays open after
    # review), while a missing one can cost the suit — so the safer reading is applied.
    Outcome.WITHHELD_QUERY: "不通过政府信息公开提供、年报计入（三）不予公开：按不予公开告知复议前置",
}


def remedy_for(reply_type: str) -> str:
    """The remedy paragraph (with a ``{复议机关}`` slot) for a reply type."""
    outcome = REPLY_OUTCOME.get(reply_type, reply_type)
    if outcome == Outcome.PARTIAL:
        return REMEDY_PARTIAL
    if outcome in REVIEW_FIRST:
        return REMEDY_REVIEW_FIRST
    return REMEDY
