"""Disclosure rules for documents, as data (spec §1.1, §1.2, §6). One place each, with its source."""

from typing import Any

from django.db import models


class Attribute(models.TextChoices):
    """公开属性 (条例 art. 13)."""

    PROACTIVE = "proactive", "主动公开"
    ON_REQUEST = "on_request", "依申请公开"
    WITHHELD = "withheld", "不予公开"


class WithholdGround(models.TextChoices):
    """Legal grounds for 不予公开 (spec §1.1)."""

    STATE_SECRET = "state_secret", "依法确定为国家秘密（第十四条）"
    LAW_PROHIBITED = "law_prohibited", "法律、行政法规禁止公开（第十四条）"
    SECURITY_STABILITY = "security_stability", "公开后可能危及国家安全、公共安全、经济安全、社会稳定（第十四条）"
    THIRD_PARTY = "third_party", "涉及商业秘密、个人隐私等，公开会对第三方合法权益造成损害（第十五条）"
    INTERNAL_AFFAIRS = "internal_affairs", "内部事务信息（第十六条第一款）"
    PROCESS_INFO = "process_info", "过程性信息（第十六条第二款）"
    ENFORCEMENT_FILE = "enforcement_file", "行政执法案卷信息（第十六条第二款）"


# Art. 16 grounds are discretionary (可以不予公开); arts. 14–15 are mandatory.
DISCRETIONARY_GROUNDS = {WithholdGround.INTERNAL_AFFAIRS, WithholdGround.PROCESS_INFO, WithholdGround.ENFORCEMENT_FILE}


class DocKind(models.TextChoices):
    """文种: the 15 kinds of 《党政机关公文处理工作条例》 art. 8, plus the library's other kinds."""

    RESOLUTION = "resolution", "决议"
    DECISION = "decision", "决定"
    ORDER = "order", "命令（令）"
    COMMUNIQUE = "communique", "公报"
    ANNOUNCEMENT = "announcement", "公告"
    PUBLIC_NOTICE = "public_notice", "通告"
    OPINION = "opinion", "意见"
    NOTICE = "notice", "通知"
    CIRCULAR = "circular", "通报"
    REPORT = "report", "报告"
    REQUEST = "request", "请示"
    REPLY = "reply", "批复"
    MOTION = "motion", "议案"
    LETTER = "letter", "函"
    MINUTES = "minutes", "纪要"
    SERVICE_GUIDE = "service_guide", "办事指南"
    PLAN = "plan", "规划"
    STATISTICS = "statistics", "统计信息"
    NEWS = "news", "工作动态"
    INTERPRETATION = "interpretation", "政策解读"
    OTHER = "other", "其他"


class InterpretationForm(models.TextChoices):
    TEXT = "text", "文字"
    GRAPHIC = "graphic", "图表图解"
    VIDEO = "video", "视频"
    ANIMATION = "animation", "动漫"
    PROCESS_DEMO = "process_demo", "流程演示"
    PRESS_CONFERENCE = "press_conference", "新闻发布会"
    EXPERT = "expert", "专家解读"
    MEDIA = "media", "媒体解读"
    QA = "qa", "问答"


class Channel(models.TextChoices):
    """公开方式 (条例 arts. 23–25)."""

    WEBSITE = "website", "政府网站"
    GAZETTE = "gazette", "政府公报"
    PRESS = "press", "新闻发布会"
    MEDIA = "media", "报刊、广播、电视"
    NEW_MEDIA = "new_media", "政务新媒体"
    READING_ROOM = "reading_room", "公共查阅点"


class Scope(models.TextChoices):
    PUBLIC = "public", "面向全社会"
    TARGETED = "targeted", "定向公开"


class Validity(models.TextChoices):
    VALID = "valid", "有效"
    EXPIRED = "expired", "失效"
    REPEALED = "repealed", "废止"
    AMENDED = "amended", "已修改"


class RelationKind(models.TextChoices):
    AMENDS = "amends", "修改"
    REPEALS = "repeals", "废止"
    ATTACHMENT_OF = "attachment_of", "附件"


# 主题分类: the State Council policy library's 22 top-level classes (spec §6.1, H).
SUBJECT_CLASSES = [
    "国务院组织机构",
    "综合政务",
    "国民经济管理、国有资产监管",
    "财政、金融、审计",
    "国土资源、能源",
    "农业、林业、水利",
    "工业、交通",
    "商贸、海关、旅游",
    "市场监管、安全生产监管",
    "城乡建设、环境保护",
    "科技、教育",
    "文化、广电、新闻出版",
    "卫生、体育",
    "人口与计划生育、妇女儿童工作",
    "劳动、人事、监察",
    "公安、安全、司法",
    "民政、扶贫、救灾",
    "民族、宗教",
    "对外事务",
    "港澳台侨工作",
    "国防",
    "其他",
]

# A few second-level classes seen in the national library (spec §6.1); operators add more.
SUBJECT_SUBCLASSES = {
    "综合政务": ["政务公开", "应急管理", "电子政务", "政务督查"],
    "城乡建设、环境保护": ["城市规划", "环境监测、保护与治理"],
    "劳动、人事、监察": ["就业", "社会保障", "劳动关系"],
    "科技、教育": ["科技", "教育"],
    "国防": ["国防动员", "人民防空"],
}

# 需求侧标签 groups and their seed tags (issue 4); configurable in the admin.
TAG_GROUPS = {
    "audience": ("适用对象", ["个人", "企业"]),
    "people": ("人群", ["高校毕业生", "老年人", "残疾人", "退役军人", "农民工", "灵活就业人员"]),
    "industry": ("行业", ["制造业", "信息技术", "商贸流通", "建筑业", "现代服务业"]),
    "size": ("企业规模", ["小微企业", "中型企业", "大型企业"]),
    "theme": ("主题", ["就业创业", "社会保障", "营商环境", "一网通办", "人民防空", "机关事务"]),
    "region": ("区域", ["全市", "浦东新区", "长三角"]),
}

ACTIVE_DISCLOSURE_ARTICLE = "《政府信息公开条例》第二十六条"
REREVIEW_ARTICLE = "《政府信息公开条例》第十八条"


# 法定主动公开内容 (条例 art. 20): how the portal groups an agency's public items. Each category is
# matched by the item's kind, its normative flag or its top-level subject; the first match wins.
# (categories whose items the library does not hold yet are omitted; the list grows with the platform)
ART20_CATEGORIES: list[tuple[str, dict[str, Any]]] = [
    ("（一）行政法规、规章和规范性文件", {"normative": True, "kinds": {"order", "decision"}}),
    ("（三）规划及相关政策", {"kinds": {"plan"}}),
    ("（四）统计信息", {"kinds": {"statistics"}}),
    ("（五）行政许可及其他对外管理服务事项", {"kinds": {"service_guide"}}),
    ("（十一）扶贫、教育、医疗、社会保障、促进就业等方面的政策", {"subjects": {"劳动、人事、监察"}}),
    ("（二）机关职能、机构设置及其他政务信息", {"subjects": {"综合政务", "国防"}}),
    ("（十五）其他依法应当主动公开的政府信息", {}),
]


_CN_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def art20_number(label: str) -> int:
    """The item's number in art. 20 (（十一）… → 11): the order the statute lists them in."""
    numeral = label[1 : label.index("）")]
    if numeral.startswith("十"):
        return 10 + _CN_DIGITS.get(numeral[1:], 0)
    if "十" in numeral:
        tens, _, ones = numeral.partition("十")
        return _CN_DIGITS[tens] * 10 + _CN_DIGITS.get(ones, 0)
    return _CN_DIGITS[numeral]


ART20_BY_NUMBER = {art20_number(label): label for label, _rule in ART20_CATEGORIES}


def art20_category(doc: Any) -> str:
    top = (
        doc.subject.parent.name if doc.subject and doc.subject.parent_id else (doc.subject.name if doc.subject else "")
    )
    for label, rule in ART20_CATEGORIES:
        if (
            (rule.get("normative") and doc.is_normative)
            or doc.kind in rule.get("kinds", ())
            or top in rule.get("subjects", ())
        ):
            return label
        if not rule:
            return label
    return ART20_CATEGORIES[-1][0]
