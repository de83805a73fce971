"""Every letter template exists from the start (seeded from letters.DEFAULTS), so that opening the
templates page writes nothing; a template added to DEFAULTS later is created by a migration like
this one, never by a page view."""

from django.db import migrations


def seed(apps, schema_editor):
    from gongkai.inforequests.letters import DEFAULTS

    LetterTemplate = apps.get_model("inforequests", "LetterTemplate")
    for (kind, outcome), (title, body, articles) in DEFAULTS.items():
        LetterTemplate.objects.get_or_create(
            kind=kind, outcome=outcome, defaults={"title": title, "body": body, "articles": articles}
        )


class Migration(migrations.Migration):
    dependencies = [("inforequests", "0004_reply_types_and_templates")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
