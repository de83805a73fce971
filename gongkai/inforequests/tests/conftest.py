"""A case fixture shared by the 依申请公开 tests."""

import datetime

import pytest

from gongkai.inforequests.law import NEEDS_HOLDER, NEEDS_ROUTE, ReplyType
from gongkai.inforequests.models import InfoRequest
from gongkai.reports.tables import ReportData, check
from gongkai.workdays import add_workdays

D = datetime.date
PERSON = {
    "applicant_type": "person",
    "applicant_name": "张三",
    "id_type": "id_card",
    "id_number": "11010519491231002X",
    "phone": "13800000000",
    "email": "zhangsan@example.com",
    "address": "上海市浦东新区某路1号",
    "information": "2025年本区一次性就业补贴的发放人数和金额",
    "document_reference": "",
    "form_wanted": "electronic",
    "delivery": "email",
}


def balanced(rows, year) -> bool:
    """Table 三 rows pass the annual report's 勾稽 checks (columns, row totals, （七） = the leaves)."""

    result = check(ReportData(year, {}, {r.key: r.cells for r in rows}, [0] * 15))
    assert result.errors == [], result.errors
    return True


@pytest.fixture
def case(tree, officer_a):
    created, code = InfoRequest.register(
        agency=tree["a"],
        by=officer_a,
        channel="in_person",
        received_on=D(2026, 2, 10),
        receipt_note="当面提交",
        **PERSON,
    )
    created.query_code = code
    return created


def reply_any(case, by, on, reply_type, text="答复"):
    """Reply with ``reply_type``, supplying what that reply type requires by law (a route, a holder,
    reasons, the art. 35 reasons step)."""

    if reply_type == ReplyType.REFUSED_EXCESSIVE and not case.reasons_state():
        asked = max(case.received_on, add_workdays(on, -5))
        case.request_reasons(by=by, on=asked, note="本月已提出申请30件")
        case.record_reasons(by=by, on=asked, note="称为研究需要")
    reasons = "金额明细——个人信息（第十五条）" if reply_type in ("partial", "record_refused") else ""
    case.reply(
        by=by,
        on=on,
        reply_type=reply_type,
        text=text,
        withheld_reasons=reasons,
        route="本机关门户网站“政府信息公开”栏目，2026年3月1日发布" if reply_type in NEEDS_ROUTE else "",
        holder_name="测试区丁局" if reply_type in NEEDS_HOLDER else "",
        holder_contact="021-12345678" if reply_type in NEEDS_HOLDER else "",
    )
    return case
