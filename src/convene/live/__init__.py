"""Pushing changes to open pages (server-sent events); imports no other Convene app."""
