# Multi-parent topics, a programme start known to the year only, and coverage a steward can exclude.

from django.db import migrations, models


def copy_parent_to_broader(apps, schema_editor):
    """Each topic's one broader topic becomes the first of its broader topics."""
    Topic = apps.get_model("directory", "Topic")
    Topic.broader.through.objects.bulk_create(
        Topic.broader.through(from_topic_id=pk, to_topic_id=parent)
        for pk, parent in Topic.objects.exclude(parent=None).values_list("pk", "parent_id")
    )


def copy_broader_to_parent(apps, schema_editor):
    """Going back keeps one broader topic per topic, the first by name."""
    Topic = apps.get_model("directory", "Topic")
    for topic in Topic.objects.all():
        first = topic.broader.order_by("name_en").first()
        if first is not None:
            Topic.objects.filter(pk=topic.pk).update(parent=first)


class Migration(migrations.Migration):

    dependencies = [
        ('directory', '0002_access_and_audit'),
    ]

    operations = [
        migrations.AddField(
            model_name='coverage',
            name='excluded',
            field=models.BooleanField(default=False, help_text='The partner does not cover this country on this topic (nor its sub-topics), whatever its training at workshops implies.'),
        ),
        migrations.AddField(
            model_name='programme',
            name='started_in',
            field=models.PositiveSmallIntegerField(blank=True, help_text='The year it started, when the day is not known.', null=True, verbose_name='year started'),
        ),
        migrations.AddField(
            model_name='topic',
            name='broader',
            field=models.ManyToManyField(blank=True, related_name='narrower', to='directory.topic', verbose_name='broader topics'),
        ),
        migrations.AlterField(
            model_name='programme',
            name='started_on',
            field=models.DateField(blank=True, help_text='The day it started, when the sources give it.', null=True),
        ),
        migrations.RunPython(copy_parent_to_broader, copy_broader_to_parent),
        migrations.RemoveField(
            model_name='topic',
            name='parent',
        ),
    ]
