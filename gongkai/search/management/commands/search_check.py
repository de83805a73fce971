from django.core.management.base import BaseCommand, CommandError

from gongkai.search import engine


class Command(BaseCommand):
    help = "Compare the search index with the database; exit non-zero on any difference."

    def handle(self, *args: object, **options: object) -> None:
        report = engine.check()
        if report["missing"] or report["extra"] or report["duplicates"]:
            raise CommandError(
                f"检索索引与数据库不一致：缺少 {len(report['missing'])} 件 {report['missing'][:20]}，"
                f"多出 {len(report['extra'])} 件 {report['extra'][:20]}，重复 {report['duplicates']} 件。"
                "可运行 manage.py search_rebuild 重建。"
            )
        self.stdout.write(f"检索索引与数据库一致：{report['indexed']} 件")
