"""The stages of one major decision, from its catalogue entry to its evaluation (集成公开, spec §3.2
"Full-process items"), and the record of each step an entry went through (its status history)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils import timezone

from gongkai.lib.errors import Refused

# The five statutory procedures of a major decision, as the catalogue marks which apply to an entry
# (《重大行政决策程序暂行条例》国务院令第713号; 《上海市重大行政决策程序规定》沪府令35号; spec §3.2).
PROCEDURES = {
    "participation": "公众参与",
    "experts": "专家论证",
    "risk": "风险评估",
    "legality": "合法性审查",
    "collective": "集体讨论决定",
}


@dataclass(frozen=True)
class Stage:
    code: str
    label: str
    procedure: str | None  # the catalogue's procedure without which the stage does not apply
    what: str  # what the stage publishes (spec §3.2, the platform's checklist)


# The full process of one decision (spec §3.2, "Full-process items of one major decision": the
# platform's checklist built on arts. 15–16, 25–26, 29, 32 of the national 条例).
STAGES = [
    Stage("catalogue", "目录", None, "决策事项、承办单位、计划完成时间"),
    Stage("start", "启动", None, "启动决策、确定承办单位"),
    Stage("participation", "公众参与", "participation", "决策草案及说明、征求意见的方式和期限、听证会或座谈会"),
    Stage("adoption", "意见采纳", "participation", "意见收集和采纳情况"),
    Stage("experts", "专家论证", "experts", "论证专家或机构及其意见"),
    Stage("risk", "风险评估", "risk", "风险评估报告"),
    Stage("legality", "合法性审查", "legality", "合法性审查意见（审查时间不少于7个工作日）"),
    Stage("collective", "集体讨论决定", "collective", "常务会议或全体会议及其日期"),
    Stage("published", "决策公布", None, "决策文件及其解读"),
    Stage("evaluation", "执行与后评估", None, "执行情况、后评估报告"),
]
STAGE_BY_CODE = {s.code: s for s in STAGES}
STAGE_CHOICES = [(s.code, s.label) for s in STAGES]


class DecisionError(Refused):
    """A step on a catalogue, an entry, a consultation or a meeting the rules refuse; the message names
    the field and the rule."""


class Step(models.Model):
    """One stage an entry went through, with its date, a note and its documents from the library;
    recorded by ``Entry.record_step`` (and by consultations when they open, are decided and reported)."""

    entry = models.ForeignKey("decisions.Entry", on_delete=models.CASCADE, related_name="steps")
    stage = models.CharField("阶段", max_length=16, choices=STAGE_CHOICES)
    on = models.DateField("日期")
    note = models.TextField("说明", blank=True)
    documents = models.ManyToManyField("documents.Document", verbose_name="文件", blank=True, related_name="+")
    actor_name = models.CharField(max_length=150, blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = verbose_name_plural = "决策过程记录"
        ordering = ["entry", "on", "id"]

    def __str__(self):
        return f"{self.entry_id} {self.get_stage_display()} {self.on}"
