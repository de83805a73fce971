"""Form helpers shared by every form page (form_fields.html)."""

from django import template

register = template.Library()


@register.filter
def labelled(error: str, label: str) -> str:
    """An error as the summary lists it: "字段：规则". Messages that already name their field (the
    platform's own, "证件号码：自然人必须填写") are kept as they are."""
    error, label = str(error), str(label)
    return error if "：" in error[: len(label) + 8] else f"{label}：{error}"
