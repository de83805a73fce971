"""The full process of one decision as its page shows it (集成公开): every stage of ``STAGES`` in order,
what was recorded at it (dates, notes, library documents; at 决策公布 also the documents' interpretations),
or that it does not apply to this decision, or that it has not happened yet."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.utils import timezone

from gongkai.decisions.models import STAGES, Entry
from gongkai.decisions.models.process import Stage
from gongkai.documents.models import Document


@dataclass
class StepView:
    on: datetime.date
    note: str
    documents: list = field(default_factory=list)
    interpretations: list = field(default_factory=list)


@dataclass
class StageView:
    stage: Stage
    applies: bool
    steps: list[StepView]

    @property
    def state(self) -> str:
        return "na" if not self.applies else "done" if self.steps else "todo"

    @property
    def state_label(self) -> str:
        return {"na": "不适用", "done": "已完成", "todo": "尚未进行"}[self.state]


def timeline(entry: Entry, *, public: bool) -> list[StageView]:
    """``public``: only documents public now (the portal); otherwise all the staff may see."""
    steps = list(entry.steps.prefetch_related("documents"))
    doc_ids = {d.pk for s in steps for d in s.documents.all()}
    visible = Document.objects.public() if public else Document.objects.all()
    shown = {d.pk: d for d in visible.filter(pk__in=doc_ids)}
    interpretations: dict[int, list] = {}
    published = [d.pk for s in steps if s.stage == "published" for d in s.documents.all() if d.pk in shown]
    if published:
        rows = visible.filter(interprets__in=published).values_list("interprets", "pk")
        extra = {d.pk: d for d in visible.filter(pk__in=[pk for _, pk in rows])}
        for policy, pk in rows:
            interpretations.setdefault(policy, []).append(extra[pk])
    catalogue = entry.catalogue
    views = []
    for stage in STAGES:
        if stage.code == "catalogue":
            made = catalogue.published_at
            label = (
                "目录外决策事项：" + entry.outside_reason
                if entry.outside
                else f"列入{catalogue.title}第{entry.number}项"
            )
            found = [StepView(timezone.localtime(made).date(), label)] if made else []
        else:
            found = []
            for s in steps:
                if s.stage != stage.code:
                    continue
                docs = [shown[d.pk] for d in s.documents.all() if d.pk in shown]
                found.append(StepView(s.on, s.note, docs, [i for d in docs for i in interpretations.get(d.pk, [])]))
        views.append(StageView(stage, entry.applies(stage), found))
    return views
