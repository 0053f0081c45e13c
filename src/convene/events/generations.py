"""The events' cache generations (`core.generations`) that other apps bump.

`RECORDS_GENERATION`: which past sessions have a record to read (answered questions,
imported notes), shown on the front page. The apps above (qa, notes) write those records,
so they bump it; events reads it (`listing.recent_with_notes_ids`).
"""

RECORDS_GENERATION = "events.records"
