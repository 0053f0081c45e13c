"""Profiles pages of the bench database (after `make bench` has filled var/bench/):
`python bench/profile_pages.py URL [URL ...]` prints, per URL, where the CPU goes
(cProfile over BENCH_PROFILE_ROUNDS requests, default 20: the top functions by own time
and by cumulative time) and the queries of one request."""

import cProfile
import os
import pstats
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import bench.run  # noqa: F401  (the bench's environment: settings, var/bench/)

ROUNDS = int(os.environ.get("BENCH_PROFILE_ROUNDS", "20"))


def profile(client, url: str) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        status = client.get(url).status_code
    print(f"\n=== {url}: {status}, {len(queries.captured_queries)} queries", flush=True)
    for query in queries.captured_queries:
        print(f"  {query['time']}s {query['sql'][:300]}")
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(ROUNDS):
        client.get(url)
    profiler.disable()
    stats = pstats.Stats(profiler, stream=sys.stdout)
    stats.sort_stats("tottime").print_stats(18)
    stats.sort_stats("cumulative").print_stats(40)


def main() -> None:
    import django

    django.setup()
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1")
    for url in sys.argv[1:]:
        profile(client, url)


if __name__ == "__main__":
    main()
