"""重大行政决策: the yearly catalogue (catalogue.py), the full process of each decision (process.py),
public comment on drafts and the adoption report (consultation.py), public representatives at decision
meetings (attendance.py)."""

from gongkai.decisions.models.attendance import Meeting, MeetingStatusChange, Representative
from gongkai.decisions.models.catalogue import (
    Catalogue,
    CatalogueStatusChange,
    Entry,
    EntryChange,
)
from gongkai.decisions.models.consultation import (
    AdoptionReminder,
    Article,
    CatalogueReminder,
    Comment,
    CommentGroup,
    Consultation,
    ConsultationStatusChange,
    Hearing,
)
from gongkai.decisions.models.process import PROCEDURES, STAGE_BY_CODE, STAGES, DecisionError, Step

__all__ = [
    "PROCEDURES", "STAGES", "STAGE_BY_CODE", "AdoptionReminder", "Article", "Catalogue", "CatalogueReminder",
    "CatalogueStatusChange",
    "Comment", "CommentGroup", "Consultation", "ConsultationStatusChange", "DecisionError", "Entry", "EntryChange",
    "Hearing", "Meeting", "MeetingStatusChange", "Representative", "Step",
]  # fmt: skip
