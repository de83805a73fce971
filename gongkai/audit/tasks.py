import logging

from django_tasks import task

from gongkai.audit import anchors
from gongkai.audit.models import verify_chain

logger = logging.getLogger(__name__)


@task()
def verify_audit_chain() -> dict:
    report = verify_chain()
    if report.ok:
        logger.info("audit chain intact: %s events", report.count)
    else:
        logger.error("audit chain broken: %s", report.problem)
    return {"ok": report.ok, "count": report.count, "problem": report.problem}


@task()
def write_audit_checkpoint() -> dict:
    point = anchors.write_checkpoint()
    return {"count": point.count if point else 0}
