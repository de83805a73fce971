"""Validation errors of the API in Chinese: the parameter as the caller wrote it, and the rule."""

from __future__ import annotations

import re
from typing import Any, get_args

from gongkai.api.public import DocumentFilters

# Where a parameter sits in the request, and the names of schemas that group query parameters:
# neither is part of what the caller wrote.
_CONTAINERS = {"query", "body", "path", "form", "file", "header", "cookie", "filters", "metadata", "files"}


def _bounds() -> dict[str, tuple[Any, Any]]:
    """(lowest, highest) of every numeric query parameter, from the schemas' own constraints."""
    bounds = {}
    for name, info in DocumentFilters.model_fields.items():
        metadata = list(info.metadata)
        for arg in get_args(info.annotation):  # list[Annotated[int, Field(ge=…, le=…)]]
            for inner in get_args(arg)[1:]:
                metadata.extend(getattr(inner, "metadata", []) or [inner])
        low = next((getattr(m, "ge", None) for m in metadata if getattr(m, "ge", None) is not None), None)
        high = next((getattr(m, "le", None) for m in metadata if getattr(m, "le", None) is not None), None)
        if low is not None and high is not None:
            bounds[name] = (low, high)
    return bounds


BOUNDS = _bounds()


def param_name(loc) -> str:
    parts = [str(p) for p in loc if not isinstance(p, int) and str(p) not in _CONTAINERS]
    return ".".join(parts) or "请求"


def _given(error: dict) -> str:
    value = error.get("input")
    if value is None or isinstance(value, dict | list):
        return ""
    text = str(value)
    return f"，收到“{text[:30]}{'…' if len(text) > 30 else ''}”"


def explain(name: str, error: dict) -> str:
    kind, ctx = error.get("type", ""), error.get("ctx") or {}
    if kind in ("less_than_equal", "greater_than_equal", "less_than", "greater_than") and name in BOUNDS:
        low, high = BOUNDS[name]
        return f"必须在 {low}—{high} 之间{_given(error)}"
    if kind == "less_than_equal":
        return f"不能大于 {ctx.get('le')}{_given(error)}"
    if kind == "greater_than_equal":
        return f"不能小于 {ctx.get('ge')}{_given(error)}"
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return f"必须是整数{_given(error)}"
    if kind in ("bool_parsing", "bool_type"):
        return f"只能是 true 或 false{_given(error)}"
    if kind == "literal_error":
        allowed = "、".join(re.findall(r"'([^']*)'", str(ctx.get("expected", ""))))
        return f"只能是 {allowed} 之一{_given(error)}"
    if kind == "string_too_long":
        return f"不能超过 {ctx.get('max_length')} 个字符"
    if kind == "string_too_short":
        return f"不能少于 {ctx.get('min_length')} 个字符"
    if kind == "missing":
        return "必须填写"
    if kind in ("string_type", "list_type", "dict_type", "json_invalid", "model_attributes_type"):
        return f"格式不正确{_given(error)}"
    return f"不符合要求（{kind}）{_given(error)}"
