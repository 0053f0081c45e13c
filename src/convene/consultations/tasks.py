"""Background work: carrying feedback to a newly published version."""

from django_tasks import task

from convene.consultations.services.anchoring import version_reanchor


@task()
def reanchor(version_id: int) -> str:
    """Place every feedback item of the chapter in version `version_id` (idempotent);
    progress is recorded on the version. Returns the final state."""
    return version_reanchor(version_id=version_id).reanchor_state
