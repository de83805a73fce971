from django.core.management.base import BaseCommand

from gongkai.accounts.management.commands.load_demo import logins_path


class Command(BaseCommand):
    help = "Print the portal URL and the demo logins saved by load_demo."

    def add_arguments(self, parser):
        parser.add_argument("--url", default="http://127.0.0.1:8000/")

    def handle(self, *args, url, **options):
        self.stdout.write("")
        self.stdout.write(f"门户 Portal:      {url}")
        self.stdout.write(f"工作台 Workspace: {url}workspace/")
        self.stdout.write(f"系统管理 Admin:   {url}admin/")
        path = logins_path()
        if not path.exists():
            self.stdout.write("（没有演示账号记录：请先运行 manage.py load_demo）")
            return
        self.stdout.write("演示账号 Demo logins（用户名 / 密码 / 身份）：")
        for line in path.read_text(encoding="utf-8").splitlines():
            username, password, who = line.split("\t")
            self.stdout.write(f"  {username:<12} {password:<16} {who}")
        self.stdout.write("")
