"""The adoption report (意见采纳情况) as the portal shows it and as a DOCX: the summary, then each comment
or group of identical comments with its count, the body's answer and the reason."""

from __future__ import annotations

from django.utils import timezone

from gongkai.decisions.models import Consultation
from gongkai.lib.docx import Para, write


def rows(consultation: Consultation) -> list[dict]:
    """One row per group of counted comments: where (article), what (masked), how many, outcome, reason."""
    return [
        {
            "where": g.article.label if g.article else "草案全文",
            "text": g.masked_text,
            "count": g.count,
            "outcome": g.get_outcome_display() if g.outcome else "",
            "reason": g.reason,
        }
        for g in consultation.groups_to_answer()
    ]


def docx(consultation: Consultation) -> bytes:
    published = consultation.report_published_at
    paras = [
        Para(f"《{consultation.title}》公开征求意见采纳情况", size=22, font="方正小标宋简体", align="center"),
        Para(
            f"{consultation.agency.name}于{consultation.starts_on:%Y年%-m月%-d日}至{consultation.ends_on:%Y年%-m月%-d日}"
            f"公开征求意见。{consultation.report_summary}",
            indent=True,
        ),
    ]
    for i, row in enumerate(rows(consultation), 1):
        head = (
            f"{i}. 关于{row['where']}（{row['count']}条相同意见）" if row["count"] > 1 else f"{i}. 关于{row['where']}"
        )
        paras += [
            Para(head, bold=True),
            Para(f"意见：{row['text']}", indent=True),
            Para(f"采纳情况：{row['outcome'] or '未填写'}。{row['reason']}", indent=True),
        ]
    if consultation.decided_on:
        paras.append(Para(f"决策：{consultation.decided_by}（{consultation.decided_on:%Y年%-m月%-d日}）", indent=True))
    if published:
        paras.append(Para(f"{timezone.localtime(published):%Y年%-m月%-d日}", align="right"))
    return write(paras, title=f"{consultation.title}意见采纳情况")
