"""Text messages through a pluggable sender (setting ``GONGKAI_SMS_SENDER``, a dotted path to a class
with ``send(phone, text)``). The default writes each message to ``<data dir>/sms-outbox.log``, as the
mail backend writes e-mail to files: a real gateway is plugged in by configuration, never called in tests."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string


class Sender(Protocol):
    def send(self, phone: str, text: str) -> None: ...


class FileSender:
    """Appends ``time<TAB>phone<TAB>text`` lines to the outbox file."""

    def send(self, phone: str, text: str) -> None:
        outbox = Path(settings.DATA_DIR) / "sms-outbox.log"
        outbox.parent.mkdir(parents=True, exist_ok=True)
        line = f"{datetime.datetime.now().isoformat(timespec='seconds')}\t{phone}\t{text}\n"
        with outbox.open("a", encoding="utf-8") as handle:
            handle.write(line)


def send(phone: str, text: str) -> None:
    sender: Sender = import_string(getattr(settings, "GONGKAI_SMS_SENDER", "gongkai.lib.sms.FileSender"))()
    sender.send(phone, text.replace("\n", " "))
