"""Existing cases get their reply type (the outcome they were replied with); letter templates that
were never edited (their body is still a pre-0004 default, recognised by its hash) are refreshed to the
current defaults, so the corrected citations and remedy notices reach existing installations. A
template the office edited is left as it is."""

import hashlib

from django.db import migrations
from django.db.models import F

# sha256[:16] of each template body as seeded before this migration, by "kind|outcome".
OLD_DEFAULTS = {
    "consultation|": "64d1783e784f2559",
    "correction|": "b0e6689841030c18",
    "extension|": "1089e7ed29eaa3fa",
    "fee|": "5d5a6f9fc6b239d9",
    "reply|granted": "6498960315a58f3e",
    "reply|other": "624354afae093968",
    "reply|other_uncorrected": "83dbd8d05b3eb9ae",
    "reply|other_unpaid": "d225078913a9ab7b",
    "reply|partial": "97d0a7bc507824e5",
    "reply|refused_confirmation": "6e3819d0e26724db",
    "reply|refused_excessive": "47c03099c8b8deae",
    "reply|refused_petition": "dd74fc449e0b6e02",
    "reply|refused_publication": "c6fa9c17e96ff664",
    "reply|refused_repeat": "eb23e902621adcca",
    "reply|unavailable_needs_creation": "8c72fc79be5cdabd",
    "reply|unavailable_not_held": "73dd2d012614c940",
    "reply|unavailable_unclear": "42396acce6bdcc1a",
    "reply|withheld_enforcement": "8c0cf1eefb2b0e1a",
    "reply|withheld_internal": "89d5a6d10d73bcef",
    "reply|withheld_law": "096e1f0555b5abba",
    "reply|withheld_process": "1d7ceda8674bcd28",
    "reply|withheld_query": "4b7d9790816f1c76",
    "reply|withheld_secret": "f1a1de0450341869",
    "reply|withheld_security": "72eec32bf906b7c3",
    "reply|withheld_third_party": "7eb790528a5c63fa",
}


def forwards(apps, schema_editor):
    from gongkai.inforequests.letters import DEFAULTS

    InfoRequest = apps.get_model("inforequests", "InfoRequest")
    InfoRequest.objects.filter(reply_type="").exclude(outcome="").update(reply_type=F("outcome"))
    LetterTemplate = apps.get_model("inforequests", "LetterTemplate")
    for template in LetterTemplate.objects.all():
        key = f"{template.kind}|{template.outcome}"
        digest = hashlib.sha256(template.body.encode()).hexdigest()[:16]
        if OLD_DEFAULTS.get(key) == digest and (template.kind, template.outcome) in DEFAULTS:
            title, body, articles = DEFAULTS[(template.kind, template.outcome)]
            template.title, template.body, template.articles = title, body, articles
            template.save(update_fields=["title", "body", "articles"])


class Migration(migrations.Migration):
    dependencies = [("inforequests", "0003_statutory_corrections")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
