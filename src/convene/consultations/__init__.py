"""Consultations: charters, chapters, versions, anchored feedback and what became of it."""
