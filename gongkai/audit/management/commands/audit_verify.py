from django.core.management.base import BaseCommand, CommandError

from gongkai.audit import anchors
from gongkai.audit.models import verify_chain


class Command(BaseCommand):
    help = "Walk the audit chain and check it against every signed checkpoint; name every problem found."

    def add_arguments(self, parser):
        parser.add_argument("--checkpoint", action="store_true", help="afterwards, append a new checkpoint")

    def handle(self, *args, checkpoint=False, **options):
        report = verify_chain()
        problems = [text for _event, text in report.problems] + anchors.verify_checkpoints()
        if problems:
            raise CommandError("审计链校验失败：\n  " + "\n  ".join(problems))
        points = len(anchors.checkpoints())
        self.stdout.write(f"审计链完整：共 {report.count} 个事件，链头哈希 {report.head}；与 {points} 个检查点一致")
        if checkpoint:
            point = anchors.write_checkpoint()
            if point:
                self.stdout.write(f"已写入检查点：第 {point.count} 个事件，{anchors.anchor_file()}")
