from django.core.management.base import BaseCommand, CommandError

from gongkai.audit.models import verify_chain


class Command(BaseCommand):
    help = "Walk the audit chain; exit non-zero naming the first altered, inserted or removed event."

    def handle(self, *args, **options):
        report = verify_chain()
        if not report.ok:
            raise CommandError(f"审计链校验失败：{report.problem}")
        self.stdout.write(f"审计链完整：共 {report.count} 个事件，链头哈希 {report.head}")
