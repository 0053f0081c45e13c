"""Periodic sweeps, run by `convene worker` (see CONVENE_PERIODIC_TASKS in settings)."""

from convene.events.services import links_release_due, reminders_send_due


def release_due_links() -> int:
    """Release every call link whose time has come (exactly once each)."""
    return links_release_due()


def send_due_reminders() -> int:
    """Send every reminder that is due (once per person and offset)."""
    return reminders_send_due()
