import os
import subprocess
import sys

import pytest
from django.core.cache import cache

from convene.core import generations
from convene.core.generations import bump, generation


@pytest.fixture
def files(settings, tmp_path):
    settings.GENERATIONS_DIR = tmp_path / "generations"
    return settings.GENERATIONS_DIR


def test_generation_stays_until_bumped(files):
    first = generation("things")
    assert generation("things") == first
    generations._bump("things")
    assert generation("things") != first


def test_generation_is_a_file_every_process_reads(files):
    first = generation("chapter:7")
    code = (
        "import sys; from pathlib import Path; from django.conf import settings; "
        "settings.configure(GENERATIONS_DIR=Path(sys.argv[1])); "
        "from convene.core import generations; generations._bump('chapter:7')"
    )
    subprocess.run([sys.executable, "-c", code, str(files)], check=True)
    assert generation("chapter:7") != first
    assert (files / "chapter%3A7").exists()


def test_generation_survives_the_cache_being_emptied(files):
    first = generation("things")
    cache.clear()
    assert generation("things") == first


@pytest.mark.django_db(transaction=True)
def test_bump_changes_now_and_after_commit(files):
    from django.db import transaction

    before = generation("things")
    with transaction.atomic():
        bump("things")
        inside = generation("things")
    assert before != inside != generation("things")


def test_generations_in_the_cache_when_it_is_shared(settings):
    settings.GENERATIONS_DIR = None
    cache.clear()
    first = generation("things")
    generations._bump("things")
    assert generation("things") != first
    assert cache.get("generation:things") == generation("things")


def test_fresh_numbers_differ_and_fit_a_redis_integer():
    numbers = [generations._fresh() for _ in range(100)]
    assert len(set(numbers)) == 100
    assert max(numbers) < 2**63 - 1_000_000


@pytest.mark.redis
@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs Redis at REDIS_URL")
def test_generations_in_redis(settings, monkeypatch):
    from django.core.cache.backends.redis import RedisCache

    shared = RedisCache(os.environ["REDIS_URL"], {"KEY_PREFIX": f"test-{os.getpid()}"})
    monkeypatch.setattr(generations, "cache", shared)
    settings.GENERATIONS_DIR = None
    shared.delete("generation:things")
    first = generation("things")
    generations._bump("things")
    assert generation("things") == first + 1
    shared.delete("generation:things")
    generations._bump("things")  # forgotten: a fresh number, which Redis can increment
    generations._bump("things")
    assert generation("things") > first
