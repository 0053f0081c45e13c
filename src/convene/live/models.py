"""The database broker's tables (db_broker.py): the event log and one row per channel.

`LiveEvent` numbers every published event with the table's increasing id (publishes are
serialised, so ids also grow in commit order); each server process tails it once.
`LiveChannel` keeps a channel's newest id (the cursor), how many of its events are kept,
and the newest id trimmed away (a viewer standing before it gets `reset: too-old`).
"""

from django.db import models


class LiveEvent(models.Model):
    id = models.BigAutoField(primary_key=True)
    channel = models.CharField(max_length=600)
    kind = models.CharField(max_length=64)
    data = models.TextField()  # the JSON sent as the event's `data:` line

    class Meta:
        db_table = "live_event"
        indexes = [models.Index(fields=["channel", "id"], name="live_event_channel_id")]

    def __str__(self) -> str:
        return f"{self.channel} #{self.id} {self.kind}"


class LiveChannel(models.Model):
    name = models.CharField(max_length=600, primary_key=True)
    newest = models.BigIntegerField(default=0)
    kept = models.IntegerField(default=0)
    dropped_upto = models.BigIntegerField(default=0)

    class Meta:
        db_table = "live_channel"

    def __str__(self) -> str:
        return self.name
