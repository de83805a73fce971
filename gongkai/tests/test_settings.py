import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.utils import timezone

from gongkai.documents.models import Document
from gongkai.lib.dbmaint import refresh_statistics
from gongkai.lib.env import env_bool, env_list, env_pattern, parse_database_url

ROOT = Path(__file__).resolve().parents[2]


def test_it_parses_a_postgres_url():
    db = parse_database_url("postgres://alice:p%40ss@db.example:6543/gongkai?sslmode=require&conn_max_age=60")
    assert db["ENGINE"] == "django.db.backends.postgresql"
    assert (db["NAME"], db["USER"], db["PASSWORD"], db["HOST"], db["PORT"]) == (
        "gongkai",
        "alice",
        "p@ss",
        "db.example",
        "6543",
    )
    assert db["OPTIONS"] == {"sslmode": "require"} and db["CONN_MAX_AGE"] == 60
    assert parse_database_url("postgres://h/db")["CONN_MAX_AGE"] == 0


@pytest.mark.parametrize(
    ("url", "rule"),
    [
        ("mysql://root@localhost/x", "只支持 postgres://"),
        ("postgres://localhost", "缺少数据库名"),
        ("postgres://localhost:abc/x", "无法解析"),
        ("postgres:///x", "缺少主机名"),
        ("postgres://h/x?conn_max_age=soon", "conn_max_age 应为非负整数"),
    ],
)
def test_it_names_the_variable_and_rule_for_a_bad_url(url, rule):
    with pytest.raises(ImproperlyConfigured, match="DATABASE_URL") as excinfo:
        parse_database_url(url)
    assert rule in str(excinfo.value)


def test_it_reads_booleans_lists_and_patterns():
    assert env_bool("X", False, {"X": "yes"}) is True
    with pytest.raises(ImproperlyConfigured, match="环境变量 X"):
        env_bool("X", False, {"X": "maybe"})
    assert env_list("H", [], {"H": "a.gov.cn, b.gov.cn"}) == ["a.gov.cn", "b.gov.cn"]
    with pytest.raises(ImproperlyConfigured, match="环境变量 H"):
        env_list("H", [], {"H": "a,,b"})
    with pytest.raises(ImproperlyConfigured, match="网站标识码应为 10 位数字"):
        env_pattern("SITE_CODE", "", r"\d{10}", "网站标识码应为 10 位数字", {"SITE_CODE": "31000"})


def run_manage(*args, command="check", **env):
    # DJANGO_ALLOW_ASYNC_UNSAFE is set in this process by the browser fixture (gongkai/browser.py) when a
    # browser test ran first; a real start-up never has it
    unset = ("DATABASE_URL", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE")
    full_env = {k: v for k, v in os.environ.items() if k not in unset}
    full_env.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", command, *args],
        cwd=ROOT,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_a_malformed_database_url_stops_start_up():
    result = run_manage(DATABASE_URL="postgres//no-scheme", DEBUG="true")
    assert result.returncode != 0
    assert "DATABASE_URL" in result.stderr and "Traceback" not in result.stderr


def test_a_malformed_debug_flag_stops_start_up():
    result = run_manage(DEBUG="sometimes")
    assert result.returncode != 0 and "DEBUG" in result.stderr


def test_debug_is_off_unless_set():
    result = run_manage("-c", "from django.conf import settings; print(settings.DEBUG)", command="shell",
                        SECRET_KEY="k" * 20 + "-Gongkai-9x" * 4)  # fmt: skip
    assert result.returncode == 0 and result.stdout.split()[-1] == "False", result.stderr
    # without a key it refuses to start, and says how to run it for development
    unset = run_manage()
    assert unset.returncode != 0 and "SECRET_KEY" in unset.stderr and "DEBUG=true" in unset.stderr


def test_production_needs_a_secret_key():
    result = run_manage(DEBUG="false", SECRET_KEY="")
    assert result.returncode != 0 and "SECRET_KEY" in result.stderr
    short = run_manage(DEBUG="false", SECRET_KEY="x" * 49)
    assert short.returncode != 0 and "长度至少 50 个字符" in short.stderr


def test_it_uses_the_chinese_locale_and_shanghai_time(settings):
    assert settings.LANGUAGE_CODE == "zh-hans" and settings.TIME_ZONE == "Asia/Shanghai" and settings.USE_TZ


def test_sqlite_statistics_make_the_result_lookup_use_primary_keys(tree):
    Document.objects.bulk_create(
        Document(
            agency=tree["a"], title=f"文件{i}", index_number=f"S/{i}", status="published", published_at=timezone.now()
        )
        for i in range(500)
    )
    refreshed = refresh_statistics()
    assert refreshed == (connection.vendor == "sqlite")
    if refreshed:
        plan = Document.objects.public().filter(pk__in=[1, 2]).explain()
        assert "documents_document USING INTEGER PRIMARY KEY" in plan, plan


def test_a_production_configuration_passes_the_deployment_checks(tmp_path):
    result = run_manage(
        "--deploy", "--fail-level", "WARNING", DEBUG="false", SECRET_KEY="k" * 20 + "-Gongkai-9x" * 4,
        GONGKAI_HTTPS="true", SECURE_HSTS_INCLUDE_SUBDOMAINS="true", SECURE_HSTS_PRELOAD="true",
        GONGKAI_DATA_DIR=str(tmp_path),
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
