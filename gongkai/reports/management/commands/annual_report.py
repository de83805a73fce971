"""manage.py annual_report --agency CODE --year YYYY [--aggregate] [--json]: compute, check, print; saves nothing."""

import json

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from gongkai.accounts.models import Agency
from gongkai.reports import law
from gongkai.reports.models import Scope
from gongkai.reports.service import data_for, full_check, report_for
from gongkai.reports.tables import labelled


class Command(BaseCommand):
    help = "Compute an annual report's tables and checks and print them (nothing is saved)."

    def add_arguments(self, parser):
        parser.add_argument("--agency", required=True, help="机关代码，如 PD-RSJ")
        parser.add_argument("--year", required=True, type=int)
        parser.add_argument("--aggregate", action="store_true", help="本级政府汇总报告（区、市）")
        parser.add_argument("--json", action="store_true", help="以 JSON 输出（键为官方表格的行列标签）")

    def handle(self, *args, **options):
        agency = Agency.objects.filter(code=options["agency"]).first()
        if agency is None:
            raise CommandError(f"--agency：没有代码为 {options['agency']} 的机关")
        with transaction.atomic():
            # The report row (and its drafted prose) is made only to compute; roll it all back.
            report = report_for(agency, options["year"], Scope.AGGREGATE if options["aggregate"] else Scope.AGENCY)
            data = data_for(report)
            result = full_check(report, data)
            transaction.set_rollback(True)
        output = {
            "机关": agency.name,
            "年度": options["year"],
            "格式": law.FORMAT,
            **labelled(data),
            "校验": {"错误": result.errors, "提示": result.warnings},
        }
        if options["json"]:
            self.stdout.write(json.dumps(output, ensure_ascii=False, indent=2))
            return
        for key, value in output.items():
            self.stdout.write(f"{key}：{json.dumps(value, ensure_ascii=False)}")
