from django import template

from gongkai.accounts import permissions
from gongkai.accounts.navigation import nav_for

register = template.Library()


@register.simple_tag(takes_context=True)
def can(context, action, obj=None):
    """``{% can "agency.manage" agency as may_edit %}`` — the same rule the views enforce."""
    return permissions.has(context["request"].user, action, obj)


@register.simple_tag(takes_context=True)
def workspace_nav(context):
    return nav_for(context["request"])
