from django import template
from django.utils.html import format_html

from gongkai.workdays.clock import fmt, provisional_note

register = template.Library()


@register.filter
def workdate(value):
    """A computed date with its weekday, and the provisional note whenever it is provisional.

    Every screen that shows a computed deadline uses this, so an unknown year is never silent.
    """
    if not value:
        return "—"
    text = fmt(value)
    if getattr(value, "provisional", False):
        return format_html(
            '{} <span class="provisional" role="note">（{}）</span>', text, provisional_note(value.unknown_years)
        )
    return text
