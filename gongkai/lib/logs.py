"""Structured logs: one JSON object per line (``GONGKAI_LOG_FORMAT=json``), for a log collector.

Each line has ``time`` (ISO 8601 with offset), ``level``, ``logger`` and ``message``; a record's extra
fields that are plain values (e.g. ``status_code``, ``job``) are copied in, and an exception's
traceback goes under ``exception``. Nothing else is added: what a caller logs is what appears, so no
personal data enters the logs unless a caller put it there (none does).
"""

from __future__ import annotations

import datetime
import json
import logging

_STANDARD = set(logging.makeLogRecord({}).__dict__) | {"message", "asctime"}


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        data: dict[str, object] = {
            "time": datetime.datetime.fromtimestamp(record.created).astimezone().isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key, value in record.__dict__.items():
            if key not in _STANDARD and not key.startswith("_") and isinstance(value, str | int | float | bool):
                data[key] = value
        if record.exc_info:
            data["exception"] = self.formatException(record.exc_info)
        return json.dumps(data, ensure_ascii=False)
