"""The starting wording list (outdated names of bodies reorganised in 2018); the district office edits it."""

from django.db import migrations

from gongkai.inspections.indicators import WORDING


def seed(apps, schema_editor):
    Wording = apps.get_model("inspections", "Wording")
    for wrong, right in WORDING:
        Wording.objects.get_or_create(wrong=wrong, defaults={"right": right})


class Migration(migrations.Migration):
    dependencies = [("inspections", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
