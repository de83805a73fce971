"""The deadline clock of an information request (依申请公开), as a pure function.

``compute_clock(events, today=...)`` takes a case's clock events and returns the current due date,
working days used and left, whether the clock is paused and why, and the ordered steps, in
Chinese, that led to the due date. Nothing is stored: a calendar correction moves every due date
the next time it is computed (DESIGN rule 5).

Rules (spec §1.3–1.4):
* the receipt day is not counted; day 1 is the first working day after it;
* a correction notice is due within 7 working days of receipt (art. 30) and may be sent once; the
  clock stops until the corrected application arrives, and the reply period then runs afresh
  from that day (art. 30). A notice sent after the 7 working days is marked late; one sent after
  the reply period has already run out restarts nothing: the case stays overdue (spec §1.6);
* time spent consulting a third party or another agency is not counted (art. 33 ¶3): the day a
  consultation starts counts, the working days after it up to and including the day it ends do not.
  A third party (art. 32) or a co-producer (art. 34) has 15 working days from its receipt of the
  letter; when they have run out the pause ends by itself (until the receipt is recorded, the
  period is counted from the sending, provisionally — never longer than the law allows);
* an extension adds at most 20 working days, once (art. 33 ¶2), and only when decided before the
  period ends: one dated after the due date extends nothing;
* while a fee notice is unpaid the clock stops when ``fee_pauses_clock`` is true (by default the
  setting GONGKAI_FEE_PAUSES_CLOCK, itself true by default; the text is unclear, spec §1.3); the
  payment period runs from the applicant's receipt of the notice;
* an agency-set delayed deadline for excessive requests replaces the computed one (art. 35).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from django.conf import settings

from gongkai.workdays import periods as law
from gongkai.workdays.index import CalendarIndex, WorkDate
from gongkai.workdays.store import current_index

WEEKDAYS = "一二三四五六日"


class EventKind(StrEnum):
    RECEIVED = "received"
    CORRECTION_REQUESTED = "correction_requested"
    CORRECTION_RECEIVED = "correction_received"
    CONSULTATION_STARTED = "consultation_started"
    CONSULTATION_ENDED = "consultation_ended"
    EXTENSION_GRANTED = "extension_granted"
    FEE_NOTICE_ISSUED = "fee_notice_issued"
    FEE_PAID = "fee_paid"
    DELAYED_DEADLINE_SET = "delayed_deadline_set"
    CONSULTATION_DELIVERED = "consultation_delivered"  # the consulted party received the letter
    FEE_NOTICE_RECEIVED = "fee_notice_received"  # the applicant received the fee notice
    REASONS_REQUESTED = "reasons_requested"  # art. 35: the applicant is asked to state reasons
    REASONS_ANSWERED = "reasons_answered"


class Party(StrEnum):
    THIRD_PARTY = "third_party"  # art. 32: 15 working days from receipt
    AGENCY = "agency"  # art. 33 ¶3: another agency, no statutory period
    CO_PRODUCER = "co_producer"  # art. 34: a co-producer, 15 working days, silence is consent


PARTY_LABELS = {Party.THIRD_PARTY: "第三方", Party.AGENCY: "其他机关", Party.CO_PRODUCER: "共同制作机关"}


@dataclass(frozen=True)
class ClockEvent:
    kind: EventKind
    date: datetime.date
    channel: str = ""  # RECEIVED: a key of periods.RECEIPT_RULES
    days: int = 0  # EXTENSION_GRANTED: working days granted
    due: datetime.date | None = None  # DELAYED_DEADLINE_SET: the date the agency set
    party: Party = Party.THIRD_PARTY  # CONSULTATION_STARTED


class ClockError(ValueError):
    """Events that the law does not allow, with a Chinese message naming the rule."""


@dataclass
class Clock:
    received: datetime.date
    anchor: datetime.date  # the day counting runs from: receipt, or the corrected application
    period_days: int  # the reply period with any extension
    due: WorkDate | None  # None while the clock is stopped with no end in sight
    correction_due: WorkDate
    used: int  # working days counted up to ``today``
    left: int | None
    paused: bool
    pause_reason: str
    overdue: bool
    provisional: bool
    unknown_years: tuple[int, ...]
    steps: list[str] = field(default_factory=list)
    due_if_resumed_today: WorkDate | None = None
    third_party_due: WorkDate | None = None
    fee_payment_due: WorkDate | None = None
    co_producer_due: WorkDate | None = None
    # the consulted party's period counted from the sending, its receipt not yet recorded
    party_due_provisional: bool = False
    # a consulted party's period has run out with no answer recorded: the pause ended by itself
    consultation_lapsed: str = ""
    fee_payment_provisional: bool = False  # receipt of the fee notice not yet recorded
    correction_late: bool = False  # the 补正 notice came after the 7 working days (art. 30)
    correction_void: bool = False  # ... after the reply period had run out: it restarted nothing
    extension_void: bool = False  # an extension decided after the due date: it extended nothing
    reasons_due: WorkDate | None = None  # art. 35: the applicant's period to state reasons
    reasons_answered: bool = False

    @property
    def overdue_by(self) -> int:
        """Working days past the due date (0 when not overdue)."""
        return -self.left if self.left is not None and self.left < 0 else 0

    @property
    def provisional_note(self) -> str:
        return provisional_note(self.unknown_years)


def provisional_note(years: Iterable[int]) -> str:
    years = sorted(years)
    if not years:
        return ""
    return f"{'、'.join(f'{y}年' for y in years)}放假安排尚未录入，此日期为暂定"


def fmt(day: datetime.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日（星期{WEEKDAYS[day.weekday()]}）"


def _fmt_short(day: datetime.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


@dataclass
class _Pause:
    start: datetime.date
    end: datetime.date | None
    reason: str


def _merge(pauses: list[_Pause], anchor: datetime.date) -> list[_Pause]:
    """Pauses from ``anchor`` on, overlapping ones merged, in date order."""
    spans: list[_Pause] = []
    for p in sorted(pauses, key=lambda p: p.start):
        if p.end is not None and p.end <= anchor:
            continue
        start = max(p.start, anchor)
        if spans and (spans[-1].end is None or start <= spans[-1].end):
            last = spans[-1]
            last.end = None if last.end is None or p.end is None else max(last.end, p.end)
            if p.reason not in last.reason:
                last.reason = f"{last.reason}；{p.reason}"
        else:
            spans.append(_Pause(start, p.end, p.reason))
    return spans


def _calendar_steps(index: CalendarIndex, a: datetime.date, b: datetime.date) -> list[str]:
    """Which holidays were skipped and which make-up days counted in (a, b]."""
    infos = index.exceptions_between(a, b)
    blocks: list[list[Any]] = []
    for info in infos:
        if info.is_workday:
            continue
        if blocks and blocks[-1][2] == info.name and (info.date - blocks[-1][1]).days == 1:
            blocks[-1][1] = info.date
        else:
            blocks.append([info.date, info.date, info.name])
    steps = []
    if blocks:
        parts = [
            f"{_fmt_short(s)}（{n}）" if s == e else f"{_fmt_short(s)}至{e.month}月{e.day}日（{n}）"
            for s, e, n in blocks
        ]
        steps.append(f"不计入的节假日：{'、'.join(parts)}。")
    makeup = [i for i in infos if i.is_workday]
    if makeup:
        parts = [f"{_fmt_short(i.date)}（星期{WEEKDAYS[i.date.weekday()]}，{i.name}调休上班）" for i in makeup]
        steps.append(f"计入的调休上班日：{'、'.join(parts)}。")
    return steps


def compute_clock(
    events: Iterable[ClockEvent],
    *,
    today: datetime.date,
    index: CalendarIndex | None = None,
    periods: Mapping[str, law.Period] = law.ALL,
    fee_pauses_clock: bool | None = None,
) -> Clock:
    if fee_pauses_clock is None:
        fee_pauses_clock = settings.GONGKAI_FEE_PAUSES_CLOCK
    if index is None:
        index = current_index()
    reply, correction, extension_max = periods["reply"], periods["correction_notice"], periods["extension"]
    third_party, fee_payment = periods["third_party"], periods["fee_payment"]
    # the answer period of each consulted party that has one (arts. 32, 34)
    party_periods = {
        Party.THIRD_PARTY: third_party,
        Party.CO_PRODUCER: periods.get("co_producer", law.CO_PRODUCER_ANSWER),
    }

    ordered = sorted(events, key=lambda e: e.date)  # stable: same-day events keep their given order
    receipts = [e for e in ordered if e.kind == EventKind.RECEIVED]
    if len(receipts) != 1:
        raise ClockError("办理时限需要且只能有一个“收到申请”事件")
    received = receipts[0].date
    if ordered[0].kind != EventKind.RECEIVED and ordered[0].date < received:
        raise ClockError(f"{_fmt_short(ordered[0].date)}的事件早于收到申请之日{_fmt_short(received)}")

    steps: list[str] = []
    rule = law.RECEIPT_RULES.get(receipts[0].channel)
    how = f"（{rule.label}：{rule.rule}，{law.RECEIPT_ARTICLE}）" if rule else ""
    steps.append(f"{fmt(received)}收到申请{how}。收到申请当日不计入，期限自次日起算。")
    correction_due = index.add_workdays(received, correction.days)
    steps.append(f"补正告知期限为{correction.days}个工作日（{correction.article}），至{fmt(correction_due)}。")
    steps.append(
        f"答复期限为{reply.days}个工作日（{reply.article}），第1个工作日是{fmt(index.next_workday(received))}。"
    )

    anchor = received
    awaiting_correction = correction_requested = correction_late = correction_void = False
    extension_void = reasons_answered = False
    pauses: list[_Pause] = []
    open_pauses: dict[str, _Pause] = {}
    consultations: dict[str, dict[str, Any]] = {}  # open consultations with a statutory answer period
    extension = 0
    delayed_due: datetime.date | None = None
    third_party_due = co_producer_due = fee_payment_due = reasons_due = None
    party_due_provisional = fee_payment_provisional = False
    party_dues: dict[str, WorkDate] = {}
    reasons = periods.get("reasons_answer", law.REASONS_ANSWER)

    def due_before(position: int) -> WorkDate | None:
        """The due date as it stood from the events before ``position`` (None while paused)."""
        return compute_clock(
            ordered[:position], today=ordered[position].date, index=index, periods=periods,
            fee_pauses_clock=fee_pauses_clock,
        ).due  # fmt: skip

    def set_party_due(key: str, party: Party, sent: datetime.date, delivered: datetime.date | None) -> None:
        nonlocal third_party_due, co_producer_due, party_due_provisional
        due = index.add_workdays(delivered or sent, party_periods[party].days)
        party_dues[key] = due
        party_due_provisional = delivered is None
        if party == Party.THIRD_PARTY:
            third_party_due = due
        else:
            co_producer_due = due

    for position, event in enumerate(ordered):
        kind, day = event.kind, event.date
        if kind == EventKind.RECEIVED:
            continue
        if kind == EventKind.CORRECTION_REQUESTED:
            if correction_requested:
                raise ClockError(f"补正告知只能发出一次（{correction.article}）")
            correction_requested = True
            correction_late = day > correction_due
            expired_on = due_before(position) if correction_late else None
            if expired_on is not None and day > expired_on:
                correction_void = True
                steps.append(
                    f"{fmt(day)}发出补正告知，已超过补正告知期限，且答复期限已于{fmt(expired_on)}届满："
                    f"逾期的补正告知不能使已届满的期限重新计算，本申请仍为超期（{correction.article}）。"
                )
                continue
            awaiting_correction = True
            late = "，已超过补正告知期限" if correction_late else ""
            steps.append(f"{fmt(day)}发出补正告知{late}；期限停止计算，待申请人补正。")
        elif kind == EventKind.CORRECTION_RECEIVED:
            if correction_void:
                steps.append(f"{fmt(day)}收到补正后的申请；补正告知逾期，答复期限不重新计算。")
                continue
            if not awaiting_correction:
                raise ClockError("没有待补正的告知，不能登记收到补正")
            awaiting_correction = False
            anchor = day
            for p in pauses:  # time before the fresh start no longer matters
                p.start = max(p.start, day)
            steps.append(
                f"{fmt(day)}收到补正后的申请，{reply.days}个工作日的答复期限自该日重新计算（{correction.article}），"
                f"第1个工作日是{fmt(index.next_workday(day))}。"
            )
        elif kind == EventKind.CONSULTATION_STARTED:
            key = f"consult:{event.party}"
            if key in open_pauses:
                raise ClockError("上一次征求意见尚未结束")
            reason = f"征求{PARTY_LABELS[event.party]}意见"
            extra = ""
            if event.party in party_periods:
                consultations[key] = {"party": event.party, "sent": day, "delivered": None}
                set_party_due(key, event.party, day, None)
                answer = party_periods[event.party]
                silence = "，逾期未答复视为同意" if event.party == Party.CO_PRODUCER else ""
                extra = (
                    f"{PARTY_LABELS[event.party]}应自收到征求意见之日起{answer.days}个工作日内答复"
                    f"（{answer.article}{silence}），收到日期登记前暂按发出之日计算，即{fmt(party_dues[key])}；"
                )
            open_pauses[key] = _Pause(day, None, reason)
            steps.append(f"{fmt(day)}开始{reason}，{extra}征求意见所需时间不计入期限（{law.CONSULTATION_ARTICLE}）。")
        elif kind == EventKind.CONSULTATION_DELIVERED:
            key = f"consult:{event.party}"
            if key not in consultations or key not in open_pauses:
                raise ClockError("没有进行中的征求第三方或共同制作机关意见，不能登记收到日期")
            if day < consultations[key]["sent"]:
                raise ClockError("收到征求意见函的日期不能早于发出之日")
            consultations[key]["delivered"] = day
            set_party_due(key, event.party, consultations[key]["sent"], day)
            steps.append(
                f"{fmt(day)}{PARTY_LABELS[event.party]}收到征求意见函，其答复期限为{party_periods[event.party].days}个工作日，"
                f"至{fmt(party_dues[key])}。"
            )
        elif kind == EventKind.CONSULTATION_ENDED:
            ending = f"consult:{event.party}" if f"consult:{event.party}" in open_pauses else None
            ending = ending or next((k for k in reversed(open_pauses) if k.startswith("consult:")), None)
            if ending is None:
                raise ClockError("没有进行中的征求意见，不能登记结束")
            key = ending
            pause = open_pauses.pop(key)
            party_due = party_dues.get(key) if key in consultations else None
            consultations.pop(key, None)
            if party_due is not None and day > party_due:
                pause.end = party_due
                steps.append(f"{fmt(day)}{pause.reason}结束；答复期已于{fmt(party_due)}届满，期限自次日起已恢复计算。")
            else:
                pause.end = day
                steps.append(f"{fmt(day)}{pause.reason}结束，次日起恢复计算。")
            pauses.append(pause)
        elif kind == EventKind.EXTENSION_GRANTED:
            if extension:
                raise ClockError(f"延长答复期限只能一次（{extension_max.article}）")
            if not 1 <= event.days <= extension_max.days:
                raise ClockError(f"延长的期限应为1至{extension_max.days}个工作日（{extension_max.article}）")
            before = due_before(position)
            if before is not None and day > before:
                extension_void = True
                steps.append(
                    f"{fmt(day)}记录的延期晚于答复期限届满日{fmt(before)}：延期应在期限届满前决定，"
                    f"不产生延期效果（{extension_max.article}）。"
                )
                continue
            extension = event.days
            steps.append(
                f"{fmt(day)}经批准延长答复期限{extension}个工作日（{extension_max.article}），"
                f"答复期限合计{reply.days + extension}个工作日。"
            )
        elif kind == EventKind.FEE_NOTICE_ISSUED:
            fee_payment_due = index.add_workdays(day, fee_payment.days)
            fee_payment_provisional = True
            if fee_pauses_clock:
                open_pauses["fee"] = _Pause(day, None, "等待缴纳信息处理费")
                steps.append(f"{fmt(day)}发出收费通知，缴费期间期限停止计算（按平台设置）。")
            else:
                steps.append(f"{fmt(day)}发出收费通知，期限继续计算（按平台设置）。")
        elif kind == EventKind.FEE_NOTICE_RECEIVED:
            if fee_payment_due is None:
                raise ClockError("没有发出收费通知，不能登记申请人收到收费通知")
            fee_payment_due, fee_payment_provisional = index.add_workdays(day, fee_payment.days), False
            steps.append(
                f"{fmt(day)}申请人收到收费通知，缴费期限{fee_payment.days}个工作日（{fee_payment.article}），"
                f"至{fmt(fee_payment_due)}。"
            )
        elif kind == EventKind.FEE_PAID:
            fee_pause = open_pauses.pop("fee", None)
            if fee_pause is not None:
                fee_pause.end = day
                pauses.append(fee_pause)
                steps.append(f"{fmt(day)}缴清信息处理费，次日起恢复计算。")
            else:
                steps.append(f"{fmt(day)}缴清信息处理费。")
        elif kind == EventKind.DELAYED_DEADLINE_SET:
            if event.due is None or event.due <= day:
                raise ClockError("第三十五条的延迟答复期限应晚于确定之日")
            delayed_due = event.due
            steps.append(
                f"{fmt(day)}因申请数量、频次明显超过合理范围，确定延迟答复期限至{fmt(event.due)}（《政府信息公开条例》第三十五条）。"
            )
        elif kind == EventKind.REASONS_REQUESTED:
            reasons_due = index.add_workdays(day, reasons.days)
            steps.append(
                f"{fmt(day)}要求申请人说明理由（《政府信息公开条例》第三十五条），期限至{fmt(reasons_due)}"
                f"（{reasons.article}）；答复期限继续计算。"
            )
        elif kind == EventKind.REASONS_ANSWERED:
            if reasons_due is None:
                raise ClockError("没有要求申请人说明理由，不能登记其说明")
            reasons_answered = True
            steps.append(f"{fmt(day)}申请人说明了理由。")
        else:  # pragma: no cover - EventKind is closed
            raise ClockError(f"未知的事件类型：{kind}")

    # A consulted party whose period has run out no longer pauses the clock (arts. 32, 34).
    lapsed = []
    for key, info in consultations.items():
        pause = open_pauses.pop(key)
        pause.end = party_dues[key]
        pauses.append(pause)
        if party_dues[key] < today:
            lapsed.append(f"{PARTY_LABELS[info['party']]}答复期已于{fmt(party_dues[key])}届满")
    if lapsed:
        steps.append(f"{'；'.join(lapsed)}，未登记答复，期限已自次日起恢复计算。")

    # What every Clock carries besides the due date, whether or not the clock is running.
    facts: dict[str, Any] = {
        "third_party_due": third_party_due,
        "fee_payment_due": fee_payment_due,
        "co_producer_due": co_producer_due,
        "party_due_provisional": party_due_provisional,
        "consultation_lapsed": "；".join(lapsed),
        "fee_payment_provisional": fee_payment_provisional,
        "correction_late": correction_late,
        "correction_void": correction_void,
        "extension_void": extension_void,
        "reasons_due": reasons_due,
        "reasons_answered": reasons_answered,
    }
    period_days = reply.days + extension
    all_pauses = _merge(pauses + list(open_pauses.values()), anchor)
    if awaiting_correction:
        return Clock(
            received=received,
            anchor=anchor,
            period_days=period_days,
            due=None,
            correction_due=correction_due,
            used=0,
            left=None,
            paused=True,
            pause_reason="等待申请人补正",
            overdue=False,
            provisional=correction_due.provisional,
            unknown_years=correction_due.unknown_years,
            steps=steps,
            **facts,
        )

    # Walk the counted stretches between pauses until the period is used up.
    cursor, remaining = anchor, period_days
    due: WorkDate | None = None
    paused_now: _Pause | None = None
    counted_spans: list[tuple[datetime.date, datetime.date]] = []
    for pause in all_pauses:
        counted = index.workdays_between(cursor, pause.start)
        if counted >= remaining:
            break
        remaining -= counted
        counted_spans.append((cursor, pause.start))
        steps.append(
            f"至{fmt(pause.start)}{pause.reason}时已计{period_days - remaining}个工作日，尚余{remaining}个工作日。"
        )
        if pause.end is None:
            paused_now = pause
            break
        cursor = pause.end
    if paused_now is None:
        due = index.add_workdays(cursor, remaining)
        counted_spans.append((cursor, due))

    for a, b in counted_spans:
        steps.extend(_calendar_steps(index, a, b))

    if delayed_due is not None:
        due = WorkDate.make(delayed_due, index.unknown_years(anchor.year, delayed_due.year))
        steps.append(f"答复期限届满日：{fmt(due)}（第三十五条确定的延迟期限）。")
    elif due is not None:
        steps.append(f"答复期限届满日：{fmt(due)}，即第{period_days}个工作日。")

    # Working days used as of today: counted days in (anchor, today] outside pauses.
    used = max(0, index.workdays_between(anchor, max(today, anchor)))
    for pause in all_pauses:
        end = pause.end or today
        if pause.start < today:
            used -= max(0, index.workdays_between(pause.start, min(end, today)))
    current = next((p for p in all_pauses if p.start <= today and (p.end is None or today <= p.end)), None)
    paused = current is not None
    due_if_resumed = index.add_workdays(max(today, paused_now.start), remaining) if paused_now else None
    if paused_now is not None:
        steps.append(f"期限暂停中（{paused_now.reason}），恢复后再计{remaining}个工作日。")

    end_year = (due or due_if_resumed or today).year
    unknown = index.unknown_years(anchor.year, max(end_year, anchor.year))
    if unknown:
        steps.append(provisional_note(unknown) + "（该年按周一至周五计算）。")
    return Clock(
        received=received,
        anchor=anchor,
        period_days=period_days,
        due=due,
        correction_due=correction_due,
        used=used,
        left=(period_days - used) if delayed_due is None else None,
        paused=paused,
        pause_reason=current.reason if current else "",
        overdue=due is not None and today > due,
        provisional=bool(unknown),
        unknown_years=unknown,
        steps=steps,
        due_if_resumed_today=due_if_resumed,
        **facts,
    )
