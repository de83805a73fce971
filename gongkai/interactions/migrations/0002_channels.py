"""The three channels Shanghai's work plans name, with the platform's default time limits (本平台设定: no
statute fixes them; an administrator edits them as data)."""

from django.db import migrations

CHANNELS = [
    # code, name, working days, handled by, publish replies, description, order
    ("policy", "政策留言板", 10, "drafting", True, "对政策文件和解读留言，由政策起草处室答复", 1),
    ("consult", "在线咨询", 5, "office", True, "咨询政策和办事，公开办受理后分办", 2),
    ("mailbox", "领导信箱", 15, "office", True, "意见建议，公开办受理后分办", 3),
]


def seed(apps, schema_editor):
    Channel = apps.get_model("interactions", "Channel")
    for code, name, days, handled_by, publish, description, order in CHANNELS:
        Channel.objects.get_or_create(code=code, defaults={
            "name": name, "limit_workdays": days, "handled_by": handled_by, "publish_replies": publish,
            "description": description, "sort_order": order,
        })  # fmt: skip


class Migration(migrations.Migration):
    dependencies = [("interactions", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
