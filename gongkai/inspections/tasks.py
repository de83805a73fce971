"""The worker's inspection jobs: a weekly run of every site, and the runs requested from the workspace."""

from __future__ import annotations

from django_tasks import task as background_task

from gongkai.inspections.models import InspectionError, Run, Site


@background_task()
def perform(run_id: int) -> dict:
    run = Run.objects.select_related("site").filter(pk=run_id, state=Run.State.QUEUED).first()
    if run is None:
        return {"done": False}
    run.perform()
    return {"done": True, "score": run.score, "vetoed": run.vetoed}


@background_task()
def inspect_all() -> dict:
    done = 0
    for site in Site.objects.all():
        try:
            run = Run.request(site, by="系统（定期检查）", trigger="scheduled")
        except InspectionError:
            continue
        run.perform()
        done += 1
    return {"sites": done}
