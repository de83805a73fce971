"""A case fixture shared by the 依申请公开 tests."""

import datetime

import pytest

from gongkai.inforequests.models import InfoRequest

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
    from gongkai.reports.tables import ReportData, check

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
