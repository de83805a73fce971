import json
import logging
import sys

from gongkai.lib.logs import JsonFormatter
from gongkai.tests.test_settings import run_manage


def test_a_record_becomes_one_json_line_with_its_extra_fields():
    record = logging.makeLogRecord(
        {"name": "gongkai.worker", "levelname": "ERROR", "msg": "任务 %s 失败", "args": ("search.apply",), "job": "x"}
    )
    try:
        raise ValueError("坏了")
    except ValueError:
        record.exc_info = sys.exc_info()
    line = JsonFormatter().format(record)
    assert "\n" not in line
    data = json.loads(line)
    assert data["level"] == "ERROR" and data["logger"] == "gongkai.worker"
    assert data["message"] == "任务 search.apply 失败"
    assert data["job"] == "x" and "ValueError: 坏了" in data["exception"] and data["time"][:2] == "20"


def test_the_format_is_chosen_by_the_environment():
    script = "import logging; logging.getLogger('gongkai.probe').warning('探针')"
    result = run_manage("-c", script, command="shell", DEBUG="true", GONGKAI_LOG_FORMAT="json")
    lines = [json.loads(line) for line in result.stderr.splitlines() if line.startswith("{")]
    assert [line["message"] for line in lines] == ["探针"], result.stderr
    bad = run_manage(DEBUG="true", GONGKAI_LOG_FORMAT="xml")
    assert bad.returncode != 0 and "GONGKAI_LOG_FORMAT" in bad.stderr
