from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from convene.core.periodic import Scheduler, configured

CALLS: list[str] = []


def sweep() -> None:
    CALLS.append("ran")


def test_configured_reads_settings(settings):
    settings.CONVENE_PERIODIC_TASKS = [("tests.events.test_worker.sweep", 5)]

    assert [(p.path, p.every) for p in configured()] == [("tests.events.test_worker.sweep", 5.0)]


def test_configured_refuses_bad_entry(settings):
    settings.CONVENE_PERIODIC_TASKS = [("x", 0)]

    with pytest.raises(ValueError, match="every > 0"):
        configured()


def test_scheduler_runs_when_due_only(settings):
    settings.CONVENE_PERIODIC_TASKS = [("tests.events.test_worker.sweep", 60)]
    ticks = iter([0.0, 30.0, 61.0])
    scheduler = Scheduler(configured(), clock=lambda: next(ticks))
    CALLS.clear()

    runs = [scheduler.run_due(), scheduler.run_due(), scheduler.run_due()]

    assert [len(r) for r in runs] == [1, 0, 1]
    assert CALLS == ["ran", "ran"]


@pytest.mark.django_db
def test_worker_once_runs_sweeps_and_exits(settings):
    settings.CONVENE_PERIODIC_TASKS = [("tests.events.test_worker.sweep", 60)]
    CALLS.clear()
    out = StringIO()

    call_command("worker", "--once", stdout=out)

    assert (CALLS, out.getvalue()) == (["ran"], "ran tests.events.test_worker.sweep\n")


def test_worker_bad_setting_is_one_readable_line(settings):
    settings.CONVENE_PERIODIC_TASKS = [("x",)]

    with pytest.raises(CommandError, match="bad entry"):
        call_command("worker", "--once")


@pytest.mark.django_db(transaction=True)  # the worker closes old connections
def test_worker_once_drains_database_queue(settings):

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.CONVENE_PERIODIC_TASKS = []
    try:
        from django_tasks_db.models import DBTaskResult

        from tests.events.tasks_for_tests import noted

        noted.enqueue("hello")
        call_command("worker", "--once", stdout=StringIO())

        assert list(DBTaskResult.objects.values_list("status", flat=True)) == ["SUCCESSFUL"]
    finally:
        settings.TASKS = {
            "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}
        }
