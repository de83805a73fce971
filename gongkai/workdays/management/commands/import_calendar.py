from argparse import ArgumentParser
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from gongkai.workdays import importer
from gongkai.workdays.models import CalendarYear


class Command(BaseCommand):
    help = "Enter a year's holiday notice from a YAML or CSV file (format: docs/calendar.md)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("path")
        parser.add_argument("--dry-run", action="store_true", help="show the preview, save nothing")

    def handle(self, *args: object, path: str, dry_run: bool, **options: object) -> None:
        file = Path(path)
        fmt = importer.FORMATS.get(file.suffix.lower())
        if fmt is None:
            raise CommandError(f"文件类型：只接受 {'、'.join(sorted(importer.FORMATS))} 文件")
        try:
            notice = importer.parse_notice(file.read_text(encoding="utf-8"), fmt)
        except importer.NoticeError as exc:
            raise CommandError("文件未通过检查，没有保存任何内容：\n  " + "\n  ".join(exc.errors)) from exc
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"无法读取 {path}：{exc}") from exc
        preview = importer.preview(notice)
        self.stdout.write(
            f"{notice.year}年：放假 {len(notice.holidays)} 天，调休上班 {len(notice.workdays)} 天；依据 {notice.source}"
        )
        for label, rows in (("新增", preview.added), ("修改", preview.changed), ("删除", preview.removed)):
            for day, kind, name in rows:
                self.stdout.write(f"  {label} {day.isoformat()} {name}{'调休上班' if kind == 'workday' else '放假'}")
        for warning in preview.warnings:
            self.stdout.write(f"  提醒：{warning}")
        if dry_run:
            self.stdout.write("（试运行，未保存）")
            return
        CalendarYear.enter_notice(
            year=notice.year, days=notice.days, source=notice.source, published_on=notice.published_on, by="命令行导入"
        )
        self.stdout.write(f"已录入{notice.year}年放假安排。")
