from django.core.management.base import BaseCommand, CommandError

from gongkai.audit.backup import BackupError, restore


class Command(BaseCommand):
    help = (
        "Restore a backup over this installation (stop the web server and the worker first): database, files, "
        "audit checkpoints; then rebuild the search index and check counts, file hashes and the audit chain."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", help="a folder written by manage.py backup")
        parser.add_argument("--yes", action="store_true", help="replace the current data without asking")

    def handle(self, *args, folder, yes=False, **options):
        if not yes:
            answer = input("恢复会替换当前的数据库、上传文件和审计检查点。继续请输入 yes：")
            if answer.strip() != "yes":
                raise CommandError("已取消，没有改动任何内容")
        try:
            problems = restore(folder)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        if problems:
            raise CommandError("恢复后的核对发现问题：\n  " + "\n  ".join(problems))
        self.stdout.write("已恢复；表的行数、文件哈希与备份清单一致，审计链与检查点一致，检索索引已重建")
