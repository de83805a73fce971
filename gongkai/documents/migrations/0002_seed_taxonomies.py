"""Seed 主题分类 (the State Council's 22 top-level classes and a few second levels) and the
需求侧标签 groups; both stay editable in the admin."""

from django.db import migrations

from gongkai.documents.law import SUBJECT_CLASSES, SUBJECT_SUBCLASSES, TAG_GROUPS


def seed(apps, schema_editor):
    SubjectCategory = apps.get_model("documents", "SubjectCategory")
    TagGroup = apps.get_model("documents", "TagGroup")
    Tag = apps.get_model("documents", "Tag")
    for order, name in enumerate(SUBJECT_CLASSES):
        top = SubjectCategory.objects.create(name=name, sort_order=order)
        for sub_order, sub in enumerate(SUBJECT_SUBCLASSES.get(name, [])):
            SubjectCategory.objects.create(name=sub, parent=top, sort_order=sub_order)
    for order, (code, (name, tags)) in enumerate(TAG_GROUPS.items()):
        group = TagGroup.objects.create(code=code, name=name, sort_order=order)
        Tag.objects.bulk_create(Tag(group=group, name=tag) for tag in tags)


def unseed(apps, schema_editor):
    apps.get_model("documents", "Tag").objects.all().delete()
    apps.get_model("documents", "TagGroup").objects.all().delete()
    apps.get_model("documents", "SubjectCategory").objects.filter(parent__isnull=False).delete()
    apps.get_model("documents", "SubjectCategory").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("documents", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
