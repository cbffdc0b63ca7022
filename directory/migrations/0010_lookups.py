"""Webhook endpoints get a uuid, so the API's global ids carry no row numbers."""

import uuid

from django.db import migrations, models


def give_each_endpoint_a_uuid(apps, schema_editor):
    endpoints = apps.get_model("directory", "WebhookEndpoint")
    for endpoint in endpoints.objects.filter(uuid__isnull=True):
        endpoint.uuid = uuid.uuid4()
        endpoint.save(update_fields=["uuid"])


class Migration(migrations.Migration):
    dependencies = [("directory", "0009_idempotency")]

    operations = [
        migrations.AddField(
            model_name="webhookendpoint",
            name="uuid",
            field=models.UUIDField(editable=False, null=True),
        ),
        migrations.RunPython(give_each_endpoint_a_uuid, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="webhookendpoint",
            name="uuid",
            field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True),
        ),
    ]
