"""Events, series of editions, registration, call-link release, reminders, calendars."""
