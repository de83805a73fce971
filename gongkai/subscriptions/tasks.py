"""The worker's jobs for 精准推送: match newly public policies, send what is due, relay to partners,
send the daily digests, tally opens and clicks."""

from __future__ import annotations

from django_tasks import task as background_task

from gongkai.subscriptions import matching, sending


@background_task()
def match_policies() -> dict:
    return {"recipients": matching.match_pending()}


@background_task()
def send_pushes() -> dict:
    return {"sent": sending.send_due(), "relayed": sending.relay_due(), "tallied": sending.tally()}


@background_task()
def send_digests() -> dict:
    return {"people": sending.send_digests()}
