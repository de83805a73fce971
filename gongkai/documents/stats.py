"""Indicators the work plans ask for, computed from the library."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import F

from gongkai.documents.law import Attribute, InterpretationForm
from gongkai.documents.models import Document, Status


@dataclass(frozen=True)
class InterpretationStats:
    policies: int  # policies published in the year that needed an interpretation
    synchronised: int  # …published together with an interpretation (三同步)
    exempted: int  # …published alone with a recorded exemption reason
    interpretations: int  # interpretations published in the year
    non_text: int  # …in a form other than 文字

    @property
    def sync_rate(self) -> float | None:
        counted = self.policies - self.exempted
        return self.synchronised / counted if counted else None

    @property
    def non_text_share(self) -> float | None:
        return self.non_text / self.interpretations if self.interpretations else None

    @staticmethod
    def percent(value: float | None) -> str:
        return "—" if value is None else f"{value:.0%}"

    @property
    def sync_rate_text(self) -> str:
        return self.percent(self.sync_rate)

    @property
    def non_text_share_text(self) -> str:
        return self.percent(self.non_text_share)


def interpretation_stats(agency, year: int) -> InterpretationStats:
    published = Document.objects.filter(agency=agency, status=Status.PUBLISHED, published_at__year=year)
    policies = published.policies().filter(needs_interpretation=True)
    synchronised = policies.filter(interpretations__published_at=F("published_at")).distinct().count()
    interpretations = published.interpretations()
    return InterpretationStats(
        policies=policies.count(),
        synchronised=synchronised,
        exempted=policies.exclude(interpretation_exemption="")
        .exclude(interpretations__published_at=F("published_at"))
        .count(),
        interpretations=interpretations.count(),
        non_text=interpretations.exclude(interpretation_form=InterpretationForm.TEXT).count(),
    )


def late_items(queryset):
    """主动公开 items published more than 20 working days after they were formed or changed (art. 26)."""
    candidates = queryset.filter(status=Status.PUBLISHED, attribute=Attribute.PROACTIVE, published_at__isnull=False)
    return [doc for doc in candidates.exclude(written_on__isnull=True, changed_on__isnull=True) if doc.is_late()]
