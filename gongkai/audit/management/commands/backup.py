from django.core.management.base import BaseCommand, CommandError

from gongkai.audit.backup import BackupError, backup


class Command(BaseCommand):
    help = "Back up the database, the uploaded files and the audit checkpoints into an empty folder."

    def add_arguments(self, parser):
        parser.add_argument("folder", help="a new or empty folder")

    def handle(self, *args, folder, **options):
        try:
            manifest = backup(folder)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        rows = sum(manifest["tables"].values())
        self.stdout.write(
            f"已备份到 {folder}：{len(manifest['tables'])} 张表 {rows} 行，{len(manifest['media'])} 个文件，"
            f"审计链 {manifest['audit']['events']} 个事件（链头 {manifest['audit']['head'][:16]}…）"
        )
