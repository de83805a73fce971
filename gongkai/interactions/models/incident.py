"""Public concerns and emergencies (突发事件、舆情关切): a record with a first-response clock in hours (a
work-plan requirement: the plans ask for a first response to emergencies within 5 hours — not law; the
hours are settings in periods.py), the responses published on the portal, alerts to the office."""

from __future__ import annotations

import datetime

from django.db import models, transaction
from django.utils import timezone

from gongkai import audit
from gongkai.accounts.models import Agency
from gongkai.accounts.permissions import ScopedQuerySet
from gongkai.audit.models import StatusRow, actor_name
from gongkai.interactions.models.message import InteractionError
from gongkai.workdays import periods


class IncidentQuerySet(ScopedQuerySet["Incident"]):
    def public(self):
        """Incidents with at least one published response."""
        return self.filter(responses__published=True).distinct()


class Incident(models.Model):
    class Kind(models.TextChoices):
        EMERGENCY = "emergency", "突发事件"
        CONCERN = "concern", "社会关切"

    class State(models.TextChoices):
        OPEN = "open", "待首次回应"
        RESPONDED = "responded", "已回应"
        CLOSED = "closed", "已结束"

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="incidents")
    title = models.CharField("事件", max_length=200)
    kind = models.CharField("类别", max_length=10, choices=Kind.choices)
    known_at = models.DateTimeField("获知时间")
    respond_by = models.DateTimeField("首次回应时限")
    first_response_at = models.DateTimeField("首次回应时间", null=True, blank=True)
    state = models.CharField("状态", max_length=10, choices=State.choices, default=State.OPEN)

    objects = IncidentQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "突发事件和社会关切回应"
        ordering = ["-known_at", "-id"]

    def __str__(self):
        return self.title

    @property
    def on_time(self) -> bool | None:
        if self.first_response_at is None:
            return None if timezone.now() <= self.respond_by else False
        return self.first_response_at <= self.respond_by

    def hours_left(self, now: datetime.datetime | None = None) -> float:
        return round(((self.respond_by - (now or timezone.now())).total_seconds()) / 3600, 1)

    @classmethod
    def record(cls, agency, *, by, title: str, kind: str, known_at: datetime.datetime) -> Incident:
        """A concern or emergency the body learned of at ``known_at``: the clock for the first response
        starts then; the office is alerted at once (duties.py)."""
        if kind not in cls.Kind.values:
            raise InteractionError("类别：请选择突发事件或社会关切")
        if not title.strip():
            raise InteractionError("事件：必须填写")
        if known_at > timezone.now():
            raise InteractionError("获知时间：不能晚于现在")
        hours = periods.FIRST_RESPONSE_HOURS[kind]
        with transaction.atomic():
            incident = cls.objects.create(agency=agency, title=title.strip()[:200], kind=kind, known_at=known_at,
                                          respond_by=known_at + datetime.timedelta(hours=hours))  # fmt: skip
            IncidentStatusChange.objects.create(
                incident=incident, old="", new=cls.State.OPEN, actor_name=actor_name(by)
            )
            audit.record(by, "interaction.incident_recorded", incident, {"kind": kind, "hours": hours})
        return incident

    def respond(self, *, by, text: str, publish: bool = True) -> IncidentResponse:
        if self.state == self.State.CLOSED:
            raise InteractionError("回应：事件已结束")
        if not text.strip():
            raise InteractionError("回应内容：必须填写")
        with transaction.atomic():
            response = IncidentResponse.objects.create(incident=self, text=text.strip(), published=publish,
                                                       actor_name=actor_name(by))  # fmt: skip
            if self.first_response_at is None:
                self.first_response_at = response.at
                old, self.state = self.state, self.State.RESPONDED
                self.save(update_fields=["first_response_at", "state"])
                late = "" if self.first_response_at <= self.respond_by else "（超过首次回应时限）"
                IncidentStatusChange.objects.create(incident=self, old=old, new=self.state, actor_name=actor_name(by),
                                                    reason=f"首次回应{late}")  # fmt: skip
            audit.record(by, "interaction.incident_responded", self, {"published": publish})
        return response

    def close(self, *, by) -> None:
        if self.state != self.State.RESPONDED:
            raise InteractionError("结束：须先作出回应")
        with transaction.atomic():
            self.state = self.State.CLOSED
            self.save(update_fields=["state"])
            IncidentStatusChange.objects.create(incident=self, old=self.State.RESPONDED, new=self.State.CLOSED,
                                                actor_name=actor_name(by))  # fmt: skip
            audit.record(by, "interaction.incident_closed", self, {})


class IncidentStatusChange(StatusRow):
    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="status_changes")
    LABELS = dict(Incident.State.choices)

    class Meta:
        ordering = ["incident", "at", "id"]


class IncidentResponse(models.Model):
    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="responses")
    text = models.TextField("回应内容")
    published = models.BooleanField("在门户公布", default=True)
    actor_name = models.CharField(max_length=150, blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["incident", "at", "id"]

    def __str__(self):
        return self.text[:40]


class IncidentAlert(models.Model):
    """Marks an alert as sent: on record (-1 = opened), one hour before the limit (1), when late (0)."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="+")
    mark = models.SmallIntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["incident", "mark"], name="incident_alert_once")]

    def __str__(self):
        return f"{self.incident_id} {self.mark}"
