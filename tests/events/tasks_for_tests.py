"""A task for the worker test (django-tasks needs it importable by name)."""

from django_tasks import task


@task()
def noted(text: str) -> str:
    return text.upper()
