from django import template

register = template.Library()


@register.filter
def dictget(mapping, key):
    """``mapping|dictget:key`` — a dictionary value by a key held in a variable."""
    return mapping.get(key) if hasattr(mapping, "get") else None
