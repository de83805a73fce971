import datetime

from django import template
from django.utils.html import format_html

from gongkai.workdays.clock import fmt, provisional_note
from gongkai.workdays.index import WorkDate

register = template.Library()


@register.filter
def workdate(value: datetime.date | None) -> str:
    """A computed date with its weekday, and the provisional note whenever it is provisional.

    Every screen that shows a computed deadline uses this, so an unknown year is never silent.
    """
    if not value:
        return "—"
    text = fmt(value)
    if isinstance(value, WorkDate) and value.provisional:
        return format_html(
            '{} <span class="provisional" role="note">（{}）</span>', text, provisional_note(value.unknown_years)
        )
    return text
