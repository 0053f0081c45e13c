"""Background work: publishing to the wiki, and the announcements sweep."""

from django_tasks import task

from convene.notes.services import announcements_sync, publication_run


@task()
def publish(publication_id: int) -> str:
    """Do one pending wiki publication; its result is stored on it. Returns the status."""
    return publication_run(publication_id=publication_id).status


def sync_announcements() -> int:
    """Periodic (`convene worker`): post the call link to the wiki for every event whose
    link was released since its announcement was last written. Idempotent."""
    return announcements_sync()
