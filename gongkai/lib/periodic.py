"""Periodic jobs run by ``manage.py worker``.

An app registers a task (a django-tasks ``Task``) with an interval; the worker enqueues it when the
interval has passed and runs the queue. Jobs take no objects, are idempotent and safe to retry.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class PeriodicJob:
    name: str
    every_seconds: int
    task: Any  # a django_tasks Task, or a plain callable when ``inline``
    inline: bool = False  # run in the worker itself: for frequent, quick jobs that need no queue row


JOBS: dict[str, PeriodicJob] = {}


def register(name: str, every_seconds: int, task: Callable[[], object] | Any, *, inline: bool = False) -> None:
    JOBS[name] = PeriodicJob(name, every_seconds, task, inline)


def run(job: PeriodicJob) -> None:
    if job.inline:
        job.task()
    else:
        job.task.enqueue()


def due_jobs(last_run: dict[str, float], now: float) -> list[PeriodicJob]:
    return [job for job in JOBS.values() if now - last_run.get(job.name, float("-inf")) >= job.every_seconds]
