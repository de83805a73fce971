"""The search change log: one row per change that may alter what the public index holds.

Written in the same transaction as the change, so the log and the database never disagree. Every
machine's worker applies rows after the sequence number its replica has reached.
"""

from django.db import models


class ChangeLog(models.Model):
    seq = models.BigAutoField(primary_key=True)
    document_id = models.BigIntegerField()
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "检索变更日志"

    def __str__(self) -> str:
        return f"#{self.seq} document {self.document_id}"


def log_change(document: models.Model) -> None:
    """Call inside the transaction that publishes, withdraws, edits or re-validates a document."""
    ChangeLog.objects.create(document_id=document.pk)
