"""Statutory periods, in working days, each with its legal source (spec §1.2–1.4).

This is the one place these numbers live. Confidence marks follow the spec: H = read in the
instrument; L = believed, not verified (kept here so an operator can see and change it).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Period:
    code: str
    days: int  # working days
    label: str
    article: str
    confidence: str = "H"


# 《政府信息公开条例》(国务院令第711号, in force 2019-05-15)
ACTIVE_DISCLOSURE = Period("active_disclosure", 20, "主动公开期限", "《政府信息公开条例》第二十六条")
REPLY = Period("reply", 20, "答复期限", "《政府信息公开条例》第三十三条第二款")
CORRECTION_NOTICE = Period("correction_notice", 7, "补正告知期限", "《政府信息公开条例》第三十条")
EXTENSION_MAX = Period("extension", 20, "延长答复期限（最长）", "《政府信息公开条例》第三十三条第二款")
THIRD_PARTY_ANSWER = Period("third_party", 15, "第三方答复意见期限", "《政府信息公开条例》第三十二条")
CO_PRODUCER_ANSWER = Period("co_producer", 15, "共同制作机关答复期限", "《政府信息公开条例》第三十四条")
# Consultation time is not counted in these periods.
CONSULTATION_ARTICLE = "《政府信息公开条例》第三十三条第三款"
# Confidence L/D periods are the platform's settings, not law: their ``article`` says so in words a
# page may show ("本平台设定"), and the unverified source stays in this comment and the docs.
# 国办函〔2020〕109号: the payment period and its effect on the clock are unverified (spec §1.3, §8.7);
# it runs from the applicant's receipt of the fee notice.
FEE_PAYMENT = Period("fee_payment", 20, "缴纳信息处理费期限", "本平台设定，自申请人收到收费通知之日起算", "L")
# 条例 art. 30 asks for "a reasonable period" (合理的补正期限) without a number (D). Printed on the
# 补正告知书; a case may be closed as （六）1 only after it has passed.
CORRECTION_ANSWER = Period("correction_answer", 15, "申请人补正期限", "本平台设定（第三十条“合理的补正期限”）", "D")
# 条例 art. 35 lets the agency ask for reasons without fixing how long the applicant has (D).
REASONS_ANSWER = Period("reasons_answer", 15, "申请人说明理由期限", "本平台设定（第三十五条）", "D")
# 条例 art. 41 (correction of records about the applicant) fixes no period; the platform applies the
# reply period of art. 33 by analogy (D).
RECORD_CORRECTION_REPLY = Period(
    "record_correction", 20, "更正申请答复期限", "本平台设定（第四十一条未规定期限，比照第三十三条）", "D"
)
# Shanghai's rule for publishing how public comments were adopted was not found (spec §8.4).
COMMENT_ADOPTION = Period("comment_adoption", 10, "公布意见采纳情况期限", "本平台设定", "L")

ALL = {
    p.code: p
    for p in (
        ACTIVE_DISCLOSURE,
        REPLY,
        CORRECTION_NOTICE,
        EXTENSION_MAX,
        THIRD_PARTY_ANSWER,
        CO_PRODUCER_ANSWER,
        FEE_PAYMENT,
        CORRECTION_ANSWER,
        REASONS_ANSWER,
        RECORD_CORRECTION_REPLY,
        COMMENT_ADOPTION,
    )
}


# -- the platform's own lead times (not law): when work shows as due and when reminders go out ------
# 依申请公开: "due soon" in the queues and 我的待办, in working days before the due date.
REQUEST_DUE_SOON_WORKDAYS = 5
# 依申请公开: reminders to the case's officer, working days before the due date.
REQUEST_REMINDER_WORKDAYS = (5, 1)
# 依申请公开: a query-code recovery link (e-mail or text message) works this many hours, once; at most
# this many links per case a day (本平台设定).
QUERY_CODE_LINK_HOURS = 24
QUERY_CODE_LINKS_PER_DAY = 3
# 依申请公开: wrong query codes for one case, or from one address, before both are refused for a while
# (本平台设定: guessing a 48-bit code at 10 tries per 15 minutes is hopeless).
QUERY_CODE_FAILURES = 10
QUERY_CODE_LOCK_MINUTES = 15
# 工作要点: a task is "at risk" (shown in the department's queue and the 通报) this many calendar days
# before its due date; reminders go out 7 and 1 calendar days before it.
# 重大行政决策事项目录: the year's catalogue is published by 31 March (month, day). The national rule is only
# that it is published after the Party committee agrees (《重大行政决策程序暂行条例》第三条); this date is what
# Shanghai's work plans ask of each body (spec §3.2, "Shanghai 目录 practice", confidence M), not law.
DECISION_CATALOGUE_DUE = (3, 31)
# 重大行政决策 public comment: "一般不少于30日" (calendar days); a shorter period for urgency is explained in
# the call (《重大行政决策程序暂行条例》第十五条, spec §3.2, H).
COMMENT_PERIOD_MIN_DAYS = 30
COMMENT_PERIOD_ARTICLE = "《重大行政决策程序暂行条例》第十五条"
# Hearing materials reach participants 7 days before, the participant list published in advance
# (《重大行政决策程序暂行条例》第十六条, H); the platform applies the 7 days to 座谈会 notices as well.
HEARING_NOTICE_DAYS = 7
# The platform's own bounds on public comments (本平台设定, not law): length, the rate per person and per
# address, how long an e-mail confirmation link works; the adoption-report reminders (working days before
# the due date); the portal home lists consultations closing within this many calendar days.
COMMENT_MAX_CHARS = 2000
COMMENTS_PER_HOUR = 5
COMMENT_VERIFY_HOURS = 48
ADOPTION_REMINDER_WORKDAYS = (3, 1)
# The year's decision catalogue: reminders this many calendar days before DECISION_CATALOGUE_DUE (and once
# when it has passed unpublished).
CATALOGUE_REMINDER_DAYS = (14, 3)
CONSULTATION_CLOSING_SOON_DAYS = 10
# 政民互动: a message's length (本平台设定); reminders to the handlers this many working days before a
# message's deadline; the inspection's veto item 互动回应差 flags a valid message left unanswered for more than
# 3 months (《政府网站与政务新媒体检查指标》国办秘函〔2019〕19号, spec §4.1, H).
MESSAGE_MAX_CHARS = 3000
MESSAGE_REMINDER_WORKDAYS = (2, 0)
UNANSWERED_FLAG_MONTHS = 3
# First response to public concerns and emergencies, in hours from when the body learned of them: the
# Shanghai work plans ask for emergencies "5小时内" (a work-plan requirement, not law; spec §3); the 24 hours
# for other concerns is the platform's setting (本平台设定).
FIRST_RESPONSE_HOURS = {"emergency": 5, "concern": 24}

TASK_AT_RISK_DAYS = 15
TASK_REMINDER_DAYS = (7, 1)
# 年度报告: reminders every Monday, and every day in the last week before the deadline (calendar days).
REPORT_DAILY_REMINDERS_DAYS = 7


@dataclass(frozen=True)
class ReceiptRule:
    channel: str
    label: str
    rule: str


# The day the clock starts from, by channel (《政府信息公开条例》第三十一条).
RECEIPT_ARTICLE = "《政府信息公开条例》第三十一条"
RECEIPT_RULES = {
    r.channel: r
    for r in (
        ReceiptRule("in_person", "当面提交", "以提交之日为收到申请之日"),
        ReceiptRule("post_signed", "邮寄（需签收）", "以行政机关签收之日为收到申请之日"),
        ReceiptRule("post_plain", "平常信函", "以政府信息公开工作机构与申请人确认之日为收到申请之日"),
        ReceiptRule("online", "互联网渠道", "以双方确认之日为收到申请之日"),
        ReceiptRule("email", "电子邮件", "以双方确认之日为收到申请之日"),
        ReceiptRule("fax", "传真", "以双方确认之日为收到申请之日"),
    )
}
