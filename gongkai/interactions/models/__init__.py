"""政民互动: messages on each channel (message.py), the policy knowledge base (knowledge.py), responses to
public concerns and emergencies (incident.py)."""

from gongkai.interactions.models.incident import Incident, IncidentAlert, IncidentResponse, IncidentStatusChange
from gongkai.interactions.models.knowledge import Answer
from gongkai.interactions.models.message import (
    Channel,
    InteractionError,
    Message,
    MessageCounter,
    MessageReminder,
    MessageStatusChange,
)

__all__ = [
    "Answer", "Channel", "Incident", "IncidentAlert", "IncidentResponse", "IncidentStatusChange", "InteractionError",
    "Message", "MessageCounter", "MessageReminder", "MessageStatusChange",
]  # fmt: skip
