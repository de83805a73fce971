from django.core.management.base import BaseCommand

from gongkai.search import engine


class Command(BaseCommand):
    help = "Rebuild this machine's search index from Document.objects.public() alone."

    def handle(self, *args: object, **options: object) -> None:
        count = engine.rebuild()
        self.stdout.write(f"检索索引已重建：{count} 件公开信息，变更日志序号 {engine.applied_seq()}")
