"""Periodic sweeps of the programmes (run by `convene worker`)."""

from convene.programmes.services.reminders import reports_remind


def remind_reports() -> int:
    """Remind hosts and grantees of reports due (idempotent)."""
    return reports_remind()
