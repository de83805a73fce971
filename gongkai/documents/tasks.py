"""The worker's side of batch imports (ImportJob): each task takes the job's id, so a retry finds it."""

import logging

from django_tasks import task

from gongkai.documents.models import ImportJob

logger = logging.getLogger(__name__)


def _run(job_id: int, step: str) -> dict:
    job = ImportJob.objects.select_related("created_by", "agency").filter(pk=job_id).first()
    if job is None or not job.running:
        return {"skipped": True}
    try:
        getattr(job, step)()
    except Exception as exc:  # a job that fails says so on its page, and the worker goes on
        logger.exception("import job %s failed in %s", job_id, step)
        job.error = f"导入出错（{type(exc).__name__}），请重新上传；问题已记入日志"
        job._move(ImportJob.State.FAILED, by=None, reason=job.error, fields=["error"])
        raise
    return {"state": job.state, "done": job.done, "total": job.total}


@task()
def read_import(job_id: int) -> dict:
    return _run(job_id, "read")


@task()
def save_import(job_id: int) -> dict:
    return _run(job_id, "save_chosen")
