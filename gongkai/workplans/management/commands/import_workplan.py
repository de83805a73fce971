"""manage.py import_workplan PATH --agency CODE --year YYYY [--dry-run] [--json]"""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from gongkai.accounts.models import Agency
from gongkai.workplans import parse, service
from gongkai.workplans.models import PlanError, WorkPlan


class Command(BaseCommand):
    help = "Import a work plan (text, .docx or .xlsx) for an agency; --dry-run --json prints the parsed plan."

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--agency", required=True, help="机关代码")
        parser.add_argument("--year", required=True, type=int)
        parser.add_argument("--title", default="")
        parser.add_argument("--dry-run", action="store_true", help="只解析，不保存")
        parser.add_argument("--json", action="store_true", help="以 JSON 输出解析结果")

    def handle(self, *args, **options):
        path = Path(options["path"])
        if not path.is_file():
            raise CommandError(f"PATH：找不到文件 {path}")
        agency = Agency.objects.filter(code=options["agency"]).first()
        if agency is None:
            raise CommandError(f"--agency：没有代码为 {options['agency']} 的机关")
        data = path.read_bytes()
        try:
            plan = parse.parse_upload(path.name, data, options["year"])
        except parse.PlanProblem as exc:
            raise CommandError(f"{path.name}：{exc}") from None
        parsed = plan.to_json()
        if options["json"]:
            self.stdout.write(json.dumps(parsed, ensure_ascii=False, indent=2))
        else:
            flagged = sum(1 for t in plan.tasks if t.problems)
            self.stdout.write(f"{plan.title or path.name}：{len(plan.tasks)} 项任务，{flagged} 项需要人工核对")
            for task in plan.tasks:
                if task.problems:
                    self.stdout.write(f"  {task.number}. {task.name[:30]}：{'；'.join(task.problems)}")
        if options["dry_run"]:
            return
        try:
            saved = WorkPlan.confirm_import(
                agency, options["year"], parsed, by="命令行导入", source_name=path.name, digest=service.sha256(data),
                title=options["title"],
            )  # fmt: skip
        except PlanError as exc:
            raise CommandError(str(exc)) from None
        self.stderr.write(f"已保存：{saved}，{saved.tasks.count()} 项任务")
