"""Background work of notes, for the worker: publishing to the wiki, the announcements
sweep. The `publish` task lives in `publishing` (which `services` enqueues from); it is
named here too, so that a task queued as `convene.notes.tasks.publish` still runs."""

from convene.notes.publishing import publish
from convene.notes.services import announcements_sync

__all__ = ["publish", "sync_announcements"]


def sync_announcements() -> int:
    """Periodic (`convene worker`): post the call link to the wiki for every event whose
    link was released since its announcement was last written. Idempotent."""
    return announcements_sync()
