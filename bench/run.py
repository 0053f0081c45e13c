"""`make bench`: performance figures, one per line, as `bench <name>: <value> <unit>`.

Builds its own database (a SQLite file under var/bench/, or the PostgreSQL named by
DATABASE_URL, in a separate `<name>_bench` database), fills it with each app's data
generator, then measures server time for the pages (through Django's WSGI handler, no
network), query counts, and the live stream (bench/live_bench.py, real server processes
on 127.0.0.1). Nothing here asserts: the figures are printed for people to read.
"""

import gzip
import importlib
import os
import re
import statistics
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("PYTHONTZPATH", "")
# The site's settings plus the bench's urlconf, which mounts the bare reference.
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
os.environ.setdefault("INSECURE_HTTP", "true")
os.environ.setdefault("CONVENE_VAR_DIR", str(ROOT / "var" / "bench"))

ROUNDS = int(os.environ.get("BENCH_ROUNDS", "60"))
# BENCH_SCALE multiplies the data (10: 200,000 events, 20,000 organisations, a board of
# 10,000 questions). The pages are also run at 10x in a second run (its own database, a
# few minutes), printed as page.<name>_10x (the ratio of median CPU times;
# BENCH_ROUNDS_10X rounds a page, 15); BENCH_10X=0 leaves that run out.
SCALE = float(os.environ.get("BENCH_SCALE", "1"))
# BENCH_ONLY=events_list,event_detail measures only the pages named (and the bare
# reference); BENCH_LIVE=0 leaves out the live part.
ONLY = {name for name in os.environ.get("BENCH_ONLY", "").split(",") if name}
SIZES = {
    "bench.directory_data": {"organisations": 2000, "hubs": 300, "communities": 5000},
    "bench.events_data": {"events": 20000},
    "bench.qa_data": {"questions": 1000, "votes": 20000, "voters": 400},
}


def emit(name: str, value: float | int, unit: str = "") -> None:
    shown = f"{value:.1f}" if isinstance(value, float) else str(value)
    print(f"bench {name}: {shown} {unit}".rstrip(), flush=True)


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(pct / 100 * (len(ordered) - 1))))
    return ordered[index]


def measure_page(
    name: str, client, url: str, *, rounds: int = ROUNDS, report: bool = True
) -> float | None:
    """Median and 95th percentile server time of GET url, its median CPU time, and its
    query count (printed unless `report` is false); returns the median CPU time (ms), None
    when the page did not answer 200.
    CPU time, not elapsed time, is what the ratios use: on a shared machine elapsed time
    counts the other processes' turns too."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    say = emit if report else lambda *args: None

    response = client.get(url)
    if response.status_code != 200:
        say(f"page.{name}_status", response.status_code)
        return None
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    # Read now: the log is cleared at the start of every later request.
    query_count = len(queries.captured_queries)
    timings, cpu = [], []
    for _ in range(rounds):
        start, start_cpu = time.perf_counter(), time.process_time()
        client.get(url)
        timings.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    say(f"page.{name}_p50", statistics.median(timings), "ms")
    say(f"page.{name}_p95", percentile(timings, 95), "ms")
    say(f"page.{name}_cpu_p50", statistics.median(cpu), "ms")
    say(f"page.{name}_queries", query_count)
    say(f"page.{name}_kb", transferred_kb(client, url), "KB")
    say(f"page.{name}_html_kb", len(response.content) / 1024, "KB")
    return statistics.median(cpu)


ASSET = re.compile(rb'<(?:link rel="stylesheet" href|script src)="(/static/[^"]+)"')


def transferred_kb(client, url: str) -> float:
    """What a browser downloads on a first visit: the page and its CSS and JS, compressed."""
    page = client.get(url, HTTP_ACCEPT_ENCODING="gzip")
    total = len(page.content)
    html = gzip.decompress(page.content) if page.get("Content-Encoding") == "gzip" else page.content
    for asset in dict.fromkeys(ASSET.findall(html)):
        response = client.get(asset.decode(), HTTP_ACCEPT_ENCODING="gzip")
        body = b"".join(response.streaming_content) if response.streaming else response.content
        total += len(body)
    return total / 1024


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


SUITES = [
    ("bench.directory_data", "bench.directory_pages"),
    ("bench.events_data", "bench.events_pages"),
    ("bench.qa_data", "bench.qa_pages"),
    ("bench.notes_data", None),
    ("bench.consultations_data", "bench.consultations_pages"),
    ("bench.consultations_text", None),
    ("bench.programmes_data", "bench.programmes_pages"),
]
BARE_URL = "/_bench/bare/"


# The pages measured (name, url) and the board's event, for the second, busy pass.
MEASURED: list[tuple[str, str]] = []
BOARD: dict[str, int] = {}


def measure_suites(client) -> dict[str, float]:
    """Fills the database, then times every page between two runs of the bare reference;
    returns each page's median (ms) by name (`bare_before`, `bare_after` included)."""
    generated = []
    for data_module, pages_module in SUITES:
        data = optional(data_module)
        if data is not None:
            sizes = {key: round(n * SCALE) for key, n in SIZES.get(data_module, {}).items()}
            label = data_module.split(".")[-1]
            generated.append((data, timed(label, partial(data.generate, **sizes)), pages_module))
    medians: dict[str, float] = {}

    def measure(name: str, url: str) -> None:
        if ONLY and name not in ONLY and not name.startswith("bare_"):
            return
        if (median := measure_page(name, client, url)) is not None:
            medians[name] = median
            MEASURED.append((name, url))

    measure("bare_before", BARE_URL)
    for data, context, pages_module in generated:
        pages = optional(pages_module) if pages_module else None
        if pages is not None:
            for name, url in pages.urls(context):
                measure(name, url)
        if hasattr(data, "measure"):
            data.measure(context, emit=emit)
        if data.__name__ == "bench.qa_data":
            BOARD["event_id"] = context["event_id"]
    measure("bare_after", BARE_URL)
    return medians


def main() -> None:
    engine = prepare_database()
    emit("machine.cores", os.cpu_count() or 1)
    print(f"bench database: {engine}", flush=True)

    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1")
    medians = measure_suites(client)
    bare = [medians.pop(name) for name in ("bare_before", "bare_after") if name in medians]
    if bare:
        # A page's rate as a share of the bare reference's (rate = 1 / median CPU time),
        # both measured in this run.
        reference = statistics.mean(bare)
        emit("page.bare_cpu_p50", reference, "ms")
        for name, median in medians.items():
            emit(f"page.{name}_vs_bare", round(100 * reference / median), "%")

    if bare and os.environ.get("BENCH_BUSY", "1") != "0" and "event_id" in BOARD:
        measure_busy(client, reference)

    if os.environ.get("BENCH_10X", "1") != "0":
        measure_at_10x(medians)

    live = optional("bench.live_bench")
    if live is not None and os.environ.get("BENCH_LIVE", "1") != "0":
        measure_live(live, bench_database_url())


def measure_busy(client, quiet_reference: float) -> None:
    """The same pages again while 20 votes and 2 questions a second arrive on the bench's
    board (bench/writes.py, another process, through qa's services): each page's rate as a
    share of the quiet bare reference's, `page.<name>_vs_bare_busy` (what the writes cost a
    reader: shared rows, the board rebuilt at each new version, the other core taken)."""
    import subprocess

    env = dict(os.environ)
    if database := bench_database_url():  # on PostgreSQL, the bench's own database
        env["DATABASE_URL"] = database
    writer = subprocess.Popen(
        [sys.executable, str(ROOT / "bench" / "writes.py"), str(BOARD["event_id"]), "900"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env,
    )  # fmt: skip
    assert writer.stdout is not None
    assert writer.stdin is not None
    if writer.stdout.readline().strip() != "writes ready":
        writer.kill()
        print("bench: the writer did not start, no busy figures", flush=True)
        return
    busy: dict[str, float] = {}
    try:
        for name, url in [("bare_busy", BARE_URL), *MEASURED]:
            if name.startswith("bare_") and name != "bare_busy":
                continue
            median = measure_page(name, client, url, report=False)
            if median is not None:
                busy[name] = median
    finally:
        writer.stdin.close()  # the writer stops and prints what it wrote
        done = writer.stdout.read().strip()
        writer.wait(timeout=60)
    print(f"bench busy: {done}", flush=True)
    for name, median in busy.items():
        if name == "bare_busy":
            emit("page.bare_busy_cpu_p50", median, "ms")
        else:
            emit(f"page.{name}_cpu_p50_busy", median, "ms")
            emit(f"page.{name}_vs_bare_busy", round(100 * quiet_reference / median), "%")


def measure_at_10x(medians: dict[str, float]) -> None:
    """The pages again on 10x the data (a second run, its own database), as ratios."""
    import subprocess

    from django.db import connections

    connections.close_all()  # on PostgreSQL the second run recreates the same database
    env = {
        **os.environ,
        "BENCH_SCALE": str(SCALE * 10),
        "BENCH_10X": "0",
        "BENCH_LIVE": "0",
        "BENCH_ROUNDS": os.environ.get("BENCH_ROUNDS_10X", "15"),
        "CONVENE_VAR_DIR": str(ROOT / "var" / "bench-10x"),
    }
    done = subprocess.run(
        [sys.executable, __file__], env=env, capture_output=True, text=True, check=True
    )
    line = re.compile(r"^bench page\.(\w+)_(cpu_p50|queries): ([0-9.]+)")
    for name, figure, value in (m.groups() for m in map(line.match, done.stdout.splitlines()) if m):
        if figure == "queries":  # to compare with page.<name>_queries: flat, or not
            emit(f"page.{name}_queries_10x", int(value))
        elif name in medians:
            emit(f"page.{name}_10x", float(value) / medians[name], "x")


def steps(variable: str, default: str) -> list[int]:
    return sorted(int(step) for step in os.environ.get(variable, default).split(","))


def measure_live(live, database_url: str | None) -> None:
    """The largest viewer count held within the target, by one process and by two (the
    database broker between them), then two processes on Redis when REDIS_URL is set."""
    runs = [
        (1, None, "live", steps("BENCH_LIVE_STEPS", "1000,2000,3000,4000,5000,6000")),
        (2, None, "live.2proc", steps("BENCH_LIVE_STEPS_2PROC", "2000,4000,5000,6000,8000,10000")),
    ]
    if os.environ.get("REDIS_URL"):
        runs.append((2, os.environ["REDIS_URL"], "live.redis2", [2000]))
    for processes, redis_url, prefix, counts in runs:
        figures = live.held(
            steps=counts, processes=processes, redis_url=redis_url, database_url=database_url
        )
        held = figures.pop("live.viewers_held")
        emit("live.viewers_held" + prefix.removeprefix("live").replace(".", "_"), int(held))
        for raw_name, value in figures.items():
            name = raw_name.replace("live.", prefix + ".", 1)
            unit = "ms" if "update" in name or "page" in name else ("KB" if "kb" in name else "")
            emit(name, value, unit)


def bench_database_url() -> str | None:
    """The bench's PostgreSQL database as a URL for the live servers (None on SQLite: they
    use the bench's var directory)."""
    from django.conf import settings

    db = settings.DATABASES["default"]
    if not db["ENGINE"].endswith("postgresql"):
        return None
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    return f"postgres://{db['USER']}{password}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"


if __name__ == "__main__":
    main()
