"""What the document workflow's verbs (methods of ``Document`` in models.py) share: the error they
raise and the re-review date rule. The workflow: 草稿 → 待审查 → (退回) → 待发布 → 已发布 → 撤回, and
失效 / 废止.

Each verb checks the state and the actor, changes the state inside one transaction, writes a
``StatusChange`` row and an audit event in that transaction. Violations raise ``DocumentError``
with a Chinese message. Rules: 先审查、后公开 and 一事一审 (spec §1.1, art. 17); 三同步 (policy and
interpretation published together); art. 18 re-review; art. 26 timeliness.
"""

from __future__ import annotations

import calendar
import datetime

from gongkai.lib.errors import Refused


class DocumentError(Refused):
    """A transition the rules do not allow; the message is shown to the user as is."""


def _name(user) -> str:
    return str(user) if user is not None else "系统"


def rereview_due(after: datetime.date, months: int) -> datetime.date:
    """The next art. 18 re-review date. Yearly (the default) means by 31 March of the next year, the
    annual re-review the work plans ask for; any other interval counts months from ``after``."""
    if months % 12 == 0:
        return datetime.date(after.year + months // 12, 3, 31)
    month0 = after.month - 1 + months
    year, month = after.year + month0 // 12, month0 % 12 + 1
    return datetime.date(year, month, min(after.day, calendar.monthrange(year, month)[1]))
