"""Reading settings from the environment.

Every reader raises ``ImproperlyConfigured`` with a message that names the variable and the rule it
broke, so a bad value stops start-up instead of surfacing later as a confusing error.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def _fail(name: str, value: str, rule: str) -> ImproperlyConfigured:
    return ImproperlyConfigured(f"环境变量 {name} 的值 {value!r} 无效：{rule}")


def env_str(name: str, default: str, environ: Mapping[str, str] = os.environ) -> str:
    return environ.get(name, default)


def env_bool(name: str, default: bool, environ: Mapping[str, str] = os.environ) -> bool:
    if name not in environ:
        return default
    raw = environ[name].strip().lower()
    if raw in _TRUE:
        return True
    if raw in _FALSE:
        return False
    raise _fail(name, environ[name], "应为 true/false、1/0、yes/no 或 on/off")


def env_list(name: str, default: list[str], environ: Mapping[str, str] = os.environ) -> list[str]:
    if name not in environ:
        return default
    items = [part.strip() for part in environ[name].split(",")]
    if not all(items):
        raise _fail(name, environ[name], "应为以英文逗号分隔的非空值列表")
    return items


def env_pattern(name: str, default: str, pattern: str, rule: str, environ: Mapping[str, str] = os.environ) -> str:
    value = environ.get(name, default)
    if not re.fullmatch(pattern, value):
        raise _fail(name, value, rule)
    return value


def parse_database_url(url: str, name: str = "DATABASE_URL") -> dict[str, Any]:
    """Turn ``postgres://user:password@host:port/dbname?sslmode=...`` into a Django DATABASES entry."""
    try:
        parts = urlsplit(url)
        port = parts.port  # raises ValueError on a non-numeric port
    except ValueError as exc:
        raise _fail(name, url, f"无法解析（{exc}）") from exc
    if parts.scheme not in ("postgres", "postgresql", "pgsql"):
        raise _fail(name, url, "只支持 postgres:// 或 postgresql:// 开头的地址；不设置该变量时使用 SQLite")
    db_name = unquote(parts.path.lstrip("/"))
    if not db_name or "/" in db_name:
        raise _fail(name, url, "地址中缺少数据库名，格式为 postgres://用户@主机:端口/数据库名")
    if not parts.hostname:
        raise _fail(name, url, "地址中缺少主机名，格式为 postgres://用户@主机:端口/数据库名")
    options = dict(parse_qsl(parts.query))
    # ?conn_max_age=60 keeps connections open between requests (Django's CONN_MAX_AGE); default 0.
    max_age = options.pop("conn_max_age", "0")
    if not max_age.isdigit():
        raise _fail(name, url, "conn_max_age 应为非负整数（秒）")
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": db_name,
        "USER": unquote(parts.username or ""),
        "PASSWORD": unquote(parts.password or ""),
        "HOST": parts.hostname,
        "PORT": str(port or ""),
        "OPTIONS": options,
        "CONN_MAX_AGE": int(max_age),
        "CONN_HEALTH_CHECKS": True,
    }
