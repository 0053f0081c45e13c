"""Convene: where a global volunteer movement organises its hubs and holds its conversations."""

import os

# Zone data comes from the pinned `tzdata` package on every machine, never from the
# system's /usr/share/zoneinfo, so that every machine computes the same offsets.
os.environ.setdefault("PYTHONTZPATH", "")
