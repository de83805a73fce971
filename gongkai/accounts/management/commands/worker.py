"""The one background process: enqueue periodic jobs when due and run the task queue."""

import logging
import os
import signal
import socket
import time

from django.core.management.base import BaseCommand
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Worker

from gongkai.lib import periodic
from gongkai.lib.health import beat

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Run background tasks and periodic jobs until stopped (Ctrl-C)."

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=2.0, help="seconds between queue polls")
        parser.add_argument("--once", action="store_true", help="enqueue due jobs, drain the queue, exit")

    def handle(self, *args, interval, once, **options):
        self.running = True
        signal.signal(signal.SIGTERM, self._stop)
        signal.signal(signal.SIGINT, self._stop)
        worker_id = f"{socket.gethostname()}-{os.getpid()}"[:64]
        last_run: dict[str, float] = {}
        self.stdout.write(f"后台任务进程已启动（{len(periodic.JOBS)} 个周期任务）")
        while self.running:
            beat(timezone.now())
            now = time.monotonic()
            for job in periodic.due_jobs(last_run, now):
                try:
                    periodic.run(job)
                except Exception:  # one failing job must not stop the others or the queue
                    logger.exception("periodic job %s failed", job.name)
                last_run[job.name] = now
            Worker(
                queue_names=["*"],
                excluded_queue_names=[],
                interval=0,
                batch=True,
                backend_name="default",
                startup_delay=False,
                max_tasks=None,
                worker_id=worker_id,
            ).run()
            if once:
                break
            time.sleep(interval)

    def _stop(self, signum, frame):
        self.running = False
