from django.core.management.base import BaseCommand, CommandError

from gongkai.accounts.models import Agency
from gongkai.api.auth import issue_token


class Command(BaseCommand):
    help = "Issue an API token for an agency's OA system (shown once; only its hash is stored)."

    def add_arguments(self, parser):
        parser.add_argument("agency_code")
        parser.add_argument("name", help="what the token is for, e.g. 'OA 公文备案'")

    def handle(self, *args, agency_code, name, **options):
        agency = Agency.objects.filter(code=agency_code).first()
        if agency is None:
            raise CommandError(f"没有机关代码为 {agency_code} 的机关")
        token = issue_token(agency, name)
        self.stdout.write(f"{agency.name} 的接口令牌（只显示这一次，请妥善保存）：\n{token}")
