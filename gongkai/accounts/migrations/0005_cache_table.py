"""The shared cache's table (settings.CACHES["default"]): rate limits and failure counters that every
process and machine must see alike."""

from django.core.management import call_command
from django.db import migrations


def create(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0004_letter_numbers")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
