"""`make bench`: performance figures, one per line, as `bench <name>: <value> <unit>`.

Builds its own database (a SQLite file under var/bench/, or the PostgreSQL named by
DATABASE_URL, in a separate `<name>_bench` database), fills it with each app's data
generator, then measures server time for the pages (through Django's WSGI handler, no
network), query counts, and the live stream (bench/live_bench.py, real server processes
on 127.0.0.1). Nothing here asserts: the figures are printed for people to read.
"""

import importlib
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("PYTHONTZPATH", "")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "convene.settings")
os.environ.setdefault("INSECURE_HTTP", "true")
os.environ.setdefault("CONVENE_VAR_DIR", str(ROOT / "var" / "bench"))

ROUNDS = int(os.environ.get("BENCH_ROUNDS", "60"))


def emit(name: str, value: float | int, unit: str = "") -> None:
    shown = f"{value:.1f}" if isinstance(value, float) else str(value)
    print(f"bench {name}: {shown} {unit}".rstrip(), flush=True)


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(pct / 100 * (len(ordered) - 1))))
    return ordered[index]


def measure_page(name: str, client, url: str, *, rounds: int = ROUNDS) -> None:
    """Median and 95th percentile server time of GET url, and its query count."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    response = client.get(url)
    if response.status_code != 200:
        emit(f"page.{name}_status", response.status_code)
        return
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    # Read now: the log is cleared at the start of every later request.
    query_count = len(queries.captured_queries)
    timings = []
    for _ in range(rounds):
        start = time.perf_counter()
        client.get(url)
        timings.append((time.perf_counter() - start) * 1000)
    emit(f"page.{name}_p50", statistics.median(timings), "ms")
    emit(f"page.{name}_p95", percentile(timings, 95), "ms")
    emit(f"page.{name}_queries", query_count)
    emit(f"page.{name}_kb", len(response.content) / 1024, "KB")


def prepare_database() -> str:
    import django
    from django.conf import settings

    db = settings.DATABASES["default"]
    if db["ENGINE"].endswith("postgresql"):
        # Work in a separate database so the bench never touches real data.
        import psycopg

        bench_name = f"{db['NAME']}_bench"
        with psycopg.connect(
            host=db["HOST"], port=db["PORT"] or 5432, user=db["USER"], password=db["PASSWORD"],
            dbname="postgres", autocommit=True,
        ) as conn:  # fmt: skip
            conn.execute(f'DROP DATABASE IF EXISTS "{bench_name}"')
            conn.execute(f'CREATE DATABASE "{bench_name}"')
        db["NAME"] = bench_name
    else:
        path = Path(db["NAME"])
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    return "postgresql" if db["ENGINE"].endswith("postgresql") else "sqlite"


def timed(label: str, action: Callable[[], object]) -> object:
    start = time.perf_counter()
    result = action()
    emit(f"setup.{label}", (time.perf_counter() - start), "s")
    return result


def optional(module: str):
    try:
        return importlib.import_module(module)
    except ModuleNotFoundError as exc:
        if exc.name != module:
            raise
        print(f"bench: {module} not present, its figures are skipped", flush=True)
        return None


def main() -> None:
    engine = prepare_database()
    emit("machine.cores", os.cpu_count() or 1)
    print(f"bench database: {engine}", flush=True)

    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1")
    suites = [
        ("bench.directory_data", "bench.directory_pages"),
        ("bench.events_data", "bench.events_pages"),
        ("bench.qa_data", "bench.qa_pages"),
        ("bench.notes_data", None),
        ("bench.consultations_data", "bench.consultations_pages"),
    ]
    for data_module, pages_module in suites:
        data = optional(data_module)
        if data is None:
            continue
        context = timed(data_module.split(".")[-1], data.generate)
        pages = optional(pages_module) if pages_module else None
        if pages is not None:
            for name, url in pages.urls(context):
                measure_page(name, client, url)
        if hasattr(data, "measure"):
            data.measure(context, emit=emit)

    live = optional("bench.live_bench")
    if live is not None and os.environ.get("BENCH_LIVE", "1") != "0":
        runs = [{"processes": 1, "redis_url": None, "prefix": "live"}]
        if os.environ.get("REDIS_URL"):
            runs.append(
                {"processes": 2, "redis_url": os.environ["REDIS_URL"], "prefix": "live.redis2"}
            )
        for spec in runs:
            figures = live.run(processes=spec["processes"], redis_url=spec["redis_url"])
            for raw_name, value in figures.items():
                name = raw_name.replace("live.", spec["prefix"] + ".", 1)
                unit = "ms" if "update" in name else ("KB" if "kb" in name else "")
                emit(name, value, unit)


if __name__ == "__main__":
    main()
