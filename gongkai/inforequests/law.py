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
