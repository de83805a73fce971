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
OUTCOME_ARTICLES = {
    Outcome.GRANTED: "第三十六条第（二）项",
    Outcome.PARTIAL: "第三十七条",
    Outcome.WITHHELD_SECRET: "第十四条、第三十六条第（三）项",
    Outcome.WITHHELD_LAW: "第十四条、第三十六条第（三）项",
    Outcome.WITHHELD_SECURITY: "第十四条、第三十六条第（三）项",
    Outcome.WITHHELD_THIRD_PARTY: "第十五条、第三十六条第（三）项",
    Outcome.WITHHELD_INTERNAL: "第十六条第一款、第三十六条第（三）项",
    Outcome.WITHHELD_PROCESS: "第十六条第二款、第三十六条第（三）项",
    Outcome.WITHHELD_ENFORCEMENT: "第十六条第二款、第三十六条第（三）项",
    Outcome.WITHHELD_QUERY: "第三十六条第（七）项",
    Outcome.UNAVAILABLE_NOT_HELD: "第三十六条第（四）项、第（五）项",
    Outcome.UNAVAILABLE_NEEDS_CREATION: "第三十八条",
    Outcome.UNAVAILABLE_UNCLEAR: "第三十条",
    Outcome.REFUSED_PETITION: "第三十九条第一款",
    Outcome.REFUSED_REPEAT: "第三十六条第（六）项",
    Outcome.REFUSED_PUBLICATION: "第三十九条第二款",
    Outcome.REFUSED_EXCESSIVE: "第三十五条",
    Outcome.REFUSED_CONFIRMATION: "第三十九条",
    Outcome.OTHER_UNCORRECTED: "第三十条",
    Outcome.OTHER_UNPAID: "第四十二条，国办函〔2020〕109号",
    Outcome.OTHER: "",
}


class ApplicantType(models.TextChoices):
    """The applicant columns of table 三, in the official order."""

    PERSON = "person", "自然人"
    COMMERCIAL = OrganisationType.COMMERCIAL.value, "商业企业"
    RESEARCH = OrganisationType.RESEARCH.value, "科研机构"
    WELFARE = OrganisationType.WELFARE.value, "社会公益组织"
    LEGAL = OrganisationType.LEGAL.value, "法律服务机构"
    OTHER = OrganisationType.OTHER.value, "其他"


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


# 条例 art. 30 asks the agency to give the applicant "a reasonable period" (合理的补正期限) to correct
# the request; the law names no number (D). This is the platform's period, printed on the 补正告知书;
# a case may be closed as （六）1 only after it has passed.
CORRECTION_ANSWER_DAYS = 15


# -- 信息处理费 (条例 art. 42; 国办函〔2020〕109号《政府信息公开信息处理费管理办法》, spec §1.3) ----------
class FeeMethod(models.TextChoices):
    BY_COUNT = "count", "按件计收"
    BY_PAGE = "page", "按量计收"


FEE_ARTICLE = "《政府信息公开条例》第四十二条、国办函〔2020〕109号"
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
    FEE = "fee", "收费通知书"
    REPLY = "reply", "政府信息公开申请答复书"


# How to seek a remedy, printed on every reply (条例 art. 51). Periods: 《行政复议法》(2023) 第二十条
# (60 days), 《行政诉讼法》第四十六条 (6 months). Since 2024-01-01 a refusal to disclose must go to
# review before suit (《行政复议法》第二十三条第一款第（四）项; spec §1.6, M).
REMEDY = (
    "如对本答复不服，可以自收到本答复之日起六十日内向{复议机关}申请行政复议（《中华人民共和国行政复议法》第二十条），"
    "或者自收到本答复之日起六个月内向有管辖权的人民法院提起行政诉讼（《中华人民共和国行政诉讼法》第四十六条）。"
)
REMEDY_REVIEW_FIRST = (
    "如对本答复不服，可以自收到本答复之日起六十日内向{复议机关}申请行政复议（《中华人民共和国行政复议法》第二十条）；"
    "对不予公开的答复，应当先申请行政复议，对复议决定不服的，可以依法提起行政诉讼（《中华人民共和国行政复议法》第二十三条）。"
)

WITHHELD_OUTCOMES = {o for o in Outcome if o.value.startswith("withheld_")}
