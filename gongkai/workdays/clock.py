"""The deadline clock of an information request (依申请公开), as a pure function.

``compute_clock(events, today=...)`` takes a case's clock events and returns the current due date,
working days used and left, whether the clock is paused and why, and the ordered steps, in
Chinese, that led to the due date. Nothing is stored: a calendar correction moves every due date
the next time it is computed (DESIGN rule 5).

Rules (spec §1.3–1.4):
* the receipt day is not counted; day 1 is the first working day after it;
* a correction notice is due within 7 working days of receipt (art. 30) and may be sent once; the
  clock stops until the corrected application arrives, and the reply period then runs afresh
  from that day (art. 30);
* time spent consulting a third party or another agency is not counted (art. 33 ¶3): the day a
  consultation starts counts, the working days after it up to and including the day it ends do not;
* an extension adds at most 20 working days, once (art. 33 ¶2);
* while a fee notice is unpaid the clock stops when ``fee_pauses_clock`` is true (by default the
  setting GONGKAI_FEE_PAUSES_CLOCK, itself true by default; the text is unclear, spec §1.3);
* an agency-set delayed deadline for excessive requests replaces the computed one (art. 35).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from gongkai.workdays import periods as law
from gongkai.workdays.index import CalendarIndex, WorkDate

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


class Party(StrEnum):
    THIRD_PARTY = "third_party"
    AGENCY = "agency"


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
    spans = []
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
    blocks: list[list] = []
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
        from django.conf import settings

        fee_pauses_clock = settings.GONGKAI_FEE_PAUSES_CLOCK
    if index is None:
        from gongkai.workdays.store import current_index

        index = current_index()
    reply, correction, extension_max = periods["reply"], periods["correction_notice"], periods["extension"]
    third_party, fee_payment = periods["third_party"], periods["fee_payment"]

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
    awaiting_correction = correction_requested = False
    pauses: list[_Pause] = []
    open_pauses: dict[str, _Pause] = {}
    extension = 0
    delayed_due: datetime.date | None = None
    third_party_due = fee_payment_due = None

    for event in ordered:
        kind, day = event.kind, event.date
        if kind == EventKind.RECEIVED:
            continue
        if kind == EventKind.CORRECTION_REQUESTED:
            if correction_requested:
                raise ClockError(f"补正告知只能发出一次（{correction.article}）")
            correction_requested = awaiting_correction = True
            late = "，已超过补正告知期限" if day > correction_due else ""
            steps.append(f"{fmt(day)}发出补正告知{late}；期限停止计算，待申请人补正。")
        elif kind == EventKind.CORRECTION_RECEIVED:
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
            if event.party == Party.THIRD_PARTY:
                reason = "征求第三方意见"
                third_party_due = index.add_workdays(day, third_party.days)
                extra = (
                    f"第三方应在{third_party.days}个工作日内（{third_party.article}）即{fmt(third_party_due)}前答复；"
                )
            else:
                reason, extra = "征求其他机关意见", ""
            open_pauses[key] = _Pause(day, None, reason)
            steps.append(f"{fmt(day)}开始{reason}，{extra}征求意见所需时间不计入期限（{law.CONSULTATION_ARTICLE}）。")
        elif kind == EventKind.CONSULTATION_ENDED:
            key = next((k for k in reversed(open_pauses) if k.startswith("consult:")), None)
            if key is None:
                raise ClockError("没有进行中的征求意见，不能登记结束")
            pause = open_pauses.pop(key)
            pause.end = day
            pauses.append(pause)
            steps.append(f"{fmt(day)}{pause.reason}结束，次日起恢复计算。")
        elif kind == EventKind.EXTENSION_GRANTED:
            if extension:
                raise ClockError(f"延长答复期限只能一次（{extension_max.article}）")
            if not 1 <= event.days <= extension_max.days:
                raise ClockError(f"延长的期限应为1至{extension_max.days}个工作日（{extension_max.article}）")
            extension = event.days
            steps.append(
                f"{fmt(day)}经批准延长答复期限{extension}个工作日（{extension_max.article}），"
                f"答复期限合计{reply.days + extension}个工作日。"
            )
        elif kind == EventKind.FEE_NOTICE_ISSUED:
            fee_payment_due = index.add_workdays(day, fee_payment.days)
            if fee_pauses_clock:
                open_pauses["fee"] = _Pause(day, None, "等待缴纳信息处理费")
                steps.append(
                    f"{fmt(day)}发出收费通知，缴费期间期限停止计算（按平台设置）；"
                    f"缴费期限至{fmt(fee_payment_due)}（{fee_payment.article}）。"
                )
            else:
                steps.append(f"{fmt(day)}发出收费通知，期限继续计算（按平台设置）。")
        elif kind == EventKind.FEE_PAID:
            pause = open_pauses.pop("fee", None)
            if pause is not None:
                pause.end = day
                pauses.append(pause)
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
        else:  # pragma: no cover - EventKind is closed
            raise ClockError(f"未知的事件类型：{kind}")

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
            third_party_due=third_party_due,
            fee_payment_due=fee_payment_due,
        )

    # Walk the counted stretches between pauses until the period is used up.
    cursor, remaining, due, paused_now = anchor, period_days, None, None
    counted_spans = []
    for pause in all_pauses:
        before = index.workdays_between(cursor, pause.start)
        if before >= remaining:
            break
        remaining -= before
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
    paused = paused_now is not None and paused_now.start <= today
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
        pause_reason=paused_now.reason if paused_now else "",
        overdue=due is not None and today > due,
        provisional=bool(unknown),
        unknown_years=unknown,
        steps=steps,
        due_if_resumed_today=due_if_resumed,
        third_party_due=third_party_due,
        fee_payment_due=fee_payment_due,
    )
