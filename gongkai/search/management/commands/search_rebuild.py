from django.core.management.base import BaseCommand, CommandParser

from gongkai.search import bulk, engine


class Command(BaseCommand):
    help = (
        "Rebuild this machine's search index from Document.objects.public() alone: batches, segmentation in a "
        "second process, a progress line with an ETA; run again after an interruption to carry on."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--plain", action="store_true", help="the simple one-process rebuild (engine.rebuild)")

    def handle(self, *args: object, plain: bool = False, **options: object) -> None:
        count = engine.rebuild() if plain else bulk.rebuild(progress=bulk.terminal)
        self.stderr.write("")
        self.stdout.write(f"检索索引已重建：{count} 件公开信息，变更日志序号 {engine.applied_seq()}")
