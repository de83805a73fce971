"""A letter's own page: full-width editing, a preview read back from the DOCX, facts from the case,
出具 only after an explicit confirmation, and the agency's letter numbers."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from docx import Document as Docx

from gongkai.accounts.models import Department, validate_letter_number_pattern
from gongkai.inforequests.law import Outcome

D = datetime.date


@pytest.fixture
def draft(case, officer_a):
    case.reply(by=officer_a, on=D(2026, 2, 20), outcome=Outcome.GRANTED, text="见附件。")
    return case.letters.get()


def url(letter):
    return reverse("inforequests:letter_edit", args=[letter.case.number, letter.pk])


def test_the_page_previews_the_docx_and_shows_the_facts_it_uses(as_user, officer_a, draft):
    page = as_user(officer_a).get(url(draft)).content.decode()
    preview = page.split('data-testid="letter-preview"', 1)[1].split("</div>", 1)[0]
    assert 'class="lp-center lp-title">政府信息公开申请答复书</p>' in preview
    assert "2026年2月10日" in preview and draft.case.agency.name in preview
    assert "“" in preview and "。”。" not in preview  # no doubled full stop after the quoted request
    facts = page.split('data-testid="letter-facts"', 1)[1].split("</dl>", 1)[0]
    assert "<dt>收到日期</dt><dd>2026年2月10日</dd>" in facts and "引用条款" in facts
    assert "特此告知。" in preview


def test_issuing_needs_the_confirmation_and_is_final(as_user, officer_a, draft):
    staff = as_user(officer_a)
    data = {"letter": draft.pk, "body": draft.body, "on": "2026-02-20", "action": "issue"}
    page = staff.post(url(draft), data).content.decode()
    draft.refresh_from_db()
    assert draft.issued_on is None and "出具确认：请勾选“已核对，出具后不能修改”" in page
    staff.post(url(draft), {**data, "confirm": "yes"})
    draft.refresh_from_db()
    assert draft.issued_on == D(2026, 2, 20) and draft.number == ""  # the agency does not number its letters
    page = staff.get(url(draft)).content.decode()
    assert "不能再修改" in page and 'name="confirm"' not in page


def test_an_agency_that_numbers_its_letters_gets_them_numbered_in_turn(as_user, officer_a, tree, draft, case):
    with pytest.raises(ValidationError, match="必须含一个"):
        validate_letter_number_pattern("甲依复〔{年}〕号")
    tree["a"].update_contacts(by=officer_a, letter_number_pattern="甲依复〔{年}〕{号}号")
    case.agency.refresh_from_db()
    draft.case.agency.refresh_from_db()
    draft.issue(by=officer_a, on=D(2026, 2, 20))
    assert draft.number == "甲依复〔2026〕1号"
    paragraphs = [p.text for p in Docx(io.BytesIO(draft.file.read())).paragraphs]
    assert paragraphs[:2] == ["政府信息公开申请答复书", "甲依复〔2026〕1号"]
    second = case.draft_letter("reply", by=officer_a)
    second.case.agency.refresh_from_db()
    second.issue(by=officer_a, on=D(2026, 2, 21))
    assert second.number == "甲依复〔2026〕2号"


def test_the_case_page_leads_with_its_stage_and_the_next_actions(as_user, officer_a, case, tree):
    staff = as_user(officer_a)

    def bar():
        page = staff.get(reverse("inforequests:detail", args=[case.number])).content.decode()
        stages = page.split('data-testid="stage-bar"', 1)[1].split("</nav>", 1)[0]
        current = stages.split('aria-current="step">', 1)[1].split("<", 1)[0] if "aria-current" in stages else ""
        return page, current, stages

    page, current, stages = bar()
    assert current == "分办" and 'href="#assign"' in stages and "答复期限" in stages
    assert 'id="dispatch"' not in page and 'id="archive"' not in page  # not possible yet: not shown
    case.assign(by=officer_a, department=Department.objects.get(agency=tree["a"], name="办公室"), on=D(2026, 2, 11))
    page, current, stages = bar()
    assert current == "办理" and 'href="#reply"' in stages and 'data-testid="more-steps"' in page
    case.reply(by=officer_a, on=D(2026, 2, 20), outcome=Outcome.GRANTED, text="见附件。")
    _page, current, stages = bar()
    assert current == "答复" and 'href="#letters"' in stages
    letter = case.letters.get()
    letter.issue(by=officer_a, on=D(2026, 2, 20))
    page, current, stages = bar()
    assert current == "送达" and 'id="dispatch"' in page
    sent = case.dispatch(by=officer_a, method="email", sent_on=D(2026, 2, 20), letter=letter)
    case.record_delivery(by=officer_a, dispatch=sent, on=D(2026, 2, 21))
    _page, current, stages = bar()
    assert current == "归档" and 'href="#archive"' in stages
