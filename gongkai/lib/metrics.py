"""Live indicators: figures the platform computes from its own records, offered by the domain that
owns the records (DESIGN: "indicators a domain offers … are registered by that domain, not computed by
the consumer"). Work plans read them for their targets; the assessment board will read the same.

A domain registers in its ``AppConfig.ready()``::

    metrics.register("requests_on_time", "依申请公开在法定期限内答复的比例", requests_on_time)

``compute(agency, year)`` returns (value, date, how it was computed): a percentage or count as a
``Decimal``, or a date (e.g. when a report was published), and a sentence an officer can check.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

Reading = tuple[Decimal | None, datetime.date | None, str]


@dataclass(frozen=True)
class Metric:
    key: str
    label: str
    compute: Callable[..., Reading]


METRICS: dict[str, Metric] = {}


def register(key: str, label: str, compute: Callable[..., Reading]) -> None:
    METRICS[key] = Metric(key, label, compute)


def label(key: str) -> str:
    return METRICS[key].label


def value(key: str, agency: Any, year: int) -> Reading:
    return METRICS[key].compute(agency, year)
