import datetime

import pytest

from gongkai.workdays.clock import ClockError, ClockEvent, EventKind, Party, compute_clock

D = datetime.date
E = ClockEvent
K = EventKind


SEP_18 = D(2026, 9, 18)


def clock(pure_index, *events, today=SEP_18, **kwargs):
    return compute_clock(list(events), today=today, index=pure_index, **kwargs)


def received(day, channel="online"):
    return E(K.RECEIVED, day, channel=channel)


def test_the_spec_vectors(pure_index):
    c = clock(pure_index, received(D(2026, 9, 18)))
    assert (c.correction_due, c.due) == (D(2026, 9, 29), D(2026, 10, 22))
    c = clock(pure_index, received(D(2026, 9, 18)), E(K.EXTENSION_GRANTED, D(2026, 10, 15), days=20))
    assert c.due == D(2026, 11, 19) and c.period_days == 40
    assert clock(pure_index, received(D(2026, 2, 13))).due == D(2026, 3, 19)


def test_it_explains_itself_in_order(pure_index):
    steps = clock(pure_index, received(D(2026, 9, 18))).steps
    text = "\n".join(steps)
    assert steps[0].startswith("2026年9月18日（星期五）收到申请（互联网渠道：以双方确认之日为收到申请之日")
    assert "第1个工作日是2026年9月20日（星期日）" in text
    assert "不计入的节假日：2026年9月25日至9月27日（中秋节）、2026年10月1日至10月7日（国庆节）" in text
    assert "2026年10月10日（星期六，国庆节调休上班）" in text
    assert steps[-1] == "答复期限届满日：2026年10月22日（星期四），即第20个工作日。"


def test_correction_restarts_the_period_from_the_corrected_application(pure_index):
    c = clock(
        pure_index,
        received(D(2026, 9, 18)),
        E(K.CORRECTION_REQUESTED, D(2026, 9, 25)),
        E(K.CORRECTION_RECEIVED, D(2026, 10, 12)),
        today=D(2026, 10, 14),
    )
    assert c.anchor == D(2026, 10, 12)
    assert c.due == D(2026, 11, 9)  # 20 working days after 12 Oct
    assert c.used == 2 and c.left == 18
    assert any("自该日重新计算（《政府信息公开条例》第三十条）" in s for s in c.steps)


def test_the_clock_stops_while_waiting_for_a_correction(pure_index):
    c = clock(pure_index, received(D(2026, 9, 18)), E(K.CORRECTION_REQUESTED, D(2026, 9, 22)), today=D(2026, 10, 20))
    assert c.due is None and c.paused and c.pause_reason == "等待申请人补正"


def test_a_late_correction_notice_is_flagged(pure_index):
    c = clock(pure_index, received(D(2026, 9, 18)), E(K.CORRECTION_REQUESTED, D(2026, 9, 30)))
    assert any("已超过补正告知期限" in s for s in c.steps)


def test_consultation_time_is_not_counted(pure_index):
    c = clock(
        pure_index,
        received(D(2026, 3, 2)),
        E(K.CONSULTATION_STARTED, D(2026, 3, 6)),
        E(K.CONSULTATION_ENDED, D(2026, 3, 13)),
        today=D(2026, 3, 20),
    )
    # 4 working days used before the pause (3–6 Mar), 5 paused (9–13 Mar), then 16 more.
    assert c.due == D(2026, 4, 7)
    assert c.used == 9 and c.left == 11
    assert c.third_party_due == D(2026, 3, 27)
    assert any("征求意见所需时间不计入期限（《政府信息公开条例》第三十三条第三款）" in s for s in c.steps)


def test_an_open_consultation_pauses_the_clock(pure_index):
    c = clock(
        pure_index,
        received(D(2026, 3, 2)),
        E(K.CONSULTATION_STARTED, D(2026, 3, 6), party=Party.AGENCY),
        today=D(2026, 3, 20),
    )
    assert c.paused and c.due is None and "征求其他机关意见" in c.pause_reason
    assert c.used == 4
    assert c.due_if_resumed_today == D(2026, 4, 14)  # 16 working days after 20 Mar, 清明 6 Apr skipped


def test_overlapping_pauses_are_not_double_counted(pure_index):
    c = clock(
        pure_index,
        received(D(2026, 3, 2)),
        E(K.CONSULTATION_STARTED, D(2026, 3, 6)),
        E(K.FEE_NOTICE_ISSUED, D(2026, 3, 9)),
        E(K.CONSULTATION_ENDED, D(2026, 3, 11)),
        E(K.FEE_PAID, D(2026, 3, 13)),
    )
    assert c.due == D(2026, 4, 7)


def test_the_fee_pause_is_a_setting(pure_index, settings):
    events = [received(D(2026, 3, 2)), E(K.FEE_NOTICE_ISSUED, D(2026, 3, 6)), E(K.FEE_PAID, D(2026, 3, 13))]
    assert clock(pure_index, *events).due == D(2026, 4, 7)
    settings.GONGKAI_FEE_PAUSES_CLOCK = False
    assert clock(pure_index, *events).due == D(2026, 3, 30)
    assert clock(pure_index, *events, fee_pauses_clock=True).due == D(2026, 4, 7)


def test_an_extension_is_at_most_twenty_days_and_once(pure_index):
    base = received(D(2026, 3, 2))
    with pytest.raises(ClockError, match="1至20个工作日"):
        clock(pure_index, base, E(K.EXTENSION_GRANTED, D(2026, 3, 20), days=21))
    with pytest.raises(ClockError, match="只能一次"):
        clock(
            pure_index,
            base,
            E(K.EXTENSION_GRANTED, D(2026, 3, 20), days=5),
            E(K.EXTENSION_GRANTED, D(2026, 3, 25), days=5),
        )


def test_it_refuses_events_the_law_does_not_allow(pure_index):
    base = received(D(2026, 3, 2))
    with pytest.raises(ClockError, match="补正告知只能发出一次"):
        clock(
            pure_index,
            base,
            E(K.CORRECTION_REQUESTED, D(2026, 3, 3)),
            E(K.CORRECTION_RECEIVED, D(2026, 3, 5)),
            E(K.CORRECTION_REQUESTED, D(2026, 3, 6)),
        )
    with pytest.raises(ClockError, match="没有待补正的告知"):
        clock(pure_index, base, E(K.CORRECTION_RECEIVED, D(2026, 3, 5)))
    with pytest.raises(ClockError, match="没有进行中的征求意见"):
        clock(pure_index, base, E(K.CONSULTATION_ENDED, D(2026, 3, 5)))
    with pytest.raises(ClockError, match="只能有一个"):
        clock(pure_index, E(K.FEE_PAID, D(2026, 3, 5)))


def test_an_agency_set_delayed_deadline_replaces_the_computed_one(pure_index):
    c = clock(
        pure_index,
        received(D(2026, 3, 2)),
        E(K.DELAYED_DEADLINE_SET, D(2026, 3, 10), due=D(2026, 6, 30)),
        today=D(2026, 7, 1),
    )
    assert c.due == D(2026, 6, 30) and c.overdue and c.left is None
    assert any("第三十五条" in s for s in c.steps)


def test_it_reports_used_left_and_overdue(pure_index):
    c = clock(pure_index, received(D(2026, 9, 18)), today=D(2026, 10, 26))
    assert c.overdue and c.left == -2 and c.overdue_by == 2


def test_a_deadline_in_an_unknown_year_is_provisional(pure_index):
    c = clock(pure_index, received(D(2026, 12, 10)), today=D(2026, 12, 10))
    assert c.due.provisional and c.provisional and c.unknown_years == (2027,)
    assert c.provisional_note == "2027年放假安排尚未录入，此日期为暂定"
    assert c.steps[-1].startswith("2027年放假安排尚未录入，此日期为暂定")
    assert not clock(pure_index, received(D(2026, 9, 18))).provisional
