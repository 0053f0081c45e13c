import os
import subprocess
import sys
from io import StringIO

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_demo_is_idempotent():
    from django.apps import apps

    def counts():
        return {
            model._meta.label: model.objects.count()
            for model in apps.get_models()
            if model._meta.app_label in {"people", "directory", "events", "qa", "notes"}
        }

    call_command("demo", stdout=StringIO())
    first = counts()
    call_command("demo", stdout=StringIO())

    assert counts() == first


def test_check_deploy_reports_nothing_with_production_settings(tmp_path):
    env = {
        **{
            k: v
            for k, v in os.environ.items()
            if k not in {"DEBUG", "INSECURE_HTTP", "DJANGO_ALLOW_ASYNC_UNSAFE"}
        },
        "SECRET_KEY": "x" * 20 + "a-long-random-production-secret-key-0123456789",
        "ALLOWED_HOSTS": "convene.example.org",
        "CONVENE_VAR_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "convene.settings",
    }
    result = subprocess.run(
        [sys.executable, "-m", "convene", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_convene_command_is_installed_and_wraps_django():
    result = subprocess.run(
        [os.path.join(os.path.dirname(sys.executable), "convene"), "help", "serve"],
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode == 0, result.stderr
    assert "--port" in result.stdout
