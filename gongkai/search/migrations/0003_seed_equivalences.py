"""Seed the equivalences from search/data/equivalences.tsv (short form, full form, the public document
the full form is taken from)."""

from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data" / "equivalences.tsv"


def seed(apps, schema_editor):
    Equivalence = apps.get_model("search", "Equivalence")
    rows = []
    for line in DATA.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        short, full, source = (line.split("\t") + ["", ""])[:3]
        rows.append(Equivalence(short=short.strip(), full=full.strip(), source=source.strip(), updated_by="初始数据"))
    Equivalence.objects.bulk_create(rows, ignore_conflicts=True)


class Migration(migrations.Migration):
    dependencies = [("search", "0002_equivalences")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
