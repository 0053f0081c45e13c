# Notices moved to the people app (every app tells people things, including apps below
# events). Rows are copied in batches, then the old table goes.

from django.db import migrations

BATCH = 2000


def copy_notices(apps, schema_editor):
    old_notice = apps.get_model("events", "Notice")
    new_notice = apps.get_model("people", "Notice")
    last = 0
    while True:
        rows = list(old_notice.objects.filter(pk__gt=last).order_by("pk")[:BATCH])
        if not rows:
            return
        new_notice.objects.bulk_create(
            new_notice(
                recipient_id=row.recipient_id,
                kind="events.notice",
                subject=row.subject,
                text=row.text,
                url=row.url,
                created_at=row.created_at,
                read_at=row.read_at,
                # Sent when they were written: never e-mail them again.
                emailed_at=row.created_at,
            )
            for row in rows
        )
        last = rows[-1].pk


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0001_events_series_registrations_notices_comments"),
        ("people", "0002_notices_move_to_people"),
    ]

    operations = [
        migrations.RunPython(copy_notices, migrations.RunPython.noop),
        migrations.DeleteModel(name="Notice"),
    ]
